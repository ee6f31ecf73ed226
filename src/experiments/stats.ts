// Summary statistics of a sweep: mean and Student-t confidence interval (SPEC §2: 95%
// t-intervals). The t quantile is exact for integer degrees of freedom up to 10^5 — the closed
// form of P(|T| <= t) as a finite trigonometric sum (Abramowitz & Stegun 26.7.3–4), inverted by
// bisection in the angle — and the Cornish–Fisher expansion (A&S 26.7.5, error O(df^-3)) above.
import { normalCdf } from '../analysis/normal.js';

/** P(|T| <= t) for T ~ Student-t with integer df, in terms of theta = atan(t / sqrt(df)). */
function centralMass(theta: number, df: number): number {
  const c2 = Math.cos(theta) ** 2, s = Math.sin(theta);
  if (df % 2 === 1) {
    // (2/pi)(theta + sin·[cos + (2/3) cos³ + (2·4)/(3·5) cos⁵ + ... up to cos^(df-2)])
    if (df === 1) return (2 / Math.PI) * theta;
    let term = Math.cos(theta), sum = term;
    for (let k = 3; k <= df - 2; k += 2) { term *= c2 * (k - 1) / k; sum += term; }
    return (2 / Math.PI) * (theta + s * sum);
  }
  // sin·[1 + (1/2) cos² + (1·3)/(2·4) cos⁴ + ... up to cos^(df-2)]
  let term = 1, sum = 1;
  for (let k = 2; k <= df - 2; k += 2) { term *= c2 * (k - 1) / k; sum += term; }
  return s * sum;
}

/** The standard normal quantile, by bisection on normalCdf (to the last bit). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile: p must be in (0, 1), got ${p}`);
  let lo = -40, hi = 40;
  for (let i = 0; i < 200 && hi - lo > 0; i++) {
    const mid = 0.5 * (lo + hi);
    if (mid === lo || mid === hi) break;
    if (normalCdf(mid) < p) lo = mid; else hi = mid;
  }
  return 0.5 * (lo + hi);
}

const EXACT_MAX_DF = 100_000;

/** The p-quantile of Student's t with df degrees of freedom (df an integer >= 1, p in (0, 1)). */
export function tQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`tQuantile: p must be in (0, 1), got ${p}`);
  if (!Number.isInteger(df) || df < 1) throw new RangeError(`tQuantile: df must be an integer >= 1, got ${df}`);
  if (p === 0.5) return 0;
  if (p < 0.5) return -tQuantile(1 - p, df);
  if (df > EXACT_MAX_DF) {
    const z = normalQuantile(p), z2 = z * z;
    const g1 = (z2 + 1) * z / 4;
    const g2 = ((5 * z2 + 16) * z2 + 3) * z / 96;
    const g3 = (((3 * z2 + 19) * z2 + 17) * z2 - 15) * z / 384;
    return z + g1 / df + g2 / df ** 2 + g3 / df ** 3;
  }
  const target = 2 * p - 1;
  let lo = 0, hi = Math.PI / 2;
  for (let i = 0; i < 200; i++) {
    const mid = 0.5 * (lo + hi);
    if (mid === lo || mid === hi) break;
    if (centralMass(mid, df) < target) lo = mid; else hi = mid;
  }
  return Math.sqrt(df) * Math.tan(0.5 * (lo + hi));
}

export interface Interval { mean: number; lo: number; hi: number }

/** Mean and two-sided Student-t interval (default 95%) of at least two finite values. */
export function tInterval(values: readonly number[], level = 0.95): Interval {
  const n = values.length;
  if (n < 2) throw new RangeError(`tInterval: needs at least 2 values, got ${n}`);
  if (!(level > 0 && level < 1)) throw new RangeError(`tInterval: level must be in (0, 1), got ${level}`);
  for (const v of values) if (!Number.isFinite(v)) throw new RangeError(`tInterval: non-finite value ${v}`);
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const ss = values.reduce((a, v) => a + (v - mean) ** 2, 0);
  const half = tQuantile(0.5 + level / 2, n - 1) * Math.sqrt(ss / (n - 1) / n);
  return { mean, lo: mean - half, hi: mean + half };
}
