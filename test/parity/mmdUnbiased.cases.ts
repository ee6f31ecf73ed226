import type { Backend } from '../../src/backend/index.js';
import type { Outputs, ParityCase } from '../helpers/parity.js';
import { seededNormals, snapshot } from '../helpers/parity.js';

// mmdUnbiased: the same sums in the same order, Math.exp vs vexp (<= 2 ulp apart per term), so
// the four outputs agree to 1e-12 relative to the largest of them (kxx, kyy, kxy <= 1 are
// sums of same-sign terms; MMD² is their difference, judged against that scale).
function run(be: Backend, nx: number, ny: number, d: number, shift: number, scale: number, bandwidth: number): Outputs {
  const xs = seededNormals(41, nx * d, scale), ys = seededNormals(42, ny * d, scale).map((v) => v + shift);
  const X = be.f64From(xs), Y = be.f64From(ys), out = be.f64(4);
  be.mmdUnbiased(X, nx, Y, ny, d, bandwidth, out);
  const res: Outputs = { out: snapshot(out) };
  for (const b of [X, Y, out]) b.free();
  return res;
}

export const cases: ParityCase[] = [
  { kernel: 'mmdUnbiased', label: 'd 2, 300 vs 301 (odd pair tails), shift 0.5', tol: { default: 1e-12 },
    run: (be) => run(be, 300, 301, 2, 0.5, 1, 1) },
  { kernel: 'mmdUnbiased', label: 'd 7 (odd coordinate tail), 20 vs 2, bandwidth 3', tol: { default: 1e-12 },
    run: (be) => run(be, 20, 2, 7, 0, 2, 3) },
  { kernel: 'mmdUnbiased', label: 'd 1000, bandwidth 1: every kernel value underflows to 0 on both', tol: { default: 0 },
    run: (be) => run(be, 10, 11, 1000, 0, 2, 1) },
  { kernel: 'mmdUnbiased', label: 'd 200, bandwidth 1: tiny but normal means (kyy ~ 1e-270)', tol: { default: 1e-12 },
    run: (be) => run(be, 10, 11, 200, 0, 2, 1) },
];
