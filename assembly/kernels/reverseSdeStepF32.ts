// reverseSdeStep.ts in f32 (issue 14): one Euler–Maruyama step of the backward OU SDE on f32
// rows, Y ← (y ⊕ h ⊗ (y ⊕ c2 ⊗ s)) ⊕ q ⊗ ξ per coordinate, with h, c2 = fl32(2·scoreScale) and
// q = fl32(√(2h)) rounded once and ξ = fl32(N) the f64 normals of the stream rounded (the same
// draws as reverseSdeStep). f32x4 over four coordinates of a row, scalar for the rest.
// Twin: src/backend/ts/reverseSdeStepF32.ts (bit-identical). Weak error O(h) as in f64; the f32
// rounding adds about u32·|y| per step, far below the O(h) discretisation error at h = 0.01.
import { nextNormal, rngLoad, rngStore } from './rng';

/** Y (N × d, f32) ← one EM step; U (N × (d+1)) ← (nextT, Y) rows if U != 0. */
export function reverseSdeStepF32(Y: usize, N: i32, d: i32, h: f64, score: usize, scoreScale: f64,
  rng: usize, nextT: f64, U: usize): void {
  const h32 = <f32>h, c2 = <f32>(2.0 * scoreScale), sq = <f32>Math.sqrt(2.0 * h);
  const hv = f32x4.splat(h32), c2v = f32x4.splat(c2), sqv = f32x4.splat(sq);
  const rowBytes = <usize>d << 2;
  rngLoad(rng);
  for (let j = 0; j < N; j++) {
    const yr = Y + <usize>j * rowBytes;
    const sr = score + <usize>j * rowBytes;
    let c = 0;
    for (; c + 3 < d; c += 4) {
      const off = <usize>c << 2;
      const x0 = <f32>nextNormal(), x1 = <f32>nextNormal(), x2 = <f32>nextNormal(), x3 = <f32>nextNormal();
      const xi = f32x4(x0, x1, x2, x3);
      const y = v128.load(yr + off);
      const drift = f32x4.mul(hv, f32x4.add(y, f32x4.mul(c2v, v128.load(sr + off))));
      v128.store(yr + off, f32x4.add(f32x4.add(y, drift), f32x4.mul(sqv, xi)));
    }
    for (; c < d; c++) {
      const off = <usize>c << 2;
      const y = load<f32>(yr + off);
      store<f32>(yr + off, (y + h32 * (y + c2 * load<f32>(sr + off))) + sq * <f32>nextNormal());
    }
    if (U != 0) {
      const ur = U + <usize>j * (rowBytes + 4);
      store<f32>(ur, <f32>nextT);
      memory.copy(ur + 4, yr, rowBytes);
    }
  }
  rngStore(rng);
}
