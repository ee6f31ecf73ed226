// Parity of exactRisk1d: risk and gradient within 1e-12 norm-wise (the engines' exp may differ
// in the last bit, nothing else does), on the exact 1-D edge cases (helpers/exact1d.ts).
import type { ParityCase } from '../helpers/parity.js';
import { makeInstance, PARITY_SETTINGS, riskAndGrad } from '../helpers/exact1d.js';

export const cases: ParityCase[] = PARITY_SETTINGS.map(([seed, o]): ParityCase => {
  const inst = makeInstance(seed, o);
  return { kernel: 'exactRisk1d', label: inst.label, tol: { default: 1e-12 }, run: (be) => riskAndGrad(be, inst) };
});
