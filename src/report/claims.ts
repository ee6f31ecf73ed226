// The paper's sentences about figures 3, 4 and 5 (right), each judged on finished runs (issue 15).
// A claim compares two quantities run by run — the same data set (simulation) on both sides, so
// the comparison is paired — and its verdict follows from the 95% t-interval of the paired
// differences over data sets:
//   shown      the interval lies on the claimed side of 0;
//   not shown  it lies on the other side;
//   mixed      it contains 0, or the distances (MMD² at each bandwidth, W2) disagree;
//   open       fewer than 2 data sets finished (one realisation cannot carry a sentence).
// Pure: runs in, verdicts out (scripts/docsClaims.ts writes the table of docs/reproduction.md).
import { tInterval } from '../analysis/stats.js';
import type { FinishedRun, Metric } from '../experiments/types.js';

export type Verdict = 'shown' | 'not shown' | 'mixed' | 'open';

/** One paired comparison: `claimed` is the side of 0 the claim puts the differences on. */
export interface Comparison {
  label: string;
  pairs: number;
  /** Mean and 95% interval of the differences (a number for one pair; undefined for none). */
  diff: Metric | undefined;
  verdict: Verdict;
}

/** A run's setting as its key says (`d=2/eta=0.5/sim=3`). */
export function settingOf(key: string): Record<string, number> {
  return Object.fromEntries(key.split('/').map((p) => p.split('=')).map(([k, v]) => [k, Number(v)]));
}

const live = (r: FinishedRun): boolean => r.metrics.divergedAtEpoch === undefined;

/** The verdict of differences that the claim puts below 0 (`claimed: 'negative'`) or above. */
export function verdictOf(diffs: readonly number[], claimed: 'negative' | 'positive'): { diff: Metric | undefined; verdict: Verdict } {
  if (diffs.length === 0) return { diff: undefined, verdict: 'open' };
  const diff = tInterval(diffs);
  if (typeof diff === 'number') return { diff, verdict: 'open' };
  const sign = claimed === 'negative' ? -1 : 1;
  if (sign * diff.lo > 0 && sign * diff.hi > 0) return { diff, verdict: 'shown' };
  if (sign * diff.lo < 0 && sign * diff.hi < 0) return { diff, verdict: 'not shown' };
  return { diff, verdict: 'mixed' };
}

/** a − b within each finished, non-diverged run of `runs` that has both (one data set each). */
export function withinRuns(runs: readonly FinishedRun[], a: string, b: string, claimed: 'negative' | 'positive', label: string): Comparison {
  const diffs = runs.filter(live).map((r) => r.metrics[a] - r.metrics[b]).filter(Number.isFinite);
  return { label, pairs: diffs.length, ...verdictOf(diffs, claimed) };
}

/** metric(at `to`) − metric(at `from`) for each simulation present at both settings. */
export function acrossSettings(from: readonly FinishedRun[], to: readonly FinishedRun[], metric: string,
  claimed: 'negative' | 'positive', label: string): Comparison {
  const bySim = new Map(from.filter(live).map((r) => [settingOf(r.key).sim, r.metrics[metric]]));
  const diffs = to.filter(live).flatMap((r) => {
    const base = bySim.get(settingOf(r.key).sim);
    return base === undefined ? [] : [r.metrics[metric] - base];
  }).filter(Number.isFinite);
  return { label, pairs: diffs.length, ...verdictOf(diffs, claimed) };
}

/** All agree → that verdict; any 'open' among otherwise agreeing ones → 'open'; else 'mixed'. */
export function combine(verdicts: readonly Verdict[]): Verdict {
  const decided = verdicts.filter((v) => v !== 'open');
  if (verdicts.length === 0 || decided.length === 0) return 'open';
  if (decided.every((v) => v === decided[0]) && decided.length === verdicts.length) return decided[0];
  return decided.every((v) => v === decided[0]) ? 'open' : 'mixed';
}

/** The distance pairs a claim about "closer to X than to Y" reads: MMD² at every bandwidth the
 *  runs measured (unsuffixed = the paper's), and W2. */
export function distanceSuffixes(runs: readonly FinishedRun[]): string[] {
  const names = new Set(runs.flatMap((r) => Object.keys(r.metrics)));
  return [...names].filter((n) => n.startsWith('mmdToSStar') && !n.includes('Normalized')).map((n) => n.slice('mmdToSStar'.length)).sort();
}
