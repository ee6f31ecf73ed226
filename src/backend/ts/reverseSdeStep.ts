// Pure-TypeScript twin of assembly/kernels/reverseSdeStep.ts: one Euler–Maruyama step of the
// backward OU SDE (SPEC §2 fig3/fig4),
//   Y ← Y + h (Y + 2·scoreScale·score) + √(2h) ξ,  ξ: N·d normals row-major from `rng`,
// per coordinate (y + h·(y + (2·scoreScale)·s)) + √(2h)·ξ, the Wasm order: bit-identical.
// If U is given it receives rows (nextT, Y_new) of width d + 1 (the next network input).
import { Xoshiro } from './rng.js';

/** Y (N × d) ← Y + h (Y + 2·scoreScale·score) + √(2h) ξ; U (N × (d+1)) ← (nextT, Y) rows if given. */
export function reverseSdeStep(Y: Float64Array, N: number, d: number, h: number, score: Float64Array,
  scoreScale: number, rng: Float64Array, nextT: number, U: Float64Array | null): void {
  const c2 = 2.0 * scoreScale;
  const sq = Math.sqrt(2.0 * h);
  const g = new Xoshiro(rng);
  for (let j = 0; j < N; j++) {
    const r = j * d;
    for (let c = 0; c < d; c++) {
      const y = Y[r + c];
      Y[r + c] = (y + h * (y + c2 * score[r + c])) + sq * g.normal();
    }
    if (U !== null) {
      const u = j * (d + 1);
      U[u] = nextT;
      for (let c = 0; c < d; c++) U[u + 1 + c] = Y[r + c];
    }
  }
  g.store(rng);
}
