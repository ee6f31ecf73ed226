import { scratchLength } from '../../src/backend/contract.js';
import type { ParityCase } from '../helpers/parity.js';
import { seededNormals, snapshot } from '../helpers/parity.js';

// The twin mirrors the kernel's per-neuron operations and lane order: bit-identical.
// Odd m exercises the scalar tail neuron; biases N(0, 1) put kinks among the rows.
function shv(label: string, d: number, m: number, N: number): ParityCase {
  return {
    kernel: 'sampledHessianVector', label, tol: { default: 0 },
    run: (be) => {
      const P = m * (2 * d + 1);
      const params = be.f64From(seededNormals(61, P)), v = be.f64From(seededNormals(62, P));
      const Y = be.f64From(seededNormals(63, N * d)), R = be.f64From(seededNormals(64, N * d, 2));
      const Hv = be.f64(P), scratch = be.f64(scratchLength.sampledHessianVector(d, m));
      be.sampledHessianVector(params, d, m, Y, R, N, v, Hv, scratch);
      return { Hv: snapshot(Hv) };
    },
  };
}

export const cases: ParityCase[] = [
  shv('d = 1, m = 7, N = 1', 1, 7, 1), shv('d = 1, m = 20, N = 50', 1, 20, 50),
  shv('d = 2, m = 9, N = 1', 2, 9, 1), shv('d = 2, m = 33, N = 41 (row pairs + a last single row)', 2, 33, 41),
  shv('d = 10, m = 101, N = 1', 10, 101, 1), shv('d = 10, m = 64, N = 30', 10, 64, 30),
];
