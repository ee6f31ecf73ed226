// One Euler–Maruyama step of the backward (generative) OU SDE (SPEC §2 fig3/fig4). Forward:
// dX = -X dt + √2 dW; its time reversal, run from T down to delta in steps h, is
//   Y ← Y + h (Y + 2 s(t_k, Y)) + √(2h) ξ_k,   ξ_k ~ N(0, I_d) per row,
// with s the score at time t_k. The score rows come in `score` (N × d) times `scoreScale`:
// -1/sigma(t_k) for the network's r_theta (s = -r_theta/sigma), 1 for s*. Arithmetic per
// coordinate, in this order: y + h·(y + (2·scoreScale)·s) + √(2h)·ξ (no FMA), so the twin
// src/backend/ts/reverseSdeStep.ts is bit-identical; the local error of EM is O(h²) per step,
// O(h) weak error overall (the test checks it against the exact Gaussian moments).
// Noise: N·d normals drawn row-major from `rng` (the shared xoshiro256** stream).
// If U != 0 it receives the next network input, rows (nextT, Y_new) of width d + 1.
// Preconditions (callers validate): N, d >= 1, h > 0; Y, score, U do not overlap.

import { nextNormal, rngLoad, rngStore } from './rng';

/** Y (N × d) ← Y + h (Y + 2·scoreScale·score) + √(2h) ξ; U (N × (d+1)) ← (nextT, Y) rows if U != 0. */
export function reverseSdeStep(Y: usize, N: i32, d: i32, h: f64, score: usize, scoreScale: f64,
  rng: usize, nextT: f64, U: usize): void {
  const c2 = 2.0 * scoreScale;
  const sq = Math.sqrt(2.0 * h);
  const hv = f64x2.splat(h), c2v = f64x2.splat(c2), sqv = f64x2.splat(sq);
  const rowBytes = <usize>d << 3;
  rngLoad(rng);
  for (let j = 0; j < N; j++) {
    const yr = Y + <usize>j * rowBytes;
    const sr = score + <usize>j * rowBytes;
    let c = 0;
    for (; c + 1 < d; c += 2) {
      const off = <usize>c << 3;
      const xi0 = nextNormal();
      const xi1 = nextNormal();
      const xi = f64x2.replace_lane(f64x2.splat(xi0), 1, xi1);
      const y = v128.load(yr + off);
      const drift = f64x2.mul(hv, f64x2.add(y, f64x2.mul(c2v, v128.load(sr + off))));
      v128.store(yr + off, f64x2.add(f64x2.add(y, drift), f64x2.mul(sqv, xi)));
    }
    if (c < d) {
      const off = <usize>c << 3;
      const y = load<f64>(yr + off);
      store<f64>(yr + off, (y + h * (y + c2 * load<f64>(sr + off))) + sq * nextNormal());
    }
    if (U != 0) {
      const ur = U + <usize>j * (rowBytes + 8);
      store<f64>(ur, nextT);
      memory.copy(ur + 8, yr, rowBytes);
    }
  }
  rngStore(rng);
}
