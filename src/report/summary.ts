// Reading summary metrics back for figures and tables. Pure (no Node imports): the web page uses it too.
import type { Metric } from '../experiments/types.js';

/** A metric read back as {mean, lo, hi} (lo = hi = mean for a plain number); undefined when
 *  absent, null (NaN written to JSON) or not finite. */
export function metricParts(m: unknown): { mean: number; lo: number; hi: number; interval: boolean } | undefined {
  if (typeof m === 'number') return Number.isFinite(m) ? { mean: m, lo: m, hi: m, interval: false } : undefined;
  if (m !== null && typeof m === 'object') {
    const { mean, lo, hi } = m as { mean?: unknown; lo?: unknown; hi?: unknown };
    if (typeof mean !== 'number' || !Number.isFinite(mean)) return undefined;
    const l = typeof lo === 'number' && Number.isFinite(lo) ? lo : mean;
    const h = typeof hi === 'number' && Number.isFinite(hi) ? hi : mean;
    return { mean, lo: l, hi: h, interval: true };
  }
  return undefined;
}

/** The mean of a metric (the number itself for a plain number); NaN when absent or malformed. */
export function metricMean(m: Metric | undefined): number {
  return metricParts(m)?.mean ?? NaN;
}

/** Groups items by a key, keeping first-seen order of the groups and of the items in each. */
export function groupRows<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const g = groups.get(k);
    if (g) g.push(item); else groups.set(k, [item]);
  }
  return groups;
}
