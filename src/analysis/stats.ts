// Statistics for `summary.json` rows (SPEC §4): the mean and 95% Student-t interval of
// independent runs, with the Student-t quantile it needs. Pure (no Node imports).

/** A summary metric: mean and 95% t-interval when runs > 1, else a number. */
export type Metric = number | { mean: number; lo: number; hi: number };

/** ln Γ(x) for x > 0, Lanczos approximation (g = 7, 9 terms; relative error ~1e-15). */
export function logGamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`logGamma: x must be > 0, got ${x}`);
  if (x < 0.5) {
    // Reflection keeps the series in its accurate range.
    return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  }
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
    -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
    1.5056327351493116e-7,
  ];
  const z = x - 1;
  let s = c[0]!;
  for (let k = 1; k < 9; k++) s += c[k]! / (z + k);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(s);
}

/** Continued fraction of the incomplete beta function (modified Lentz). */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  const qab = a + b, qap = a + 1, qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let k = 1; k <= 10_000; k++) {
    const k2 = 2 * k;
    // Even step.
    let aa = (k * (b - k) * x) / ((qam + k2) * (a + k2));
    d = 1 + aa * d; if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c; if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d; h *= d * c;
    // Odd step.
    aa = (-(a + k) * (qab + k) * x) / ((a + k2) * (qap + k2));
    d = 1 + aa * d; if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c; if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) return h;
  }
  return h; // converged to rounding for every (x, a, b) the t-distribution asks for
}

/** Regularized incomplete beta I_x(a, b), 0 <= x <= 1, a, b > 0. */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  if (!(a > 0 && b > 0)) throw new RangeError(`regularizedIncompleteBeta: a, b must be > 0, got ${a}, ${b}`);
  if (!(x >= 0 && x <= 1)) throw new RangeError(`regularizedIncompleteBeta: x must be in [0, 1], got ${x}`);
  if (x === 0 || x === 1) return x;
  const logFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
  // The fraction converges fast for x < (a + 1) / (a + b + 2); use the symmetry otherwise.
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(logFront) * betaContinuedFraction(x, a, b)) / a;
  return 1 - (Math.exp(logFront) * betaContinuedFraction(1 - x, b, a)) / b;
}

/** P(T <= t) for Student's t with `df` > 0 degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`studentTCdf: df must be > 0, got ${df}`);
  if (Number.isNaN(t)) return NaN;
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  // P(|T| > |t|) = I_{df/(df+t²)}(df/2, 1/2); for small |t| the complement form is accurate.
  const t2 = t * t;
  const tail = t2 < df
    ? 1 - regularizedIncompleteBeta(t2 / (df + t2), 0.5, df / 2)
    : regularizedIncompleteBeta(df / (df + t2), df / 2, 0.5);
  return t >= 0 ? 1 - tail / 2 : tail / 2;
}

/** Quantile of Student's t: the t with P(T <= t) = p, 0 < p < 1, df > 0 (bisection on the CDF,
 *  to relative 1e-13). Closed forms for df = 1 and 2 cross-check it in the tests. */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`studentTQuantile: p must be in (0, 1), got ${p}`);
  if (!(df > 0) || !Number.isFinite(df)) throw new RangeError(`studentTQuantile: df must be a finite number > 0, got ${df}`);
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  let lo = 0, hi = 1;
  while (studentTCdf(hi, df) < p) {
    lo = hi;
    hi *= 2;
    if (hi > 1e300) return Infinity;
  }
  for (let k = 0; k < 2000 && hi - lo > 1e-13 * hi; k++) {
    const mid = 0.5 * (lo + hi);
    if (studentTCdf(mid, df) < p) lo = mid; else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/** Mean and two-sided `level` (default 95%) Student-t interval of independent runs.
 *  One value gives a plain number (SPEC §4: a number when runs = 1). The values must be finite:
 *  diverged runs are left out by the caller, which omits the metric when no run finished
 *  (an empty list throws). */
export function tInterval(values: readonly number[], level = 0.95): Metric {
  const n = values.length;
  if (n === 0) throw new RangeError('tInterval: no values (leave the metric out when no run finished)');
  for (const v of values) {
    if (!Number.isFinite(v)) throw new RangeError(`tInterval: non-finite value ${v} (leave diverged runs out)`);
  }
  if (!(level > 0 && level < 1)) throw new RangeError(`tInterval: level must be in (0, 1), got ${level}`);
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / n;
  if (n === 1) return mean;
  let ss = 0;
  for (const v of values) ss += (v - mean) * (v - mean);
  const se = Math.sqrt(ss / (n - 1) / n);
  const half = studentTQuantile(0.5 + level / 2, n - 1) * se;
  return { mean, lo: mean - half, hi: mean + half };
}
