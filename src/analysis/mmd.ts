// Unbiased MMD² with the Gaussian kernel k(a, b) = exp(-||a - b||² / (2 bandwidth²)) (SPEC §2
// fig3/fig4; Gretton et al. 2012): MMD²_u = mean_{i≠j} k(x_i, x_j) + mean_{i≠j} k(y_i, y_j)
// - 2 mean_{i,j} k(x_i, y_j), kernel mmdUnbiased, O((nx + ny)² d).
// Validity rule (fig4: in high d with bandwidth 1, distinct points give exp(-huge) = 0): the
// estimate is `valid` iff max(kxx, kyy, kxy) >= UNDERFLOW_FLOOR = 1e-290 (and all are finite).
// Why this floor: the Wasm exp flushes every kernel value below 3.31e-308 to 0 (Math.exp keeps
// subnormals), which moves each mean by at most 3.31e-308; with the largest mean >= 1e-290 that
// is a relative change < 4e-18 of the scale MMD² is judged against. Below it, all three means
// carry no information (mmd2 ≈ 0 whatever the distributions): report it as invalid.
import type { Backend, F64 } from '../backend/contract.js';
import { InputError } from '../model/errors.js';
import { integer, positive } from '../model/validate.js';

export const UNDERFLOW_FLOOR = 1e-290;

export interface MmdEstimate {
  /** Unbiased MMD² (can be negative). */
  mmd2: number;
  /** mean_{i≠j} k(x_i, x_j). */
  kxx: number;
  /** mean_{i≠j} k(y_i, y_j). */
  kyy: number;
  /** mean_{i,j} k(x_i, y_j). */
  kxy: number;
  /** false when every mean underflowed (max(kxx, kyy, kxy) < UNDERFLOW_FLOOR) or one is not finite. */
  valid: boolean;
}

/** Unbiased MMD² between X (nx × d) and Y (ny × d), both resident in `be`; nx, ny >= 2. */
export function mmd(be: Backend, X: F64, nx: number, Y: F64, ny: number, d: number, bandwidth = 1): MmdEstimate {
  integer('nx', nx, 2);
  integer('ny', ny, 2);
  integer('d', d, 1);
  positive('bandwidth', bandwidth);
  if (X.length < nx * d) throw new InputError('X', `a buffer of at least nx·d = ${nx * d} values`, `${X.length}`);
  if (Y.length < ny * d) throw new InputError('Y', `a buffer of at least ny·d = ${ny * d} values`, `${Y.length}`);
  const out = be.f64(4);
  try {
    be.mmdUnbiased(X, nx, Y, ny, d, bandwidth, out);
    const [mmd2, kxx, kyy, kxy] = out.view();
    const finite = [mmd2, kxx, kyy, kxy].every(Number.isFinite);
    return { mmd2, kxx, kyy, kxy, valid: finite && Math.max(kxx, kyy, kxy) >= UNDERFLOW_FLOOR };
  } finally {
    out.free();
  }
}
