// Pure-TypeScript twin of assembly/kernels/gaussianFitSample.ts: rows from the Gaussian N(x̄, Ĉ)
// fitted to data x (n × d), Ĉ the unbiased sample covariance, without a factorisation:
//   X = x̄ + (1/√(n-1)) Σ_i (x_i - x̄) g_i = Σ_i a_i x_i,  a_i = 1/n + (g_i - ḡ)/√(n-1),
// g ~ N(0, I_n); exact for any n >= 2, d (for n <= d the law is degenerate, supported on the
// data's affine hull: bigstep's stated rule for SPEC §2 fig4). The n normals of a row are
// drawn once for ḡ, the stream rewound, and drawn again (as in Wasm): bit-identical.

import { Xoshiro } from './rng.js';

/** out (N × d) ← N rows drawn from N(x̄, Ĉ) of data x (n × d). */
export function gaussianFitSample(x: Float64Array, n: number, d: number, N: number, rng: Float64Array,
  out: Float64Array): void {
  const invN = 1.0 / n;
  const c = 1.0 / Math.sqrt(n - 1);
  let g = new Xoshiro(rng);
  for (let j = 0; j < N; j++) {
    g.store(rng); // checkpoint
    let gs = 0.0;
    for (let i = 0; i < n; i++) gs += g.normal();
    const gBar = gs / n;
    g = new Xoshiro(rng); // rewind
    const row = j * d;
    out.fill(0, row, row + d);
    for (let i = 0; i < n; i++) {
      const a = invN + (g.normal() - gBar) * c;
      const xi = i * d;
      for (let k = 0; k < d; k++) out[row + k] += a * x[xi + k];
    }
  }
  g.store(rng);
}
