// The second route of the diffusion runs (fig3, fig4): every generated set regenerated from its
// seeds and confirmed by its hashes (regenerate.ts), then MMD² and memorization by plain loops
// (sampleStats.ts), averaged over the sets as the run's metrics are. Tolerances:
// - MMD² (and the kernel means under it): |Δ| <= 1e-9 · max(kxx, kyy, kxy): each mean averages
//   values in [0, 1] in another order and with another exp (Wasm's flushes below 3.3e-308), so
//   the two routes differ by ~1e-14 of the largest mean; swapping two sets moves MMD² by > 1e-3;
// - normalised MMD² r = a/b: δr ≈ (δa + |r| δb)/|b|, so |Δr|·|b| <= 1e-9 · scale · (1 + |r|);
// - memorization: samples classified differently, at most the borderline ones (ratio within
//   1e-9 of 1/3); nearest medians: relative 1e-12; mmdValid and setsLeftOut: exactly;
// - fig4's normalised MMD² also from the per-set parts saved in the artifact (relative 1e-12);
// - every extra bandwidth of `bandwidths` the same way at its own scale; the median heuristic's
//   bandwidth (bandwidthMedian) by its own sort, relative 1e-12;
// - W2 (w2ToSStar, w2ToGaussian, w2SStarToGaussian, w2SStarNull): the Hungarian method
//   (assignment.ts) against the kernel's Jonker–Volgenant, relative 1e-9;
// - finalLoss: sanity only (a trajectory statistic, check.ts finalLossCheck) against the loss at
//   θ_final by verify's Monte Carlo (its own sample of every (point, time) component).
import type { Check, Unit } from '../check.js';
import { check, finalLossCheck, relative } from '../check.js';
import { diffusionMixture, mixtureRows } from '../mixture.js';
import { regenerateSets, type Regenerated } from '../regenerate.js';
import { keySeed, type Route, type RouteContext, type RunInput } from '../route.js';
import { w2SquaredHungarian } from '../assignment.js';
import { kernelMean, medianPairDistance, memorized, mmdOf } from '../sampleStats.js';
import { flatPoints, forwardNd, netNd } from '../scoreNd.js';
import { timeGridOf } from '../diffusionSchedule.js';

interface DiffusionConfig {
  samples: number; steps: number; delta: number; bandwidth: number; timeCount: number; precision?: 'f64' | 'f32';
  bandwidths?: (number | 'median')[];
  protocol?: string; muSchedule?: string; trainDelta?: number; timeWeights?: string; lossReduction?: string;
}

type SetValues = Record<string, number>;

/** The metric suffix of an extra bandwidth (src/experiments/setDistances.ts names them so). */
const suffixOf = (h: number | 'median'): string => (h === 'median' ? '_hMedian' : `_h${h}`);

/** The MMD² block at bandwidth h (names + suffix) and its largest kernel mean. */
function mmdValues(s: Regenerated, d: number, h: number, suffix: string): { v: SetValues; scale: number } {
  const kL = kernelMean(s.learned, s.learned, d, h), kS = kernelMean(s.sStar, s.sStar, d, h), kG = kernelMean(s.gaussian, s.gaussian, d, h);
  const toStar = mmdOf(s.learned, s.sStar, d, h, kL, kS), toGauss = mmdOf(s.learned, s.gaussian, d, h, kL, kG);
  const starGauss = mmdOf(s.sStar, s.gaussian, d, h, kS, kG);
  const parts = [toStar, toGauss, starGauss];
  const v: SetValues = {
    [`mmdToSStar${suffix}`]: toStar.mmd2, [`mmdToGaussian${suffix}`]: toGauss.mmd2, [`mmdSStarToGaussian${suffix}`]: starGauss.mmd2,
    [`mmdValid${suffix}`]: toStar.valid && toGauss.valid && starGauss.valid ? 1 : 0,
    [`mmdToSStarNormalized${suffix}`]: toStar.mmd2 / starGauss.mmd2, [`mmdToGaussianNormalized${suffix}`]: toGauss.mmd2 / starGauss.mmd2,
  };
  if (s.sStarNull !== undefined) {
    const starNull = mmdOf(s.sStar, s.sStarNull, d, h, kS);
    v[`mmdSStarNull${suffix}`] = starNull.mmd2;
    parts.push(starNull);
  }
  return { v, scale: Math.max(1e-290, ...parts.flatMap((m) => [m.kxx, m.kyy, m.kxy]).filter(Number.isFinite)) };
}

/** Everything a set reports, recomputed; `scales` = each MMD block's largest kernel mean (by
 *  suffix), `borderline` samples. W2 and the extra bandwidths only where the run made the null set. */
function setValues(s: Regenerated, x: Float64Array, d: number, c: DiffusionConfig):
  { v: SetValues; scales: Map<string, number>; borderline: number } {
  const primary = mmdValues(s, d, c.bandwidth, '');
  const v: SetValues = { ...primary.v }, scales = new Map([['', primary.scale]]);
  if (s.sStarNull !== undefined) {
    for (const h of c.bandwidths ?? []) {
      if (h === c.bandwidth) continue;
      const value = h === 'median' ? medianPairDistance([s.sStar, s.gaussian], d) : h;
      if (h === 'median') v.bandwidthMedian = value;
      if (!(value > 0)) { v[`mmdValid${suffixOf(h)}`] = 0; continue; }
      const block = mmdValues(s, d, value, suffixOf(h));
      Object.assign(v, block.v);
      scales.set(suffixOf(h), block.scale);
    }
    v.w2ToSStar = Math.sqrt(w2SquaredHungarian(s.learned, s.sStar, d));
    v.w2ToGaussian = Math.sqrt(w2SquaredHungarian(s.learned, s.gaussian, d));
    v.w2SStarToGaussian = Math.sqrt(w2SquaredHungarian(s.sStar, s.gaussian, d));
    v.w2SStarNull = Math.sqrt(w2SquaredHungarian(s.sStar, s.sStarNull, d));
  }
  const mem = memorized(s.learned, x, d), memStar = memorized(s.sStar, x, d);
  Object.assign(v, {
    memorization: mem.fraction, memorizationSStar: memStar.fraction,
    nearestMedian: mem.medianNearest, nearestMedianSStar: memStar.medianNearest,
  });
  return { v, scales, borderline: mem.borderline + memStar.borderline };
}

const ROUTE = 'regenerated sets (confirmed), plain loops';

export const diffusionRoute: Route = {
  diagnostics: [],
  checkRun(run: RunInput, ctx: RouteContext): Check[] {
    const c = run.config as unknown as DiffusionConfig, d = Number(run.setting.d), sets = Number(run.setting.sets ?? 1);
    const grid = timeGridOf(c), x = flatPoints(run.artifact.x, d);
    const regenerated = regenerateSets(ctx.backend, run, d, { ...c, muRate: grid.protocol.muRate, sets });
    const out: Check[] = [check('sets.regenerated', 'seeds → samplers; hashes (older artifacts: set 0\'s saved coordinates) compared', 'count', sets, regenerated.filter((s) => s.confirmed).length,
      regenerated.filter((s) => !s.confirmed).length, 0)];
    const good = regenerated.filter((s) => s.confirmed).map((s) => setValues(s, x, d, c));
    if (good.length === regenerated.length) out.push(...runChecks(run, good));
    else {
      for (const [name, v] of Object.entries(run.metrics)) {
        if (name !== 'finalLoss') out.push(check(name, `${ROUTE}: a set did not regenerate`, 'relative', v, NaN, Infinity, 0));
      }
    }
    const finalLoss = run.metrics.finalLoss;
    if (finalLoss !== undefined) {
      const loss = diffusionLossMonteCarlo(run, d, grid) / (grid.protocol.lossReduction === 'mean' ? d : 1);
      out.push(finalLossCheck(finalLoss, loss, 'the loss at θ_final (Monte Carlo)'));
    }
    return out;
  },
};

function runChecks(run: RunInput, sets: ReturnType<typeof setValues>[]): Check[] {
  const m = run.metrics, out: Check[] = [];
  const n = run.config.samples as number;
  const meanOf = (name: string): number => {
    const v = sets.map((s) => s.v[name]).filter(Number.isFinite);
    return v.reduce((a, b) => a + b, 0) / v.length;
  };
  const add = (name: string, unit: Unit, dev: (a: number, b: number) => number, tol: number): void => {
    if (m[name] === undefined) return;
    const b = meanOf(name);
    out.push(check(name, ROUTE, unit, m[name], b, dev(m[name], b), tol));
  };
  for (const suffix of sets[0].scales.keys()) {
    const scale = Math.max(...sets.map((s) => s.scales.get(suffix) ?? 1e-290));
    for (const name of ['mmdToSStar', 'mmdToGaussian', 'mmdSStarToGaussian', 'mmdSStarNull']) {
      add(name + suffix, 'relative', (a, b) => relative(a, b, scale), 1e-9);
    }
    const minB = Math.min(...sets.map((s) => Math.abs(s.v[`mmdSStarToGaussian${suffix}`])));
    for (const name of ['mmdToSStarNormalized', 'mmdToGaussianNormalized']) {
      add(name + suffix, 'relative', (a, b) => (Math.abs(a - b) * minB) / (scale * (1 + Math.abs(b))), 1e-9);
    }
  }
  for (const name of Object.keys(sets[0].v).filter((k) => k.startsWith('mmdValid'))) {
    add(name, 'count', (a, b) => Math.abs(a - b) * sets.length, 0);
  }
  add('bandwidthMedian', 'relative', (a, b) => relative(a, b, Math.abs(b)), 1e-12);
  // Two exact optima of one problem: W2² agrees to the rounding of n sums (header), W2 to half that.
  for (const name of ['w2ToSStar', 'w2ToGaussian', 'w2SStarToGaussian', 'w2SStarNull']) {
    add(name, 'relative', (a, b) => relative(a, b, Math.abs(b)), 1e-9);
  }
  const borderline = sets.reduce((s, x) => s + x.borderline, 0);
  for (const name of ['memorization', 'memorizationSStar']) add(name, 'samples', (a, b) => Math.round(Math.abs(a - b) * n * sets.length), borderline);
  for (const name of ['nearestMedian', 'nearestMedianSStar']) add(name, 'relative', (a, b) => relative(a, b, Math.abs(b)), 1e-12);
  if (m.setsLeftOut !== undefined) {
    const left = sets.reduce((s, x) => s + Object.values(x.v).filter((v) => !Number.isFinite(v)).length, 0);
    out.push(check('setsLeftOut', ROUTE, 'count', m.setsLeftOut, left, Math.abs(m.setsLeftOut - left), 0));
  }
  out.push(...savedPartChecks(run, sets, Math.max(...sets.map((s) => s.scales.get('')!))));
  return out;
}

/** fig4's normalisation from the saved per-set parts, and the saved parts against the recomputed ones. */
function savedPartChecks(run: RunInput, sets: ReturnType<typeof setValues>[], scale: number): Check[] {
  const saved = run.artifact.sets, m = run.metrics, out: Check[] = [];
  if (!saved) return out;
  for (const [name, num] of [['mmdToSStarNormalized', 'mmdToSStar'], ['mmdToGaussianNormalized', 'mmdToGaussian']] as const) {
    if (m[name] === undefined) continue;
    const r = saved.map((s) => s.metrics[num] / s.metrics.mmdSStarToGaussian).filter(Number.isFinite);
    const b = r.reduce((a, x) => a + x, 0) / r.length;
    out.push(check(name, 'mean of the saved per-set parts a_k/b_k', 'relative', m[name], b, relative(m[name], b, Math.abs(b)), 1e-12));
  }
  let worst = { dev: 0, saved: 0, mine: 0 };
  saved.forEach((s, k) => {
    for (const name of ['mmdToSStar', 'mmdToGaussian', 'mmdSStarToGaussian']) {
      const dev = relative(s.metrics[name], sets[k].v[name], scale);
      if (!(dev <= worst.dev)) worst = { dev, saved: s.metrics[name], mine: sets[k].v[name] };
    }
  });
  out.push(check('sets.metrics', 'saved per-set MMD² vs regenerated sets', 'relative', worst.saved, worst.mine, worst.dev, 1e-9));
  return out;
}

/** Σ_c π_c E||net(t_c, y) − z||² on verify's own sample (~2000 rows over the components). */
function diffusionLossMonteCarlo(run: RunInput, d: number, grid: ReturnType<typeof timeGridOf>): number {
  const x = flatPoints(run.artifact.x, d), net = netNd(run.artifact.model, d + 1, d);
  const mix = diffusionMixture(x, d, grid.times, grid.weights, grid.protocol.muRate);
  const rows = mixtureRows(mix, Math.max(1, Math.round(2000 / mix.count)), keySeed(run.key, 'loss'));
  const y = new Float64Array(d);
  let s = 0;
  for (let k = 0; k < rows.N; k++) {
    forwardNd(net, rows.U, k * rows.dIn, y);
    let q = 0;
    for (let c = 0; c < d; c++) q += (y[c] - rows.T[k * d + c]) ** 2;
    s += rows.weight[k] * q;
  }
  return s;
}
