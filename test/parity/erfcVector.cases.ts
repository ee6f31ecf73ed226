// Parity of erfcVector within 1e-15 norm-wise (the engines' exp may differ in the last bit).
// Element-wise relative accuracy of erfc on each backend is tested in test/exact1d.test.ts.
import type { ParityCase } from '../helpers/parity.js';

export const cases: ParityCase[] = [{
  kernel: 'erfcVector', label: 'x in [-6, 27]', tol: { default: 1e-15 },
  run: (be) => {
    const count = 4001;
    const x = be.f64From(Array.from({ length: count }, (_, i) => -6 + (33 * i) / (count - 1)));
    const out = be.f64(count);
    be.erfcVector(x, count, out);
    const erfc = out.view().slice();
    x.free(); out.free();
    return { erfc };
  },
}];
