// Parity of hessianVector1d: two products in a row (fresh, then from the cached moments)
// within 1e-11 norm-wise, on the exact 1-D edge cases (helpers/exact1d.ts).
import type { ParityCase } from '../helpers/parity.js';
import { seededNormals } from '../helpers/parity.js';
import { hessianVectors, makeInstance, PARITY_SETTINGS } from '../helpers/exact1d.js';

export const cases: ParityCase[] = PARITY_SETTINGS.map(([seed, o]): ParityCase => {
  const inst = makeInstance(seed, o);
  return {
    kernel: 'hessianVector1d', label: `${inst.label}, fresh then cached`, tol: { default: 1e-11 },
    run: (be) => {
      const P = 3 * inst.m;
      const [first, second] = hessianVectors(be, inst, [seededNormals(seed + 5, P), seededNormals(seed + 6, P)]);
      return { first, second };
    },
  };
});
