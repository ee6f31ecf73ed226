// Weighted total variation TV_pi(f) = ∫ |f''(y)| pi(y) dy (section 5 of the paper; SPEC §1) of
// the empirical optimal score s* and of a 1-D two-layer ReLU network, with pi from tvWeight.ts.
//
// Misprint. The section-5 display defines TV^(1)_pi(s*) = ∫ |s*'(y)| pi(y) dy, but the name ("TV of
// the *first* derivative"), the proof of Theorem 4 (which integrates |s*''| and uses the
// fundamental theorem of calculus on s*'), Proposition 10 (s_theta'' a sum of Diracs) and
// Lemma 12 all use |s*''|. We implement ∫ |s*''| pi.
import { InputError, describe } from '../model/errors.js';
import { noiseLevel } from '../model/validate.js';
import { integrate, type QuadratureResult } from './quadrature.js';
import { sStarDerivatives } from './sstar1d.js';
import { zerosOfSStarD2 } from './sstarZeros.js';
import { tvWeight, type TvWeight } from './tvWeight.js';


export interface TvOptions {
  /** Relative tolerance of the adaptive quadrature (default 1e-11). */
  relTol?: number;
}

/** TV_pi(s*) = ∫_{mu x_1}^{mu x_n} |s*''(y)| pi(y) dy with its quadrature report. Panels
 *  (sstarZeros.ts): every zero of s*'' — where |s*''| has a kink — and breaks at most
 *  min(sigma, r/2) apart, r the distance to the nearest complex singularity of s* (pi sigma²/(mu Delta)
 *  at the midpoint of two points Delta apart, beside which |s*''| has two peaks sigma²/(mu Delta)
 *  wide), so that the integrand is analytic on every panel; then globally adaptive Gauss–Legendre
 *  (quadrature.ts) to relTol (default 1e-11). Its error estimate then bounds the discretisation
 *  error; the rounding of s*'' itself (kappa3 cancels where W's law is nearly symmetric) adds
 *  up to ~1e-12 relative. Checked against 50-digit references to 1e-10 (test/tvReference.test.ts;
 *  worst 2e-12 there). */
export function tvSStarQuadrature(x: ArrayLike<number>, mu: number, sigma: number, opts: TvOptions = {}):
  QuadratureResult {
  const data = checkData(x);
  ({ mu, sigma } = noiseLevel(mu, sigma));
  const w = tvWeight(data, mu, sigma);
  const { breaks } = zerosOfSStarD2(data, mu, sigma, w.lo, w.hi);
  const f = (y: number): number => {
    const p = w.pi(y);
    return p === 0 ? 0 : Math.abs(sStarDerivatives(data, mu, sigma, y).d2) * p;
  };
  return integrate(f, breaks, { relTol: opts.relTol ?? 1e-11, maxPanels: 400_000 });
}

/** TV_pi(s*) (see tvSStarQuadrature). */
export function tvSStar(x: ArrayLike<number>, mu: number, sigma: number, opts: TvOptions = {}): number {
  return tvSStarQuadrature(x, mu, sigma, opts).value;
}

/** A 1-D network in the `model` shape of SPEC §3. */
export interface Model1d {
  w1: readonly number[] | readonly (readonly number[])[];
  b: readonly number[];
  w2: readonly number[] | readonly (readonly number[])[];
}

/** The kinks of s_theta(y) = (1/m) Σ_l w2_l relu(w1_l y + b_l): s_theta'' = Σ_k mass_k δ(y - tau_k)
 *  with tau = -b_l/w1_l and, since relu(w1 y + b)'' = |w1| δ(y - tau), signed mass
 *  (1/m) Σ_{l: tau_l = tau_k} w2_l |w1_l| (neurons sharing a kink — exactly equal tau — are
 *  grouped before the absolute value; neurons with w1_l = 0 are constant and have no kink).
 *  Misprint: Proposition 10's proof writes s_theta'' = (1/m) Σ w1 w2 δ(y - tau), which has the
 *  wrong sign for w1 = -1; it only matters once kinks are grouped. */
export function kinks(model: Model1d): { tau: number[]; mass: number[] } {
  const { w1, b, w2 } = checkModel(model);
  const m = b.length;
  const order: number[] = [];
  for (let l = 0; l < m; l++) if (w1[l] !== 0) order.push(l);
  const tauOf = (l: number): number => -b[l] / w1[l];
  order.sort((p, q) => tauOf(p) - tauOf(q));
  const tau: number[] = [], mass: number[] = [];
  for (const l of order) {
    const t = tauOf(l), contribution = (w2[l] * Math.abs(w1[l])) / m;
    if (tau.length > 0 && tau[tau.length - 1] === t) mass[mass.length - 1] += contribution;
    else { tau.push(t); mass.push(contribution); }
  }
  return { tau, mass };
}

/** TV_pi(s_theta) = Σ_k |mass_k| pi(tau_k) (Diracs at the kinks, see `kinks`). */
export function tvNet(model: Model1d, x: ArrayLike<number>, mu: number, sigma: number): number {
  const data = checkData(x);
  ({ mu, sigma } = noiseLevel(mu, sigma));
  return tvNetWithWeight(model, tvWeight(data, mu, sigma));
}

/** TV_pi(s_theta) with a precomputed weight. */
export function tvNetWithWeight(model: Model1d, weight: TvWeight): number {
  const { tau, mass } = kinks(model);
  let s = 0;
  for (let k = 0; k < tau.length; k++) s += Math.abs(mass[k]) * weight.pi(tau[k]);
  return s;
}

/** Breakpoints for the s* quadratures on [mu x_1, mu x_n]: mu x_i, midpoints, pieces <= sigma. */
export function panelBreaks(x: ArrayLike<number>, mu: number, sigma: number, lo?: number, hi?: number): number[] {
  const a = Float64Array.from(x, (v) => mu * v).sort();
  const marks: number[] = [];
  if (lo !== undefined) marks.push(lo);
  for (let i = 0; i < a.length; i++) {
    if (i > 0 && a[i] > a[i - 1]) marks.push(0.5 * (a[i - 1] + a[i]));
    marks.push(a[i]);
  }
  if (hi !== undefined) marks.push(hi);
  const breaks: number[] = [marks[0]];
  for (let k = 1; k < marks.length; k++) {
    const from = marks[k - 1], to = marks[k];
    if (!(to > from)) continue;
    const pieces = Math.ceil((to - from) / sigma);
    for (let p = 1; p < pieces; p++) breaks.push(from + ((to - from) * p) / pieces);
    breaks.push(to);
  }
  return breaks;
}

/** 1-D data: a non-empty array of finite numbers. */
function checkData(x: ArrayLike<number>): Float64Array {
  const allowed = 'a non-empty array of finite numbers (1-D data)';
  if (x === null || typeof x !== 'object' || typeof x.length !== 'number' || x.length === 0) {
    throw new InputError('x', allowed, describe(x));
  }
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    if (typeof x[i] !== 'number' || !Number.isFinite(x[i])) throw new InputError('x', allowed, describe(x[i]), `x[${i}]`);
    out[i] = x[i];
  }
  return out;
}

/** A 1-D model: w1, b, w2 arrays of one common length m >= 1 of finite numbers (a row of one
 *  number is accepted for w1_l and w2_l). */
function checkModel(model: Model1d): { w1: Float64Array; b: Float64Array; w2: Float64Array } {
  if (typeof model !== 'object' || model === null || Array.isArray(model)) {
    throw new InputError('model', 'an object {"w1": [...], "b": [...], "w2": [...]}', describe(model));
  }
  const m = Array.isArray(model.b) ? model.b.length : 0;
  if (m < 1) throw new InputError('model', 'a non-empty array of finite numbers', describe(model.b), 'model.b');
  const read = (value: unknown, key: string): Float64Array => {
    const allowed = `an array of ${m} finite numbers (1-D network)`;
    if (!Array.isArray(value) || value.length !== m) throw new InputError('model', allowed, describe(value), `model.${key}`);
    return Float64Array.from(value, (v: unknown, l: number) => {
      const u = Array.isArray(v) && v.length === 1 ? v[0] : v;
      if (typeof u !== 'number' || !Number.isFinite(u)) throw new InputError('model', allowed, describe(v), `model.${key}[${l}]`);
      return u;
    });
  };
  return { w1: read(model.w1, 'w1'), b: read(model.b, 'b'), w2: read(model.w2, 'w2') };
}
