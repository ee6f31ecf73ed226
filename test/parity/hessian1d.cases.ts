// Parity of hessian1d: the dense exact Hessian within 1e-11 norm-wise, on the exact 1-D edge
// cases (helpers/exact1d.ts).
import type { ParityCase } from '../helpers/parity.js';
import { hessian, makeInstance, PARITY_SETTINGS } from '../helpers/exact1d.js';

export const cases: ParityCase[] = PARITY_SETTINGS.map(([seed, o]): ParityCase => {
  const inst = makeInstance(seed, o);
  return { kernel: 'hessian1d', label: inst.label, tol: { default: 1e-11 }, run: (be) => ({ H: hessian(be, inst) }) };
});
