// Parity of the exact 1-D kernels: risk and gradient within 1e-12, Hessian and Hv within 1e-11
// (norm-wise), erfc within 1e-15 (the engines' exp may differ in the last bit, nothing else does).
import type { ParityCase } from '../helpers/parity.js';
import { seededNormals } from '../helpers/parity.js';
import { hessian, hessianVectors, makeInstance, riskAndGrad, type InstanceOptions } from '../helpers/exact1d.js';

const SETTINGS: [number, InstanceOptions][] = [
  [11, { model: 'theory', m: 1, n: 1, sigma: 0.05, nearData: 1 }],
  [12, { model: 'full', m: 1, n: 1, sigma: 0.57 }],
  [13, { model: 'theory', m: 12, n: 7, sigma: 0.57, nearData: 3 }],
  [14, { model: 'theory', m: 9, n: 10, sigma: 0.05, nearData: 4 }],
  [15, { model: 'full', m: 11, n: 6, sigma: 0.05, nearData: 3, zeroW1: true }],
  [16, { model: 'full', m: 40, n: 20, sigma: 0.57, nearData: 5, zeroW1: true }],
  [17, { model: 'full', m: 300, n: 20, sigma: 0.31 }],
];

export const cases: ParityCase[] = SETTINGS.flatMap(([seed, o]): ParityCase[] => {
  const inst = makeInstance(seed, o);
  return [
    {
      kernel: 'exactRisk1d', label: inst.label, tol: { default: 1e-12 },
      run: (be) => riskAndGrad(be, inst),
    },
    {
      kernel: 'hessian1d', label: inst.label, tol: { default: 1e-11 },
      run: (be) => ({ H: hessian(be, inst) }),
    },
    {
      kernel: 'hessianVector1d', label: `${inst.label}, fresh then cached`, tol: { default: 1e-11 },
      run: (be) => {
        const P = 3 * inst.m;
        const [first, second] = hessianVectors(be, inst, [seededNormals(seed + 5, P), seededNormals(seed + 6, P)]);
        return { first, second };
      },
    },
  ];
});

// Element-wise relative accuracy of erfc on each backend is tested in test/exact1d.test.ts.
cases.push({
  kernel: 'erfcVector', label: 'x in [-6, 27]', tol: { default: 1e-15 },
  run: (be) => {
    const count = 4001;
    const x = be.f64From(Array.from({ length: count }, (_, i) => -6 + (33 * i) / (count - 1)));
    const out = be.f64(count);
    be.erfcVector(x, count, out);
    return { erfc: out.view().slice() };
  },
});
