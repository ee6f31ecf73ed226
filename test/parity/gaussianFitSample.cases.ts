import { RNG_STATE_LENGTH } from '../../src/backend/index.js';
import type { Backend } from '../../src/backend/index.js';
import type { Outputs, ParityCase } from '../helpers/parity.js';
import { seededNormals, snapshot } from '../helpers/parity.js';

// gaussianFitSample: coordinates are independent f64x2 lanes doing the twin's scalar
// operations, and both rewind the same stream: bit-identical (tol 0), state included.
function run(be: Backend, n: number, d: number, N: number): Outputs {
  const x = be.f64From(seededNormals(31, n * d, 2)), out = be.f64(N * d), rng = be.f64(RNG_STATE_LENGTH);
  be.rngSeed(rng, 32);
  be.gaussianFitSample(x, n, d, N, rng, out);
  const res: Outputs = { samples: snapshot(out), rng: snapshot(rng) };
  for (const b of [x, out, rng]) b.free();
  return res;
}

export const cases: ParityCase[] = [
  { kernel: 'gaussianFitSample', label: 'n 10, d 2, N 1000', tol: { default: 0 }, run: (be) => run(be, 10, 2, 1000) },
  { kernel: 'gaussianFitSample', label: 'n 3 (odd normals per row), d 5 (odd tail, n <= d), N 11', tol: { default: 0 },
    run: (be) => run(be, 3, 5, 11) },
  { kernel: 'gaussianFitSample', label: 'n 2 (smallest), d 1, N 4', tol: { default: 0 }, run: (be) => run(be, 2, 1, 4) },
];
