// The distances between the sample sets of one generated set (issue 15): MMD² at several
// bandwidths and the 2-Wasserstein distance, each beside its null level — the same distance
// between two independent s* sets, i.e. what two samples of the same distribution give at this N.
//
// Names (the bandwidth-1 rows keep today's names, so committed sweeps read the same):
//   mmdToSStar, mmdToGaussian, mmdSStarToGaussian, mmdSStarNull, mmdValid (of the first three),
//   mmdToSStarNormalized, mmdToGaussianNormalized      at the config's `bandwidth`;
//   the same names + BANDWIDTH_SUFFIX(h) for every other entry h of `bandwidths`, a number or
//   'median' (suffix `_hMedian`): the median heuristic, the median pairwise distance of the pooled
//   s* and fitted-Gaussian sets of this (simulation, set) — those two sets do not depend on η, so
//   every η and all three MMDs of a set share it; its value is the metric `bandwidthMedian`;
//   w2ToSStar, w2ToGaussian, w2SStarToGaussian, w2SStarNull: the exact W2 (optimal assignment,
//   src/analysis/wasserstein.ts; the sets have equal sizes).
import { medianPairwiseDistance } from '../analysis/pairwise.js';
import { mmd } from '../analysis/mmd.js';
import { w2 } from '../analysis/wasserstein.js';
import type { Backend, F64 } from '../backend/contract.js';

/** An extra MMD bandwidth: a number > 0, or the median heuristic. */
export type Bandwidth = number | 'median';

/** The metric-name suffix of bandwidth h ('' for the config's primary bandwidth). */
export const bandwidthSuffix = (h: Bandwidth): string => (h === 'median' ? '_hMedian' : `_h${h}`);

/** The sets a distance compares: learned, s*, a second independent s*, the fitted Gaussian. */
export interface SampleSets { learned: F64; sStar: F64; sStarNull: F64; gaussian: F64; N: number; d: number }

/** The MMD² block at bandwidth h, names suffixed by `suffix`. */
function mmdBlock(be: Backend, s: SampleSets, h: number, suffix: string): Record<string, number> {
  const { N, d } = s;
  const toStar = mmd(be, s.learned, N, s.sStar, N, d, h);
  const toGauss = mmd(be, s.learned, N, s.gaussian, N, d, h);
  const starGauss = mmd(be, s.sStar, N, s.gaussian, N, d, h);
  const starNull = mmd(be, s.sStar, N, s.sStarNull, N, d, h);
  return {
    [`mmdToSStar${suffix}`]: toStar.mmd2,
    [`mmdToGaussian${suffix}`]: toGauss.mmd2,
    [`mmdSStarToGaussian${suffix}`]: starGauss.mmd2,
    [`mmdSStarNull${suffix}`]: starNull.mmd2,
    // the three of the figures (as before the null level existed: a committed sweep reads the same)
    [`mmdValid${suffix}`]: toStar.valid && toGauss.valid && starGauss.valid ? 1 : 0,
    // Figure 4's normalisation, per set: both distances over MMD²(s*, Gaussian).
    [`mmdToSStarNormalized${suffix}`]: toStar.mmd2 / starGauss.mmd2,
    [`mmdToGaussianNormalized${suffix}`]: toGauss.mmd2 / starGauss.mmd2,
  };
}

/** Every distance of one generated set; `primary` is the config's bandwidth, `extra` the other
 *  entries of `bandwidths` (an entry equal to `primary` adds nothing). */
export function setDistances(be: Backend, s: SampleSets, primary: number, extra: readonly Bandwidth[] = []): Record<string, number> {
  const out = mmdBlock(be, s, primary, '');
  for (const h of extra) {
    if (h === primary) continue;
    let value = h as number;
    if (h === 'median') {
      value = medianPairwiseDistance([s.sStar.view(), s.gaussian.view()], s.N, s.d);
      out.bandwidthMedian = value;
    }
    // A median of 0 (every pooled point equal) is no bandwidth: its block is left out (non-finite).
    Object.assign(out, value > 0 ? mmdBlock(be, s, value, bandwidthSuffix(h)) : { [`mmdValid${bandwidthSuffix(h)}`]: 0 });
  }
  const { N, d } = s;
  out.w2ToSStar = w2(be, s.learned, N, s.sStar, N, d).w2;
  out.w2ToGaussian = w2(be, s.learned, N, s.gaussian, N, d).w2;
  out.w2SStarToGaussian = w2(be, s.sStar, N, s.gaussian, N, d).w2;
  out.w2SStarNull = w2(be, s.sStar, N, s.sStarNull, N, d).w2;
  return out;
}

/** The distance metrics a summary row carries for a config with `bandwidths` (figure order:
 *  the primary MMD block, each extra block, the median bandwidth, W2). `normalized`: fig4's
 *  normalised MMD² too. */
export function distanceMetricNames(bandwidth: number, bandwidths: readonly Bandwidth[] = [], normalized = false): string[] {
  const block = (suffix: string): string[] => [
    'mmdToSStar', 'mmdToGaussian', 'mmdSStarToGaussian', 'mmdSStarNull', 'mmdValid',
    ...(normalized ? ['mmdToSStarNormalized', 'mmdToGaussianNormalized'] : []),
  ].map((n) => n + suffix);
  const extra = bandwidths.filter((h) => h !== bandwidth);
  return [
    ...block(''), ...extra.flatMap((h) => block(bandwidthSuffix(h))), ...(extra.includes('median') ? ['bandwidthMedian'] : []),
    'w2ToSStar', 'w2ToGaussian', 'w2SStarToGaussian', 'w2SStarNull',
  ];
}
