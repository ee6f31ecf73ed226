// Test instances and thin kernel wrappers for the exact 1-D kernels (exactRisk1d, hessian1d,
// hessianVector1d), shared by test/exact1d.test.ts and the parity cases of the exact 1-D kernels
// (test/parity/exactRisk1d, hessian1d, hessianVector1d .cases.ts).
import { scratchLength, type Backend } from '../../src/backend/index.js';
import { seededNormals, seededUniforms } from './parity.js';

export interface Instance {
  label: string;
  m: number;
  n: number;
  mu: number;
  sigma: number;
  /** [w1 | b | w2], m each. */
  params: Float64Array;
  /** Sorted data. */
  x: Float64Array;
}

export interface InstanceOptions {
  m: number;
  n: number;
  sigma: number;
  /** theory: w1 = ±1; full: w1 = z + 0.2 sign(z), z ~ N(0, 1) (|w1| >= 0.2, so that finite
   *  differences of step ~1e-3 never cross w1 = 0; the constant neuron w1 = 0 is `zeroW1`). */
  model: 'theory' | 'full';
  /** Put the kinks of the first `nearData` neurons within a fraction of sigma of a data centre. */
  nearData?: number;
  /** Make the last neuron constant: w1 = 0, b > 0. */
  zeroW1?: boolean;
  /** Scale of w2 (default 3). */
  w2Scale?: number;
}

/** A deterministic instance from `seed` (independent of the backends under test). */
export function makeInstance(seed: number, o: InstanceOptions): Instance {
  const { m, n, sigma } = o;
  const mu = Math.sqrt(1 - sigma * sigma);
  const x = seededNormals(seed, n).sort();
  const z = seededNormals(seed + 1, 3 * m);
  const u = seededUniforms(seed + 2, 2 * m);
  const params = new Float64Array(3 * m);
  for (let l = 0; l < m; l++) {
    params[l] = o.model === 'theory' ? (u[l] < 0.5 ? 1 : -1) : z[l] + (z[l] < 0 ? -0.2 : 0.2);
    params[m + l] = o.model === 'theory' ? z[m + l] : 0.7 * z[m + l];
    params[2 * m + l] = (o.w2Scale ?? 3) * z[2 * m + l];
  }
  const near = Math.min(o.nearData ?? 0, m);
  const offsets = [0.1, -0.3, 0.02, 0.6, -0.05];
  for (let l = 0; l < near; l++) {
    const i = Math.floor(u[m + l] * n);
    const tau = mu * x[i] + offsets[l % offsets.length] * sigma;
    if (params[l] === 0) params[l] = 1;
    params[m + l] = -params[l] * tau;
  }
  if (o.zeroW1 && m >= 2) {
    params[m - 1] = 0;
    params[2 * m - 1] = Math.abs(params[2 * m - 1]) + 0.1;
  }
  const label = `${o.model} m=${m} n=${n} sigma=${sigma}${near ? ` kinks@data=${near}` : ''}${o.zeroW1 ? ' w1=0' : ''}`;
  return { label, m, n, mu, sigma, params, x };
}

/** R_n and, when asked, the gradient at `params` (default the instance's). */
export function riskAndGrad(be: Backend, inst: Instance, params: Float64Array = inst.params): { risk: number; grad: Float64Array } {
  const { m, n, mu, sigma } = inst;
  const p = be.f64From(params), x = be.f64From(inst.x), g = be.f64(3 * m), s = be.f64(scratchLength.exactRisk1d(m, n));
  try {
    const risk = be.exactRisk1d(p, m, x, n, mu, sigma, g, s);
    return { risk, grad: g.view().slice() };
  } finally { p.free(); x.free(); g.free(); s.free(); }
}

export function riskOnly(be: Backend, inst: Instance, params: Float64Array = inst.params): number {
  const { m, n, mu, sigma } = inst;
  const p = be.f64From(params), x = be.f64From(inst.x), s = be.f64(scratchLength.exactRisk1d(m, n));
  try { return be.exactRisk1d(p, m, x, n, mu, sigma, null, s); } finally { p.free(); x.free(); s.free(); }
}

/** The dense Hessian (3m × 3m, order w1, b, w2). */
export function hessian(be: Backend, inst: Instance): Float64Array {
  const { m, n, mu, sigma } = inst;
  const p = be.f64From(inst.params), x = be.f64From(inst.x), H = be.f64(9 * m * m), s = be.f64(scratchLength.hessian1d(m, n));
  try {
    be.hessian1d(p, m, x, n, mu, sigma, H, s);
    return H.view().slice();
  } finally { p.free(); x.free(); H.free(); s.free(); }
}

/** Hessian–vector products for each v, through one scratch (the second onwards hit the cache). */
export function hessianVectors(be: Backend, inst: Instance, vs: Float64Array[]): Float64Array[] {
  const { m, n, mu, sigma } = inst;
  const p = be.f64From(inst.params), x = be.f64From(inst.x), v = be.f64(3 * m), hv = be.f64(3 * m);
  const s = be.f64(scratchLength.hessianVector1d(m, n));
  try {
    return vs.map((vec) => {
      v.view().set(vec);
      be.hessianVector1d(p, m, x, n, mu, sigma, v, hv, s);
      return hv.view().slice();
    });
  } finally { p.free(); x.free(); v.free(); hv.free(); s.free(); }
}

/** y ↦ s_theta(y), straight from the definition. */
export function scoreFn(params: Float64Array, m: number): (y: number) => number {
  return (y) => {
    let v = 0;
    for (let l = 0; l < m; l++) v += params[2 * m + l] * Math.max(0, params[l] * y + params[m + l]);
    return v / m;
  };
}

/** Kinks -b/w1 of the neurons with w1 != 0. */
export function kinks(params: Float64Array, m: number): number[] {
  const out: number[] = [];
  for (let l = 0; l < m; l++) if (params[l] !== 0) out.push(-params[m + l] / params[l]);
  return out;
}

/** The edge cases every exact 1-D kernel's parity runs on: (seed, options). */
export const PARITY_SETTINGS: readonly [number, InstanceOptions][] = [
  [11, { model: 'theory', m: 1, n: 1, sigma: 0.05, nearData: 1 }],
  [12, { model: 'full', m: 1, n: 1, sigma: 0.57 }],
  [13, { model: 'theory', m: 12, n: 7, sigma: 0.57, nearData: 3 }],
  [14, { model: 'theory', m: 9, n: 10, sigma: 0.05, nearData: 4 }],
  [15, { model: 'full', m: 11, n: 6, sigma: 0.05, nearData: 3, zeroW1: true }],
  [16, { model: 'full', m: 40, n: 20, sigma: 0.57, nearData: 5, zeroW1: true }],
  [17, { model: 'full', m: 300, n: 20, sigma: 0.31 }],
];
