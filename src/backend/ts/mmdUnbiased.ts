// Pure-TypeScript twin of assembly/kernels/mmdUnbiased.ts: unbiased MMD² with the Gaussian kernel
// k(a, b) = exp(-||a - b||² / (2 bandwidth²)),
//   out = [(kxx + kyy) - (kxy + kxy), kxx, kyy, kxy],
// kxx = mean over i ≠ j of k(x_i, x_j) (= 2 Σ_{i<j} / (nx(nx-1))), kyy likewise, kxy the mean over
// all (i, j). Same operations in the same order as Wasm (distance split into even / odd
// coordinates, pairs alternating between two partial sums, a row's leftover pair in the first)
// with Math.exp in place of vexp: agreement to a few ulps.

/** out[0..4) ← (MMD²_u, kxx, kyy, kxy). */
export function mmdUnbiased(X: Float64Array, nx: number, Y: Float64Array, ny: number, d: number,
  bandwidth: number, out: Float64Array): void {
  const negC = -0.5 / (bandwidth * bandwidth);
  const sxx = kernelSum(X, nx, X, nx, d, negC, true);
  const syy = kernelSum(Y, ny, Y, ny, d, negC, true);
  const sxy = kernelSum(X, nx, Y, ny, d, negC, false);
  const kxx = (sxx + sxx) / (nx * (nx - 1));
  const kyy = (syy + syy) / (ny * (ny - 1));
  const kxy = sxy / (nx * ny);
  out[0] = (kxx + kyy) - (kxy + kxy);
  out[1] = kxx;
  out[2] = kyy;
  out[3] = kxy;
}

/** Σ k(a_i, b_j) over j > i when `upper` (A = B), else over all (i, j). */
function kernelSum(A: Float64Array, na: number, B: Float64Array, nb: number, d: number, negC: number,
  upper: boolean): number {
  let s0 = 0.0, s1 = 0.0;
  for (let i = 0; i < na; i++) {
    const ar = i * d;
    let j = upper ? i + 1 : 0;
    for (; j + 1 < nb; j += 2) {
      s0 += Math.exp(dist2(A, ar, B, j * d, d) * negC);
      s1 += Math.exp(dist2(A, ar, B, (j + 1) * d, d) * negC);
    }
    if (j < nb) s0 += Math.exp(dist2(A, ar, B, j * d, d) * negC);
  }
  return s0 + s1;
}

/** ||a - b||², split even / odd as the Wasm lanes, odd tail last. */
function dist2(A: Float64Array, ar: number, B: Float64Array, br: number, d: number): number {
  let s0 = 0.0, s1 = 0.0;
  let c = 0;
  for (; c + 1 < d; c += 2) {
    const d0 = A[ar + c] - B[br + c];
    const d1 = A[ar + c + 1] - B[br + c + 1];
    s0 += d0 * d0;
    s1 += d1 * d1;
  }
  let h = s0 + s1;
  if (c < d) {
    const dd = A[ar + c] - B[br + c];
    h += dd * dd;
  }
  return h;
}
