// The verdict rules of the claims table (src/report/claims.ts): paired differences over data sets,
// the side of 0 their 95% interval lies on, pairing by simulation across settings, diverged runs
// left out, and how the distances' verdicts combine.
import { describe, expect, it } from 'vitest';
import type { FinishedRun } from '../src/experiments/types.js';
import { acrossSettings, combine, distanceSuffixes, settingOf, verdictOf, withinRuns } from '../src/report/claims.js';

const run = (key: string, metrics: Record<string, number>): FinishedRun =>
  ({ key, fingerprint: 'f', config: {}, seed: 1, metrics, version: 't', durationMs: 0 });

describe('claims: verdicts from paired differences', () => {
  it('the side of 0 the interval lies on; one pair or none is open', () => {
    expect(verdictOf([-0.3, -0.2, -0.25], 'negative').verdict).toBe('shown');
    expect(verdictOf([-0.3, -0.2, -0.25], 'positive').verdict).toBe('not shown');
    expect(verdictOf([0.3, 0.2, 0.25], 'negative').verdict).toBe('not shown');
    expect(verdictOf([-0.3, 0.2, -0.1], 'negative').verdict).toBe('mixed');
    expect(verdictOf([-0.3], 'negative')).toEqual({ diff: -0.3, verdict: 'open' });
    expect(verdictOf([], 'negative')).toEqual({ diff: undefined, verdict: 'open' });
    const d = verdictOf([1, 2, 3], 'positive').diff as { mean: number; lo: number; hi: number };
    expect(d.mean).toBe(2);
    expect(d.hi - d.mean).toBeCloseTo(4.302652729911275 / Math.sqrt(3), 8); // t_{0.975, 2} · s/√n, s = 1
  });

  it('withinRuns: a − b per run, diverged runs and missing metrics left out', () => {
    const runs = [
      run('d=2/eta=2/sim=0', { a: 1, b: 2 }), run('d=2/eta=2/sim=1', { a: 1, b: 2.5 }), run('d=2/eta=2/sim=2', { a: 0.5, b: 2 }),
      run('d=2/eta=2/sim=3', { divergedAtEpoch: 15 }), run('d=2/eta=2/sim=4', { a: 9 }),
    ];
    const c = withinRuns(runs, 'a', 'b', 'negative', 'x');
    expect(c.pairs).toBe(3);
    expect(c.verdict).toBe('shown');
  });

  it('acrossSettings pairs by simulation: the same data set at two settings', () => {
    const small = [run('d=2/eta=0.05/sim=0', { m: 0.9 }), run('d=2/eta=0.05/sim=1', { m: 0.5 }), run('d=2/eta=0.05/sim=2', { m: 0.7 })];
    // unpaired, the large-η values overlap the small-η ones; paired, each falls by 0.1–0.2
    const large = [run('d=2/eta=2/sim=0', { m: 0.75 }), run('d=2/eta=2/sim=1', { m: 0.35 }), run('d=2/eta=2/sim=2', { m: 0.58 }), run('d=2/eta=2/sim=7', { m: 0 })];
    const c = acrossSettings(small, large, 'm', 'negative', 'x');
    expect(c.pairs).toBe(3);
    expect(c.verdict).toBe('shown');
    expect(settingOf('d=10/eta=0.5/sim=3')).toEqual({ d: 10, eta: 0.5, sim: 3 });
  });

  it('combine: agreement, open when undecided, mixed when the distances disagree', () => {
    expect(combine(['shown', 'shown'])).toBe('shown');
    expect(combine(['not shown', 'not shown'])).toBe('not shown');
    expect(combine(['shown', 'not shown'])).toBe('mixed');
    expect(combine(['shown', 'mixed'])).toBe('mixed');
    expect(combine(['shown', 'open'])).toBe('open');
    expect(combine(['open'])).toBe('open');
    expect(combine([])).toBe('open');
  });

  it('distanceSuffixes: the MMD² blocks the runs measured (the paper bandwidth first)', () => {
    const runs = [run('k', { mmdToSStar: 1, 'mmdToSStar_h0.5': 1, mmdToSStar_hMedian: 1, mmdToSStarNormalized: 1, w2ToSStar: 1 })];
    expect(distanceSuffixes(runs)).toEqual(['', '_h0.5', '_hMedian']);
  });
});
