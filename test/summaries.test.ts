// The summary rows of the sharpness experiments from hand-made finished runs (no training):
// one row per (setting, estimator) in sweep order, runs and diverged counted, the sharpness as a
// mean and 95% interval over the non-diverged runs, `belowBound` counting the runs at or under
// 2/(mη) (equality counts as under; a diverged run or a missing value never does).
import { describe, expect, it } from 'vitest';
import { fig2, fig3, fig4, fig5, fig5diffusion } from '../src/experiments/index.js';
import type { FinishedRun, Metric } from '../src/experiments/types.js';

const run = (key: string, metrics: Record<string, number>): FinishedRun =>
  ({ key, fingerprint: 'f', config: {}, seed: 1, metrics, version: 't', durationMs: 0 });
const mean = (m: unknown): number => (typeof m === 'number' ? m : (m as { mean: number }).mean);

describe('fig5diffusion rows', () => {
  const c = { ...fig5diffusion.presets.quick, sims: 3 };
  const bound = (eta: number): number => 2 / (c.m * eta);
  const runs = [
    // eta = 0.5: at the bound, under it, and above it (withKinks); sim 2 diverged
    run('d=2/eta=0.5/sim=0', { sharpnessSampled: bound(0.5), sharpnessWithKinks: 1.5 * bound(0.5) }),
    run('d=2/eta=0.5/sim=1', { sharpnessSampled: 0.5 * bound(0.5), sharpnessWithKinks: 0.9 * bound(0.5) }),
    run('d=2/eta=0.5/sim=2', { divergedAtEpoch: 12 }),
    // eta = 2: one run, no withKinks value
    run('d=2/eta=2/sim=1', { sharpnessSampled: 0.1 }),
    // a key of another sweep is ignored
    run('d=3/eta=2/sim=0', { sharpnessSampled: 9, sharpnessWithKinks: 9 }),
  ];
  const rows = fig5diffusion.summarize(c, runs);

  it('one row per estimator and eta with finished runs, estimator outer, sweep order inner', () => {
    expect(rows.map((r) => [r.estimator, r.eta])).toEqual([['sampled', 2], ['sampled', 0.5], ['withKinks', 2], ['withKinks', 0.5]]);
    for (const r of rows) expect(r).toMatchObject({ d: 2, m: c.m, params: 'all', panel: 'diffusion model, d = 2', stabilityBound: bound(r.eta) });
  });

  it('counts runs and divergences, averages over the live runs, counts belowBound with equality', () => {
    const [s2, s05, k2, k05] = rows;
    expect([s05.runs, s05.diverged, k05.runs, k05.diverged]).toEqual([3, 1, 3, 1]);
    const m = s05.sharpness as Exclude<Metric, number>;
    expect(m.mean).toBeCloseTo(0.75 * bound(0.5), 15);
    expect(m.lo).toBeLessThan(m.mean);
    expect(s05.belowBound).toBe(2);
    expect(k05.belowBound).toBe(1);
    expect(mean(k05.sharpness)).toBeCloseTo(1.2 * bound(0.5), 15);
    expect(s2).toMatchObject({ runs: 1, diverged: 0, sharpness: 0.1, belowBound: 0 });
    expect(k2).toMatchObject({ runs: 1, diverged: 0, belowBound: 0 });
    expect(k2).not.toHaveProperty('sharpness');
  });
});

describe('fig5 rows', () => {
  const c = { ...fig5.presets.quick, sims: 2 };
  const bound = (eta: number): number => 2 / (c.m * eta);
  const runs = [
    run('d=1/t=0.2/eta=0.1/sim=0', { sharpnessTheory: bound(0.1), sharpnessAll: 2 * bound(0.1) }),
    run('d=1/t=0.2/eta=0.1/sim=1', { sharpnessTheory: 0.5 * bound(0.1), sharpnessAll: 0.25 * bound(0.1) }),
    run('d=1/t=0.2/eta=0.5/sim=0', { divergedAtEpoch: 3 }),
  ];

  it('exact Hessian at d = 1: a row per params, belowBound with equality, diverged counted', () => {
    const rows = fig5.summarize(c, runs);
    expect(rows.map((r) => [r.eta, r.params, r.estimator])).toEqual([[0.5, 'theory', 'exact'], [0.5, 'all', 'exact'], [0.1, 'theory', 'exact'], [0.1, 'all', 'exact']]);
    const [t05, a05, t01, a01] = rows;
    expect([t05.runs, t05.diverged, t05.belowBound, a05.belowBound]).toEqual([1, 1, 0, 0]);
    expect(t05).not.toHaveProperty('sharpness');
    expect([t01.belowBound, a01.belowBound]).toEqual([2, 1]);
    expect(mean(t01.sharpness)).toBeCloseTo(0.75 * bound(0.1), 15);
    expect(mean(a01.sharpness)).toBeCloseTo(1.125 * bound(0.1), 15);
    expect(t01).toMatchObject({ d: 1, t: 0.2, m: c.m, mu: Math.exp(-0.2), stabilityBound: bound(0.1) });
  });

  it('d > 1 reads the sampled and withKinks metrics; the notebook method its own', () => {
    const d10 = fig5.summarize({ ...c, d: 10, params: ['all'] }, [run('d=10/t=0.2/eta=0.1/sim=0', { sharpnessSampled: 1, sharpnessWithKinks: 2 })]);
    expect(d10.map((r) => [r.estimator, r.sharpness])).toEqual([['sampled', 1], ['withKinks', 2]]);
    const nb = fig5.summarize({ ...c, protocol: 'notebook' }, [run('d=1/t=0.2/eta=0.1/sim=0', { sharpnessNotebook: 3, sharpnessAll: 4 })]);
    expect(nb.map((r) => [r.params, r.estimator, r.sharpness])).toEqual([['all', 'notebook', 3]]);
  });
});

describe('fig2 rows', () => {
  const c = { ...fig2.presets.quick, ds: [1, 2], ts: [0.2], etas: [0.5, 0.1], epochs: [10, 20], sims: 3 };
  const runs = [
    run('d=1/t=0.2/eta=0.1/sim=0', { excessRisk: 1, excessRiskExact: 1.1, finalLoss: 2 }),
    run('d=1/t=0.2/eta=0.1/sim=1', { excessRisk: 3, excessRiskExact: 2.9, finalLoss: 4 }),
    run('d=1/t=0.2/eta=0.1/sim=1', { excessRisk: 99, excessRiskExact: 99, finalLoss: 99 }), // a duplicate line: the first counts
    run('d=1/t=0.2/eta=0.1/sim=2', { divergedAtEpoch: 4 }),
    run('d=2/t=0.2/eta=0.5/sim=0', { excessRisk: 5, excessRiskExact: 7, finalLoss: 6 }),
    run('d=2/t=0.05/eta=0.5/sim=0', { excessRisk: 8 }), // another sweep's key
  ];

  it('groups by (d, t, eta) in sweep order; the exact excess risk only at d = 1; duplicates once', () => {
    const rows = fig2.summarize(c, runs);
    expect(rows.map((r) => [r.d, r.t, r.eta, r.runs, r.diverged])).toEqual([[1, 0.2, 0.1, 3, 1], [2, 0.2, 0.5, 1, 0]]);
    expect(mean(rows[0].excessRisk)).toBe(2);
    expect(mean(rows[0].excessRiskExact)).toBeCloseTo(2, 15);
    expect(mean(rows[0].finalLoss)).toBe(3);
    expect(rows[0]).toMatchObject({ model: c.model, m: c.m, epochs: 20, stabilityBound: 2 / (c.m * 0.1), mu: Math.exp(-0.2) });
    expect(rows[1]).toMatchObject({ excessRisk: 5, finalLoss: 6 });
    expect(rows[1]).not.toHaveProperty('excessRiskExact');
  });
});

describe('fig3 and fig4 rows: the distance metrics a config asks for', () => {
  const metrics = {
    mmdToSStar: 1, mmdToGaussian: 2, mmdSStarToGaussian: 3, mmdSStarNull: 0.1, mmdValid: 1, mmdToSStarNormalized: 0.3, mmdToGaussianNormalized: 0.6,
    'mmdToSStar_h0.5': 4, mmdToSStar_hMedian: 5, bandwidthMedian: 2.5, w2ToSStar: 0.4, w2ToGaussian: 0.9, w2SStarToGaussian: 1, w2SStarNull: 0.35,
    memorization: 0.2, memorizationSStar: 0.7, nearestMedian: 0.1, nearestMedianSStar: 0.05, finalLoss: 1.2,
  };

  it('fig3: the paper bandwidth, the null levels and W2 always; suffixed blocks only when asked', () => {
    const c = { ...fig3.presets.quick, etas: [2], epochs: [10], sims: 1 };
    const [plain] = fig3.summarize(c, [run('d=2/eta=2/sim=0', metrics)]);
    expect(plain).toMatchObject({ mmdToSStar: 1, mmdSStarNull: 0.1, w2ToSStar: 0.4, w2SStarNull: 0.35, memorization: 0.2, finalLoss: 1.2 });
    expect(plain).not.toHaveProperty('mmdToSStar_h0.5');
    expect(plain).not.toHaveProperty('bandwidthMedian');
    expect(plain).not.toHaveProperty('mmdToSStarNormalized');
    const [wide] = fig3.summarize({ ...c, bandwidths: [1, 0.5, 'median'] }, [run('d=2/eta=2/sim=0', metrics)]);
    expect(wide).toMatchObject({ 'mmdToSStar_h0.5': 4, mmdToSStar_hMedian: 5, bandwidthMedian: 2.5 });
    expect(wide).not.toHaveProperty('mmdToSStar_h1');
  });

  it('fig4: the normalised MMD² too', () => {
    const c = { ...fig4.presets.quick, ds: [2], sims: 1 };
    const [row] = fig4.summarize(c, [run('d=2/eta=0.5/sim=0', metrics)]);
    expect(row).toMatchObject({ mmdToSStarNormalized: 0.3, mmdToGaussianNormalized: 0.6, w2ToGaussian: 0.9, mmdValid: 1 });
  });
});
