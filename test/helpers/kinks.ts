// The dense kink part of the exact 1-D Hessian (src/analysis/kinks1d.ts) for the tests.
import { kinkPartDense, kinkTerms1d } from '../../src/analysis/kinks1d.js';
import type { Dataset } from '../../src/model/dataset.js';
import type { Net } from '../../src/model/net.js';

export function kinkPart1d(net: Net, data: Dataset, noise: { mu: number; sigma: number }): Float64Array {
  return kinkPartDense(kinkTerms1d(net, data, noise));
}
