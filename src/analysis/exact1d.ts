// Exact 1-D analysis (SPEC §1 "Exact 1-D risk, gradient and Hessian", §3 ops risk, risk-sstar,
// grad, hessian, excess-risk): pure functions over the backend of the given net and data,
// validated at this boundary. Parameter order of the full model: w1, b, w2 (m each); the theory
// model (w1 = ±1 fixed, section 4) trains (w2, b), and its Hessian is the principal sub-matrix
// of the full one on those coordinates, in the order "w2,b" of SPEC §3.
import type { Backend, F64 } from '../backend/contract.js';
import { scratchLength } from '../backend/contract.js';
import type { Dataset } from '../model/dataset.js';
import { InputError, describe } from '../model/errors.js';
import type { Net } from '../model/net.js';
import { noiseLevel, oneOf, points } from '../model/validate.js';
import { integrate, refineBreaks } from './quadrature.js';
import { sStarAt } from './sstar1d.js';

export type HessianParams = 'all' | 'theory';
export const HESSIAN_PARAMS: readonly HessianParams[] = ['all', 'theory'];

export interface NoiseOptions { mu: number; sigma: number }

export interface HessianResult {
  /** "w1,b,w2" (3m × 3m) or "w2,b" (2m × 2m). */
  order: 'w1,b,w2' | 'w2,b';
  /** Rows = columns = size. */
  size: number;
  /** Row-major size × size, exactly symmetric. */
  matrix: Float64Array;
}

/** Validate and unpack (net, data, noise): a 1-D net and data on one backend. */
function check(net: Net, data: Dataset, noise: NoiseOptions): { be: Backend; m: number; n: number; mu: number; sigma: number } {
  const { mu, sigma } = noiseLevel(noise?.mu, noise?.sigma);
  if (data.d !== 1) throw new InputError('x', 'a non-empty array of finite numbers (1-D data)', `points of dimension ${data.d}`);
  const { dIn, m, dOut } = net.shape;
  if (dIn !== 1 || dOut !== 1) {
    throw new InputError('model', 'a 1-D network (w1, b, w2 arrays of numbers)', `dIn = ${dIn}, dOut = ${dOut}`);
  }
  if (data.backend !== net.backend) throw new InputError('x', 'a Dataset of the same backend as the network', 'another backend');
  return { be: net.backend, m, n: data.n, mu, sigma };
}

function withBuffers<T>(bufs: F64[], body: () => T): T {
  try { return body(); } finally { for (const b of bufs) b.free(); }
}

/** R_n(s_theta) (eq. 5), exact. */
export function riskExact(net: Net, data: Dataset, noise: NoiseOptions): number {
  const { be, m, n, mu, sigma } = check(net, data, noise);
  const scratch = be.f64(scratchLength.exactRisk1d(m, n));
  return withBuffers([scratch], () => be.exactRisk1d(net.params, m, data.x, n, mu, sigma, null, scratch));
}

/** The exact gradient of R_n (3m, order w1, b, w2) and the risk itself. */
export function gradExact(net: Net, data: Dataset, noise: NoiseOptions): { risk: number; grad: Float64Array } {
  const { be, m, n, mu, sigma } = check(net, data, noise);
  const scratch = be.f64(scratchLength.exactRisk1d(m, n)), grad = be.f64(3 * m);
  return withBuffers([scratch, grad], () => {
    const risk = be.exactRisk1d(net.params, m, data.x, n, mu, sigma, grad, scratch);
    return { risk, grad: grad.view().slice() };
  });
}

/** Split a flat (w1, b, w2) vector into the `model` shape of SPEC §3. */
export function splitParams(flat: ArrayLike<number>, m: number): { w1: number[]; b: number[]; w2: number[] } {
  const a = Array.from(flat);
  return { w1: a.slice(0, m), b: a.slice(m, 2 * m), w2: a.slice(2 * m, 3 * m) };
}

/** The theory-model Hessian (order w2, b; 2m × 2m) read off the full one (order w1, b, w2). */
export function theorySubmatrix(full: Float64Array, m: number): Float64Array {
  const P = 3 * m, Q = 2 * m;
  const out = new Float64Array(Q * Q);
  for (let r = 0; r < Q; r++) {
    const fr = (r < m ? 2 * m + r : r) * P; // theory row r: w2_r (r < m) or b_{r-m}
    out.set(full.subarray(fr + 2 * m, fr + 3 * m), r * Q); // columns w2
    out.set(full.subarray(fr + m, fr + 2 * m), r * Q + m); // columns b
  }
  return out;
}

/** The exact Hessian of R_n: `all` (3m × 3m, order w1, b, w2) or `theory` (2m × 2m, w2, b). */
export function hessianExact(net: Net, data: Dataset, noise: NoiseOptions, params: HessianParams = 'all'): HessianResult {
  const which = oneOf('params', params, HESSIAN_PARAMS);
  const { be, m, n, mu, sigma } = check(net, data, noise);
  const P = 3 * m;
  const scratch = be.f64(scratchLength.hessian1d(m, n)), H = be.f64(P * P);
  return withBuffers([scratch, H], () => {
    be.hessian1d(net.params, m, data.x, n, mu, sigma, H, scratch);
    if (which === 'all') return { order: 'w1,b,w2', size: P, matrix: H.view().slice() };
    return { order: 'w2,b', size: 2 * m, matrix: theorySubmatrix(H.view(), m) };
  });
}

/** A Hessian–vector operator at fixed (theta, data, noise), for Lanczos and power iteration:
 *  buffers and the kernel's moment cache are kept, so each product after the first costs O(m).
 *  `theory` vectors have length 2m (order w2, b) and embed with a zero w1 part. Call free(). */
export interface HessianOperator {
  readonly params: HessianParams;
  readonly size: number;
  apply(v: ArrayLike<number>, out?: Float64Array): Float64Array;
  free(): void;
}

export function hessianOperator(net: Net, data: Dataset, noise: NoiseOptions, params: HessianParams = 'all'): HessianOperator {
  const which = oneOf('params', params, HESSIAN_PARAMS);
  const { be, m, n, mu, sigma } = check(net, data, noise);
  const size = which === 'all' ? 3 * m : 2 * m;
  const scratch = be.f64(scratchLength.hessianVector1d(m, n)), vb = be.f64(3 * m), hv = be.f64(3 * m);
  let freed = false;
  return {
    params: which,
    size,
    apply(v: ArrayLike<number>, out = new Float64Array(size)): Float64Array {
      if (freed) throw new Error('hessianOperator: used after free()');
      if (v.length !== size) throw new InputError('v', `an array of ${size} finite numbers`, describe(v));
      for (let j = 0; j < size; j++) {
        if (!Number.isFinite(v[j])) throw new InputError('v', `an array of ${size} finite numbers`, describe(v[j]), `v[${j}]`);
      }
      const vv = vb.view();
      if (which === 'all') vv.set(v);
      else for (let l = 0; l < m; l++) { vv[l] = 0; vv[m + l] = v[m + l]; vv[2 * m + l] = v[l]; }
      be.hessianVector1d(net.params, m, data.x, n, mu, sigma, vb, hv, scratch);
      const h = hv.view();
      if (which === 'all') out.set(h);
      else for (let l = 0; l < m; l++) { out[l] = h[2 * m + l]; out[m + l] = h[m + l]; }
      return out;
    },
    free(): void {
      if (!freed) { freed = true; scratch.free(); vb.free(); hv.free(); }
    },
  };
}

/** One exact Hessian–vector product (see hessianOperator for repeated products). */
export function hessianVectorProduct(net: Net, data: Dataset, noise: NoiseOptions, v: ArrayLike<number>,
  params: HessianParams = 'all'): Float64Array {
  const op = hessianOperator(net, data, noise, params);
  try { return op.apply(v); } finally { op.free(); }
}

/** R_n(s*) = (mu²/sigma⁴) ∫ pbar(y) Var W(y) dy (SPEC §1) by adaptive Gauss–Legendre on panels
 *  split at the centres mu x_i and their midpoints, at most sigma wide, over
 *  [mu x_min - 40 sigma, mu x_max + 40 sigma] (pbar < e^-800 outside); relative accuracy
 *  ~1e-12 (tested against an independent quadrature of eq. 5 at s = s*). */
export function riskSStar(x: Dataset | ArrayLike<number>, noise: NoiseOptions): number {
  const { mu, sigma } = noiseLevel(noise?.mu, noise?.sigma);
  const xs = isDataset(x) ? (x.d === 1 ? x.x.view().slice() : notOneD(x.d)) : points('x', Array.from(x), 1).values;
  const c = Array.from(xs, (v) => mu * v).sort((a, b) => a - b);
  const breaks: number[] = [c[0] - 40 * sigma];
  for (let i = 0; i < c.length; i++) {
    breaks.push(c[i]);
    if (i + 1 < c.length && c[i + 1] > c[i]) breaks.push(0.5 * (c[i] + c[i + 1]));
  }
  breaks.push(c[c.length - 1] + 40 * sigma);
  const f = (y: number): number => { const s = sStarAt(xs, mu, sigma, y); return s.density * s.varW; };
  const integral = integrate(f, refineBreaks(breaks, sigma), { relTol: 1e-13 }).value;
  return (mu * mu / (sigma ** 4)) * integral;
}

/** Excess risk R_n(s_theta) - R_n(s*) (SPEC §1): exact risk minus the quadrature of R_n(s*). */
export function excessRiskExact(net: Net, data: Dataset, noise: NoiseOptions): { value: number; risk: number; riskSStar: number } {
  const risk = riskExact(net, data, noise);
  const rs = riskSStar(data, noise);
  return { value: risk - rs, risk, riskSStar: rs };
}

function isDataset(x: unknown): x is Dataset {
  return typeof x === 'object' && x !== null && 'x' in x && 'd' in x && 'n' in x && typeof (x as Dataset).x?.view === 'function';
}

function notOneD(d: number): never {
  throw new InputError('x', 'a non-empty array of finite numbers (1-D data)', `points of dimension ${d}`);
}
