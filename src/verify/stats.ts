// Statistics of verify's Monte Carlo comparisons: the threshold in standard errors, the
// standard error a stratified Monte Carlo mean should have, and its own sampling spread.

/** Φ⁻¹(p), the standard normal quantile (Acklam's rational approximation, relative error
 *  < 1.2e-9 on (0, 1); Wichura's AS241 would give more digits than a threshold needs). */
export function normalQuantile(p: number): number {
  const a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
  const b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
  const c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
  const d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
  const tail = (q: number): number => (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  if (p < 0.02425) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5, r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/** The agreement threshold of a Monte Carlo metric checked on `count` runs, in standard errors:
 *  max(4, z) with z the two-sided Bonferroni quantile for a family-wise false-alarm rate of
 *  1e-3 over those runs (z = Φ⁻¹(1 − 5e-4/count)): 4.21 for 40 runs, 4.60 for 240. An honest
 *  sweep then fails verify by chance less than once in a thousand sweeps per metric. */
export function seThreshold(count: number): number {
  return Math.max(4, normalQuantile(1 - 0.0005 / Math.max(1, count)));
}

/** Per stratum: raw moments [E g, E g², E g³, E g⁴] of the summand g. */
export type StratumMoments = number[][];

/** Central variance and 4th moment from raw moments. */
function central(m: number[]): { v: number; m4: number } {
  const [e1, e2, e3, e4] = m;
  return { v: Math.max(0, e2 - e1 * e1), m4: Math.max(0, e4 - 4 * e3 * e1 + 6 * e2 * e1 * e1 - 3 * e1 ** 4) };
}

/** A stratified Monte Carlo mean (1/n) Σ_i mean_D(g_i) with D draws per stratum (SPEC §1's
 *  estimators: stratified over the n training points) has variance se² = Σ_i Var g_i/(n² D);
 *  its estimate ŝe² = Σ_i s_i²/(n² D) (s_i² the sample variance) has variance
 *  ≈ Σ_i (μ4_i − Var_i²)/(n⁴ D³) (the variance of a sample variance, large D). */
export function stratifiedSe(moments: StratumMoments, draws: number): { se2: number; se2Var: number } {
  const n = moments.length;
  let se2 = 0, se2Var = 0;
  for (const m of moments) {
    const { v, m4 } = central(m);
    se2 += v / (n * n * draws);
    se2Var += Math.max(0, m4 - v * v) / (n ** 4 * draws ** 3);
  }
  return { se2, se2Var };
}
