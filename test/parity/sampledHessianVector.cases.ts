import { scratchLength } from '../../src/backend/contract.js';
import type { ParityCase } from '../helpers/parity.js';
import { seededNormals, snapshot } from '../helpers/parity.js';

// The twin mirrors the kernel's per-neuron operations and lane order: bit-identical.
// Odd m exercises the scalar tail neuron; biases N(0, 1) put kinks among the rows; dIn ≠ dOut
// is the diffusion model's shape (input (t, y), output in R^d).
function shv(label: string, dIn: number, m: number, dOut: number, N: number): ParityCase {
  return {
    kernel: 'sampledHessianVector', label, tol: { default: 0 },
    run: (be) => {
      const P = m * (dIn + 1 + dOut);
      const params = be.f64From(seededNormals(61, P)), v = be.f64From(seededNormals(62, P));
      const U = be.f64From(seededNormals(63, N * dIn)), T = be.f64From(seededNormals(64, N * dOut, 2));
      const Hv = be.f64(P), scratch = be.f64(scratchLength.sampledHessianVector(dIn, m, dOut));
      be.sampledHessianVector(params, dIn, m, dOut, U, T, N, v, Hv, scratch);
      return { Hv: snapshot(Hv) };
    },
  };
}

export const cases: ParityCase[] = [
  shv('d = 1, m = 7, N = 1', 1, 7, 1, 1), shv('d = 1, m = 20, N = 50', 1, 20, 1, 50),
  shv('d = 2, m = 9, N = 1', 2, 9, 2, 1), shv('d = 2, m = 33, N = 41 (row pairs + a last single row)', 2, 33, 2, 41),
  shv('d = 10, m = 101, N = 1', 10, 101, 10, 1), shv('d = 10, m = 64, N = 30', 10, 64, 10, 30),
  shv('diffusion shape dIn = 3, dOut = 2, m = 33, N = 41', 3, 33, 2, 41),
  shv('diffusion shape dIn = 11, dOut = 10, m = 17, N = 6', 11, 17, 10, 6),
  shv('dIn = 1, dOut = 3, m = 5, N = 3', 1, 5, 3, 3),
];
