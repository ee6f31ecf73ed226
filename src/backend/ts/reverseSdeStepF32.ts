// Pure-TypeScript twin of assembly/kernels/reverseSdeStepF32.ts: one Euler–Maruyama step of the
// backward OU SDE in f32, (y ⊕ h ⊗ (y ⊕ c2 ⊗ s)) ⊕ q ⊗ ξ per coordinate, ξ the stream's f64
// normals rounded to f32, in the Wasm order: bit-identical.
import { Xoshiro } from './rng.js';

const fr = Math.fround;

/** Y (N × d, f32) ← one EM step; U (N × (d+1)) ← (nextT, Y) rows if given. */
export function reverseSdeStepF32(Y: Float32Array, N: number, d: number, h: number, score: Float32Array,
  scoreScale: number, rng: Float64Array, nextT: number, U: Float32Array | null): void {
  const h32 = fr(h), c2 = fr(2.0 * scoreScale), sq = fr(Math.sqrt(2.0 * h));
  const g = new Xoshiro(rng);
  for (let j = 0; j < N; j++) {
    const r = j * d;
    for (let c = 0; c < d; c++) {
      const y = Y[r + c];
      const drift = fr(h32 * fr(y + fr(c2 * score[r + c])));
      Y[r + c] = fr(y + drift) + fr(sq * fr(g.normal()));
    }
    if (U !== null) {
      const u = j * (d + 1);
      U[u] = nextT;
      for (let c = 0; c < d; c++) U[u + 1 + c] = Y[r + c];
    }
  }
  g.store(rng);
}
