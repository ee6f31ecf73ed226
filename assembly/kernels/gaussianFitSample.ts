// Draws from the Gaussian fitted to data x (n × d): N(x̄, Ĉ), Ĉ = Σ_i (x_i - x̄)(x_i - x̄)ᵀ/(n-1)
// the unbiased sample covariance (SPEC §2 fig3/fig4, comparison (b)), WITHOUT a factorisation:
//   X = x̄ + (1/√(n-1)) Σ_i (x_i - x̄) g_i,  g ~ N(0, I_n),
// whose covariance is exactly Ĉ for any n >= 2 and d. When n <= d, Ĉ is singular and the
// fitted Gaussian is degenerate, supported on the affine hull of the data — bigstep's stated
// rule for SPEC §2 fig4 (d up to 1000 with n = 10): no regularisation, no pseudo-inverse.
// Evaluation: Σ_i (x_i - x̄) g_i = Σ_i x_i (g_i - ḡ), so each row is
//   X = Σ_i a_i x_i,  a_i = 1/n + (g_i - ḡ)/√(n-1),
// which needs neither x̄ nor the g's stored: the n normals of a row are drawn once to sum ḡ,
// then the stream is rewound (rngStore / rngLoad on the caller's state) and drawn again. So
// each row consumes n normals of the stream (2n are generated) and no scratch is needed.
// Error: each coordinate is a dot product of n terms, ≲ n·eps·Σ_i |a_i x_ic| (a few ulps of
// max |x| times √n for moderate g). Coordinates are independent lanes of f64x2, and the twin
// src/backend/ts/gaussianFitSample.ts does the same operations: bit-identical.
// Preconditions (validated above): n >= 2, d >= 1, N >= 1; out (N × d) does not overlap x.

import { nextNormal, rngLoad, rngStore } from './rng';

/** out (N × d) ← N rows drawn from N(x̄, Ĉ) of data x (n × d). */
export function gaussianFitSample(x: usize, n: i32, d: i32, N: i32, rng: usize, out: usize): void {
  const invN = 1.0 / <f64>n;
  const c = 1.0 / Math.sqrt(<f64>(n - 1));
  const rowBytes = <usize>d << 3;
  rngLoad(rng);
  for (let j = 0; j < N; j++) {
    rngStore(rng); // checkpoint: the row's n normals are drawn twice
    let gs = 0.0;
    for (let i = 0; i < n; i++) gs += nextNormal();
    const gBar = gs / <f64>n;
    rngLoad(rng); // rewind
    const row = out + <usize>j * rowBytes;
    memory.fill(row, 0, rowBytes);
    for (let i = 0; i < n; i++) {
      const a = invN + (nextNormal() - gBar) * c;
      axpy(row, a, x + <usize>i * rowBytes, d);
    }
  }
  rngStore(rng);
}

/** row_c += a · xi_c, c < d. */
// @ts-ignore: decorator
@inline function axpy(row: usize, a: f64, xi: usize, d: i32): void {
  const av = f64x2.splat(a);
  let c = 0;
  for (; c + 1 < d; c += 2) {
    const off = <usize>c << 3;
    v128.store(row + off, f64x2.add(v128.load(row + off), f64x2.mul(av, v128.load(xi + off))));
  }
  if (c < d) {
    const off = <usize>c << 3;
    store<f64>(row + off, load<f64>(row + off) + a * load<f64>(xi + off));
  }
}
