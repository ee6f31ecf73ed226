// The paper's bounds (SPEC §1 "Theory bounds", §3 op `bounds`) evaluated on one instance: each
// bound's number, the quantity it bounds, and every hypothesis as a boolean, computed from its
// inequality (in the paper's experiments most of them fail; they are reported, not hidden).
//
// Notation: n points, Delta = min spacing, span = x_n - x_1, R_n(s*) and R_n(theta) the risks
// (5), TV the weighted total variations of tv.ts, lambda_max the signed largest eigenvalue of
// the theory model's Hessian (w2, b), m the width, A the bound on |w2| (section 4's class S).
//
// - (10), Corollary 3:  R_n(s*) <= 4 mu² span² / sigma⁴ · exp(-mu² Delta² / (32 sigma²)), if Delta >= 2 sigma/mu.
// - Theorem 4:          TV_pi(s*) >= mu³ n Delta³ / (2^12 sigma⁴), if 16 n³ exp(-mu² Delta²/(4 sigma²)) <= 1
//                       and n >= 10 (the proof counts the i in [n/4 + 1, 3n/4 - 1] "for n >= 10").
// - Proposition 6:      TV_pi(s_theta) <= lambda_max m/4 + sqrt(R)/2
//                         + (A/(sqrt(2 pi) sigma)) max(sqrt(2 n R), (sqrt(2 pi) e A sigma n R)^{1/3}),
//                       R = R_n(theta), for w1 = ±1, |w2| <= A and A >= 1/sigma² (used in B.4 as the
//                       Lipschitz bound A + 1/sigma² <= 2A). At a linearly stable minimum (8),
//                       lambda_max <= 2/(m eta), so the first term is <= 1/(2 eta).
// - Proposition 7:      TV_pi(s_theta) >= mu n² Delta / (2^11 sigma²), if Delta >= 8 sigma/mu,
//                       R_n(theta) <= 1/(16 n sigma²) and n >= 10.
// - Theorem 8:          R_n(theta*) - R_n(s*) > pi n⁵ mu³ Delta³ / (2^36 e^{1/2} A⁴ sigma⁴) at a linearly
//                       stable minimum, if eta > 2^12 sigma²/(mu n² Delta) and sigma <= sigma_0 =
//                       min(sigma_1..sigma_4) (appendix B.6), each computed from its inequality:
//     sigma_1 = mu Delta/8, i.e. Delta >= 8 sigma/mu (Corollary 3 and Proposition 7 apply);
//     sigma_2: bound (10) <= the floor, i.e. exp(-mu² Delta²/(32 sigma²)) <= pi n⁵ mu Delta³ / (2^38 e^{1/2} span² A⁴),
//              which turns the floor into (19): R_n(theta*) <= 2 · floor;
//     sigma_3: (19) implies (20): 2 · floor <= 1/(16 n sigma²) (the paper's sufficient choice is
//              sigma <= 1/n, reported as `sigma3_paper`; with A >= 1/sigma² it suffices unless mu Delta > ~1000);
//     sigma_4: sqrt(2 · floor)/2 <= mu n² Delta / (2^13 sigma²);
//   plus A >= 1/sigma² (B.6 uses A >= C_n/sigma⁶ >= 1/sigma²), n >= 10 (Proposition 7) and, when eta is
//   given, eta > threshold. The third term of Proposition 6 at R = 2 · floor equals mu n² Delta/(2^12 sigma²)
//   identically (no further condition), and sqrt(2nR) <= (...)^{1/3} follows from (20) and A >= 1/sigma².
//   Linear stability itself is not a flag of thm8 (SPEC §3); prop6.stable reports its necessary condition (8).
// - Lemma 12:           ∫ |s*''| <= C_n/(2 sigma⁶) (section 4) with
//                       C_n = 8 mu² span³ (mu² ((x_n)_+ - (x_1)_-) + 2 (n - 1) sigma²/Delta), A_safe = C_n/sigma⁶.
//
// SPEC and paper agree on all five printed bounds. Misprints found in the paper's text (the
// SPEC's formulas are implemented): in B.6 the sigma_2 inequality is printed without the Delta³
// of the floor; B.6 writes (sqrt(2 pi e A sigma n R))^{1/3} for Proposition 6's (sqrt(2 pi) e A sigma n R)^{1/3}
// and e for e² in the equivalent condition R <= pi e² A² sigma²/(4n); the last step of the proof of
// Proposition 7 gives (1/2 - e^{-32})(1 - 2^{-3/2}) / 1024 ≈ 1/3169, not 1/2^11 as stated (with 1/3169
// the combination in B.6 no longer closes: 1/3169 < 1/2^12 + 1/2^13); Proposition 9's
// (n-i)²(n-i+1)/2 should be (n-i)²(n-i-1)/2 (harmless for Theorem 4's i range).
import { InputError, describe } from '../model/errors.js';
import { integer, noiseLevel, positive } from '../model/validate.js';

export interface BoundsInput {
  /** 1-D data (any order; at least 2 distinct points). */
  x: ArrayLike<number>;
  mu: number;
  sigma: number;
  /** R_n(s*). */
  riskSStar: number;
  /** R_n(theta). */
  riskNet: number;
  /** TV_pi(s*). */
  tvSStar: number;
  /** TV_pi(s_theta). */
  tvNet: number;
  /** Signed largest eigenvalue of the Hessian of R_n in (w2, b). */
  lambdaMax: number;
  /** max_l |w2_l|. */
  maxAbsW2: number;
  /** Width m (Proposition 6's first term lambda_max m/4). */
  m: number;
  /** Every w1_l is +1 or -1 (section 4's class; Proposition 6). */
  w1PlusMinusOne: boolean;
  eta?: number;
  /** Bound on |w2|; default max(1/sigma², maxAbsW2). */
  A?: number;
}

/** Common shape: `bound` the bound's number, `value` the quantity it bounds, `hypothesis` true
 *  iff every condition flag (CONDITION_FLAGS; a flag left out, e.g. eta's when eta is not given,
 *  is not a condition) is true, `holds` the comparison (value <= bound for eq10 and prop6, >= for
 *  thm4 and prop7, > for thm8) when the hypothesis holds, null otherwise. For thm8 the theorem
 *  asserts the comparison only at a linearly stable local minimum, which is not a flag. */
export interface BoundReport { bound: number; value: number; hypothesis: boolean; holds: boolean | null }

export interface Eq10Report extends BoundReport { Delta_ge_2sigma_over_mu: boolean }
export interface Thm4Report extends BoundReport { exp_condition_16n3: boolean; n_ge_10: boolean }
export interface Prop6Report extends BoundReport {
  A: number; lambda_max: number; risk: number;
  w1_pm1: boolean; w2_le_A: boolean; A_ge_inv_sigma2: boolean;
  /** With eta: 1/(2 eta), the bound with it as first term, 2/(m eta), and lambda_max <= 2/(m eta). */
  stable_first_term?: number; bound_stable?: number; stability_threshold?: number; stable?: boolean;
}
export interface Prop7Report extends BoundReport {
  risk: number; risk_threshold: number;
  Delta_ge_8sigma_over_mu: boolean; risk_le_threshold: boolean; n_ge_10: boolean;
}
export interface Thm8Report extends BoundReport {
  A: number; eta_threshold: number; eta?: number; sigma3_paper: number;
  sigma1: boolean; sigma2: boolean; sigma3: boolean; sigma4: boolean;
  A_ge_inv_sigma2: boolean; n_ge_10: boolean; eta_gt_threshold?: boolean;
}

export interface TheoryBounds {
  n: number;
  Delta: number;
  span: number;
  eq10: Eq10Report;
  thm4: Thm4Report;
  prop6: Prop6Report;
  prop7: Prop7Report;
  thm8: Thm8Report;
  lemma12: { C_n: number; A_safe: number };
}

/** The condition flags entering each `hypothesis`. */
export const CONDITION_FLAGS = {
  eq10: ['Delta_ge_2sigma_over_mu'],
  thm4: ['exp_condition_16n3', 'n_ge_10'],
  prop6: ['w1_pm1', 'w2_le_A', 'A_ge_inv_sigma2'],
  prop7: ['Delta_ge_8sigma_over_mu', 'risk_le_threshold', 'n_ge_10'],
  thm8: ['sigma1', 'sigma2', 'sigma3', 'sigma4', 'A_ge_inv_sigma2', 'n_ge_10', 'eta_gt_threshold'],
} as const;

const LN2 = Math.LN2;

/** Every bound of the paper on one instance (see the header for formulas and sources). */
export function theoryBounds(input: BoundsInput): TheoryBounds {
  const { mu, sigma } = noiseLevel(input.mu, input.sigma);
  const x = sortedDistinct(input.x);
  const n = x.length, span = x[n - 1] - x[0];
  let Delta = Infinity;
  for (let i = 1; i < n; i++) Delta = Math.min(Delta, x[i] - x[i - 1]);
  const riskSStar = nonNegative('riskSStar', input.riskSStar), riskNet = nonNegative('riskNet', input.riskNet);
  const tvS = nonNegative('tvSStar', input.tvSStar), tvN = nonNegative('tvNet', input.tvNet);
  const lambdaMax = finite('lambdaMax', input.lambdaMax), maxAbsW2 = nonNegative('maxAbsW2', input.maxAbsW2);
  const m = integer('m', input.m, 1);
  if (typeof input.w1PlusMinusOne !== 'boolean') throw new InputError('w1PlusMinusOne', 'true or false', describe(input.w1PlusMinusOne));
  const eta = input.eta === undefined ? undefined : positive('eta', input.eta);
  const s2 = sigma * sigma, s4 = s2 * s2;
  const A = input.A === undefined ? Math.max(1 / s2, maxAbsW2) : positive('A', input.A);
  const a2 = (mu * mu * Delta * Delta) / s2; // mu² Delta² / sigma²
  const nGe10 = n >= 10;
  const close = <T extends BoundReport>(r: Omit<T, 'hypothesis' | 'holds'>, flags: readonly string[],
    compare: (value: number, bound: number) => boolean): T => {
    const rec = r as unknown as Record<string, unknown>;
    const hypothesis = flags.every((f) => rec[f] === undefined || rec[f] === true);
    return { ...r, hypothesis, holds: hypothesis ? compare(r.value, r.bound) : null } as T;
  };
  const le = (v: number, b: number): boolean => v <= b, ge = (v: number, b: number): boolean => v >= b;

  // (10), Corollary 3.
  const eq10 = close<Eq10Report>({
    bound: (4 * mu * mu * span * span / s4) * Math.exp(-a2 / 32), value: riskSStar,
    Delta_ge_2sigma_over_mu: mu * Delta >= 2 * sigma,
  }, CONDITION_FLAGS.eq10, le);

  // Theorem 4 (condition in logs: no overflow of n³ or underflow of the exponential).
  const thm4 = close<Thm4Report>({
    bound: (mu * mu * mu * n * Delta ** 3) / (2 ** 12 * s4), value: tvS,
    exp_condition_16n3: 4 * LN2 + 3 * Math.log(n) - a2 / 4 <= 0, n_ge_10: nGe10,
  }, CONDITION_FLAGS.thm4, ge);

  // Proposition 6.
  const rootTwoPi = Math.sqrt(2 * Math.PI);
  const third = (A / (rootTwoPi * sigma)) * Math.max(Math.sqrt(2 * n * riskNet), Math.cbrt(rootTwoPi * Math.E * A * sigma * n * riskNet));
  const rest = Math.sqrt(riskNet) / 2 + third;
  const prop6 = close<Prop6Report>({
    bound: (lambdaMax * m) / 4 + rest, value: tvN, A, lambda_max: lambdaMax, risk: riskNet,
    w1_pm1: input.w1PlusMinusOne, w2_le_A: maxAbsW2 <= A, A_ge_inv_sigma2: A * s2 >= 1,
    ...(eta === undefined ? {} : {
      stable_first_term: 1 / (2 * eta), bound_stable: 1 / (2 * eta) + rest,
      stability_threshold: 2 / (m * eta), stable: lambdaMax <= 2 / (m * eta),
    }),
  }, CONDITION_FLAGS.prop6, le);

  // Proposition 7.
  const riskThreshold = 1 / (16 * n * s2);
  const prop7 = close<Prop7Report>({
    bound: (mu * n * n * Delta) / (2 ** 11 * s2), value: tvN, risk: riskNet, risk_threshold: riskThreshold,
    Delta_ge_8sigma_over_mu: mu * Delta >= 8 * sigma, risk_le_threshold: riskNet <= riskThreshold, n_ge_10: nGe10,
  }, CONDITION_FLAGS.prop7, ge);

  // Theorem 8 and the conditions sigma_1..sigma_4 of appendix B.6.
  const floor = (Math.PI * n ** 5 * mu ** 3 * Delta ** 3) / (2 ** 36 * Math.exp(0.5) * A ** 4 * s4);
  const logRhs2 = Math.log(Math.PI) + 5 * Math.log(n) + Math.log(mu) + 3 * Math.log(Delta)
    - 38 * LN2 - 0.5 - 2 * Math.log(span) - 4 * Math.log(A);
  const eq19 = 2 * floor; // (19): R_n(theta*) <= pi n⁵ mu³ Delta³ / (2^35 e^{1/2} A⁴ sigma⁴)
  const etaThreshold = (2 ** 12 * s2) / (mu * n * n * Delta);
  const thm8 = close<Thm8Report>({
    bound: floor, value: riskNet - riskSStar, A, eta_threshold: etaThreshold,
    ...(eta === undefined ? {} : { eta }),
    sigma3_paper: 1 / n,
    sigma1: sigma <= (mu * Delta) / 8,
    sigma2: -a2 / 32 <= logRhs2,
    sigma3: eq19 <= 1 / (16 * n * s2),
    sigma4: Math.sqrt(eq19) / 2 <= (mu * n * n * Delta) / (2 ** 13 * s2),
    A_ge_inv_sigma2: A * s2 >= 1, n_ge_10: nGe10,
    ...(eta === undefined ? {} : { eta_gt_threshold: eta > etaThreshold }),
  }, CONDITION_FLAGS.thm8, (v, b) => v > b);

  // Lemma 12.
  const xPlus = Math.max(0, x[n - 1]), xMinus = Math.min(0, x[0]);
  const C_n = 8 * mu * mu * span ** 3 * (mu * mu * (xPlus - xMinus) + (2 * (n - 1) * s2) / Delta);
  return { n, Delta, span, eq10, thm4, prop6, prop7, thm8, lemma12: { C_n, A_safe: C_n / (s4 * s2) } };
}

/** m, max|w2| and whether every w1 is ±1, from a 1-D `model` (for BoundsInput). */
export function modelSummary(model: { w1: readonly unknown[]; w2: readonly unknown[] }):
  { m: number; maxAbsW2: number; w1PlusMinusOne: boolean } {
  const flat = (v: unknown): number => (Array.isArray(v) && v.length === 1 ? v[0] : v) as number;
  let maxAbsW2 = 0;
  for (const v of model.w2) maxAbsW2 = Math.max(maxAbsW2, Math.abs(flat(v)));
  return { m: model.w2.length, maxAbsW2, w1PlusMinusOne: model.w1.every((v) => Math.abs(flat(v)) === 1) };
}

function sortedDistinct(x: ArrayLike<number>): Float64Array {
  const allowed = 'an array of at least 2 distinct finite numbers (1-D data; Delta > 0)';
  if (x === null || typeof x !== 'object' || typeof x.length !== 'number' || x.length < 2) {
    throw new InputError('x', allowed, describe(x));
  }
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    if (typeof x[i] !== 'number' || !Number.isFinite(x[i])) throw new InputError('x', allowed, describe(x[i]), `x[${i}]`);
    out[i] = x[i];
  }
  out.sort();
  for (let i = 1; i < out.length; i++) {
    if (out[i] === out[i - 1]) throw new InputError('x', allowed, `the value ${out[i]} twice (Delta = 0)`);
  }
  return out;
}

function finite(field: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new InputError(field, 'a finite number', describe(v));
  return v;
}

function nonNegative(field: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new InputError(field, 'a finite number >= 0', describe(v));
  return v;
}
