// Unbiased MMD² between samples X (nx × d) and Y (ny × d) with the Gaussian kernel
// k(a, b) = exp(-||a - b||² / (2 bandwidth²)) (SPEC §2 fig3/fig4; Gretton et al. 2012, eq. 3):
//   out[1] = kxx = (1/(nx(nx-1))) Σ_{i≠j} k(x_i, x_j) = 2 Σ_{i<j} k / (nx(nx-1)),
//   out[2] = kyy likewise, out[3] = kxy = (1/(nx ny)) Σ_{i,j} k(x_i, y_j),
//   out[0] = MMD²_u = (kxx + kyy) - (kxy + kxy)  (unbiased; can be negative).
// The caller judges underflow from out[1..3] (src/analysis/mmd.ts): in high d, distinct points
// give exp(-huge) = 0. O((nx + ny)² d): distances f64x2 over coordinates (even coordinates in
// lane 0, odd in lane 1, lanes added, odd tail last: the split sStarNd uses), kernels two
// pairs at a time through vexp (<= 2 ulp; flushes e^x to 0 for x < -708, i.e. k < 3.31e-308,
// which moves a mean by at most that much). Sums: pairs alternate between two lanes, the
// leftover pair of a row goes to lane 0, total = lane 0 + lane 1. The twin
// src/backend/ts/mmdUnbiased.ts does the same with Math.exp: agreement to a few ulps of the means
// (the sums have nx² terms of the same sign: relative error ≲ nx²·eps worst case, √ typical).
// Preconditions (validated above): nx, ny >= 2, d >= 1, bandwidth > 0.

import { vexp } from '../math/vexp';

/** out[0..4) ← (MMD²_u, kxx, kyy, kxy). */
export function mmdUnbiased(X: usize, nx: i32, Y: usize, ny: i32, d: i32, bandwidth: f64, out: usize): void {
  const negC = -0.5 / (bandwidth * bandwidth);
  const sxx = kernelSum(X, nx, X, nx, d, negC, true);
  const syy = kernelSum(Y, ny, Y, ny, d, negC, true);
  const sxy = kernelSum(X, nx, Y, ny, d, negC, false);
  const kxx = (sxx + sxx) / (<f64>nx * <f64>(nx - 1));
  const kyy = (syy + syy) / (<f64>ny * <f64>(ny - 1));
  const kxy = sxy / (<f64>nx * <f64>ny);
  store<f64>(out, (kxx + kyy) - (kxy + kxy));
  store<f64>(out, kxx, 8);
  store<f64>(out, kyy, 16);
  store<f64>(out, kxy, 24);
}

/** Σ k(a_i, b_j) over j > i when `upper` (A = B), else over all (i, j). */
function kernelSum(A: usize, na: i32, B: usize, nb: i32, d: i32, negC: f64, upper: bool): f64 {
  const rowBytes = <usize>d << 3;
  const negCv = f64x2.splat(negC);
  let acc = f64x2.splat(0.0);
  for (let i = 0; i < na; i++) {
    const ar = A + <usize>i * rowBytes;
    let j = upper ? i + 1 : 0;
    for (; j + 1 < nb; j += 2) {
      const q0 = dist2(ar, B + <usize>j * rowBytes, d);
      const q1 = dist2(ar, B + <usize>(j + 1) * rowBytes, d);
      acc = f64x2.add(acc, vexp(f64x2.mul(f64x2.replace_lane(f64x2.splat(q0), 1, q1), negCv)));
    }
    if (j < nb) {
      const q = dist2(ar, B + <usize>j * rowBytes, d);
      const k = f64x2.extract_lane(vexp(f64x2.splat(q * negC)), 0);
      acc = f64x2.replace_lane(acc, 0, f64x2.extract_lane(acc, 0) + k);
    }
  }
  return f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
}

/** ||a - b||²: even coordinates in lane 0, odd in lane 1, lane 0 + lane 1, odd tail last. */
// @ts-ignore: decorator
@inline function dist2(ar: usize, br: usize, d: i32): f64 {
  let acc = f64x2.splat(0.0);
  let c = 0;
  for (; c + 1 < d; c += 2) {
    const off = <usize>c << 3;
    const dd = f64x2.sub(v128.load(ar + off), v128.load(br + off));
    acc = f64x2.add(acc, f64x2.mul(dd, dd));
  }
  let h = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
  if (c < d) {
    const off = <usize>c << 3;
    const dd = load<f64>(ar + off) - load<f64>(br + off);
    h += dd * dd;
  }
  return h;
}
