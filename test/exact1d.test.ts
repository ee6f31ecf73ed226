// The exact 1-D risk, gradient, Hessian and Hessian–vector product (SPEC §1), on both
// backends: closed forms against quadrature and finite differences, the Hessian's kink terms
// (with the corrected sign) shown to matter, random instances, the analysis layer. (erfc:
// test/erfc.test.ts; the public reference cases: test/exact1d-fixtures.test.ts.)
import { describe, expect, it } from 'vitest';
import {
  excessRiskExact, gradExact, hessianExact, hessianOperator, hessianVectorProduct, riskExact, riskSStar,
  theorySubmatrix,
} from '../src/analysis/exact1d.js';
import { integrate, refineBreaks } from '../src/analysis/quadrature.js';
import { sStarAt } from '../src/analysis/sstar1d.js';
import { scratchLength, type Backend } from '../src/backend/index.js';
import { coreLayout } from '../src/backend/ts/exact1dCore.js';
import { Dataset } from '../src/model/dataset.js';
import { InputError } from '../src/model/errors.js';
import { Net } from '../src/model/net.js';
import {
  hessian, hessianVectors, kinks, makeInstance, riskAndGrad, riskOnly, scoreFn, type Instance, type InstanceOptions,
} from './helpers/exact1d.js';
import { BACKENDS, normwiseError, seededNormals, seededUniforms } from './helpers/parity.js';

// ---------------------------------------------------------------- finite differences
/** Fourth-order central difference of t ↦ f(t) at 0. */
function fd4(f: (t: number) => number, h: number): number {
  return (8 * (f(h) - f(-h)) - (f(2 * h) - f(-2 * h))) / (12 * h);
}

function shifted(p: Float64Array, j: number, t: number): Float64Array {
  const q = p.slice();
  q[j] += t;
  return q;
}

function fdGradient(be: Backend, inst: Instance): Float64Array {
  const h = 2e-3 * inst.sigma;
  return Float64Array.from({ length: 3 * inst.m }, (_, j) => fd4((t) => riskOnly(be, inst, shifted(inst.params, j, t)), h));
}

/** Column j of the FD Hessian = FD of the exact gradient along e_j; returned row-major (symmetrised nothing). */
function fdHessian(be: Backend, inst: Instance): Float64Array {
  const P = 3 * inst.m, h = 2e-3 * inst.sigma;
  const H = new Float64Array(P * P);
  for (let j = 0; j < P; j++) {
    const g = (t: number): Float64Array => riskAndGrad(be, inst, shifted(inst.params, j, t)).grad;
    const [a, b, c, d] = [g(h), g(-h), g(2 * h), g(-2 * h)];
    for (let k = 0; k < P; k++) H[k * P + j] = (8 * (a[k] - b[k]) - (c[k] - d[k])) / (12 * h);
  }
  return H;
}

/** The kink part of the Hessian straight from SPEC §1: D_l on (b, b), D_l tau on (b, w1),
 *  D_l tau² on (w1, w1), D_l = (2/(n m)) w2_l Σ_i f_i(tau_l) p_i(tau_l) / |w1_l|. */
function kinkPart(inst: Instance): Float64Array {
  const { m, n, mu, sigma, params, x } = inst;
  const P = 3 * m, s = scoreFn(params, m);
  const K = new Float64Array(P * P);
  for (let l = 0; l < m; l++) {
    const w1 = params[l];
    if (w1 === 0) continue;
    const tau = -params[m + l] / w1;
    let acc = 0;
    for (let i = 0; i < n; i++) {
      const c = mu * x[i];
      const p = Math.exp(-((tau - c) ** 2) / (2 * sigma * sigma)) / (sigma * Math.sqrt(2 * Math.PI));
      acc += (s(tau) + (tau - c) / sigma ** 2) * p;
    }
    const D = (2 / (n * m)) * params[2 * m + l] * acc / Math.abs(w1);
    K[(m + l) * P + m + l] += D;
    K[(m + l) * P + l] += D * tau;
    K[l * P + m + l] += D * tau;
    K[l * P + l] += D * tau * tau;
  }
  return K;
}

function matVec(H: Float64Array, v: Float64Array): Float64Array {
  const P = v.length;
  const out = new Float64Array(P);
  for (let r = 0; r < P; r++) {
    let acc = 0;
    for (let c = 0; c < P; c++) acc += H[r * P + c] * v[c];
    out[r] = acc;
  }
  return out;
}

function maxAsymmetry(H: Float64Array, P: number): number {
  let a = 0;
  for (let r = 0; r < P; r++) for (let c = 0; c < r; c++) a = Math.max(a, Math.abs(H[r * P + c] - H[c * P + r]));
  return a;
}

// ---------------------------------------------------------------- quadratures of eq. (5)
/** (1/n) Σ_i ∫ p_i(y) g_i(y)² dy by adaptive Gauss–Legendre, split at the kinks, the centres and
 *  their midpoints, over mu x_i ± 40 sigma. */
function quadratureMean(inst: Instance, g: (y: number, c: number) => number): number {
  const { m, n, mu, sigma, params, x } = inst;
  const cs = Array.from(x, (v) => mu * v);
  const mids = cs.slice(1).map((c, i) => 0.5 * (c + cs[i]));
  let total = 0;
  for (const c of cs) {
    const lo = c - 40 * sigma, hi = c + 40 * sigma;
    const breaks = [lo, hi, ...[...kinks(params, m), ...cs, ...mids].filter((t) => t > lo && t < hi)].sort((a, b) => a - b);
    const f = (y: number): number => Math.exp(-((y - c) ** 2) / (2 * sigma * sigma)) / (sigma * Math.sqrt(2 * Math.PI)) * g(y, c) ** 2;
    total += integrate(f, refineBreaks(breaks, sigma / 2), { relTol: 1e-14 }).value;
  }
  return total / n;
}

function riskByQuadrature(inst: Instance): number {
  const s = scoreFn(inst.params, inst.m);
  return quadratureMean(inst, (y, c) => s(y) + (y - c) / inst.sigma ** 2);
}

const relErr = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

// ---------------------------------------------------------------- the settings
const FD_SETTINGS: [number, InstanceOptions][] = [
  [101, { model: 'theory', m: 5, n: 4, sigma: 0.05, nearData: 4 }],
  [102, { model: 'theory', m: 6, n: 5, sigma: 0.57, nearData: 3 }],
  [103, { model: 'full', m: 5, n: 4, sigma: 0.05, nearData: 3, zeroW1: true }],
  [104, { model: 'full', m: 6, n: 6, sigma: 0.57, nearData: 3, zeroW1: true }],
  [105, { model: 'theory', m: 1, n: 1, sigma: 0.05, nearData: 1 }],
  [106, { model: 'full', m: 1, n: 1, sigma: 0.57, nearData: 1 }],
];

describe.each(BACKENDS.map((be) => [be.name, be] as const))('exact 1-D (%s)', (_name, be) => {
  for (const [seed, o] of FD_SETTINGS) {
    const inst = makeInstance(seed, o);
    it(`${inst.label}: risk = quadrature of eq. (5)`, () => {
      expect(relErr(riskOnly(be, inst), riskByQuadrature(inst))).toBeLessThan(1e-11);
    });
    it(`${inst.label}: gradient = finite differences of the exact risk`, () => {
      const { grad } = riskAndGrad(be, inst);
      const err = normwiseError(grad, fdGradient(be, inst));
      expect(err).toBeLessThan(1e-8);
    });
    it(`${inst.label}: Hessian = finite differences of the exact gradient; the kink terms matter`, () => {
      const H = hessian(be, inst), Hfd = fdHessian(be, inst);
      const err = normwiseError(H, Hfd);
      expect(err).toBeLessThan(1e-7);
      const K = kinkPart(inst);
      const noKink = H.map((h, i) => h - K[i]), flipped = H.map((h, i) => h - 2 * K[i]);
      if (o.nearData) {
        expect(normwiseError(noKink, Hfd)).toBeGreaterThan(1e3 * err);
        expect(normwiseError(flipped, Hfd)).toBeGreaterThan(1e3 * err);
      }
    });
    it(`${inst.label}: Hessian exactly symmetric; Hv = H v (fresh, cached, after a change)`, () => {
      const P = 3 * inst.m;
      const H = hessian(be, inst);
      expect(maxAsymmetry(H, P)).toBe(0);
      const vs = [seededNormals(seed + 9, P), seededNormals(seed + 10, P)];
      const hv = hessianVectors(be, inst, vs);
      for (let k = 0; k < vs.length; k++) expect(normwiseError(hv[k], matVec(H, vs[k]))).toBeLessThan(1e-13);
    });
  }

  it('Hv cache: a change of params, x, mu or sigma through the same scratch is recomputed', () => {
    const inst = makeInstance(120, { model: 'full', m: 7, n: 5, sigma: 0.3, nearData: 2, zeroW1: true });
    const { m, n } = inst;
    const P = 3 * m;
    const s = be.f64(scratchLength.hessianVector1d(m, n));
    const v = be.f64From(seededNormals(121, P)), hv = be.f64(P);
    const variants: Instance[] = [
      inst,
      { ...inst, params: shifted(inst.params, 2 * m + 1, 1e-3) },
      { ...inst, params: shifted(inst.params, m + 2, -1e-9) },
      { ...inst, x: shifted(inst.x, 1, 1e-7).sort() },
      { ...inst, mu: inst.mu * (1 + 1e-12) },
      { ...inst, sigma: 0.31 },
      inst,
    ];
    for (const variant of variants) {
      const p = be.f64From(variant.params), x = be.f64From(variant.x);
      be.hessianVector1d(p, m, x, n, variant.mu, variant.sigma, v, hv, s);
      const want = matVec(hessian(be, variant), v.view().slice());
      expect(normwiseError(hv.view(), want)).toBeLessThan(1e-13);
      p.free(); x.free();
    }
    s.free(); v.free(); hv.free();
  });

  it('the kernels stay inside their scratch lengths and outputs', () => {
    for (const [m, n] of [[1, 1], [2, 3], [5, 1], [8, 8], [9, 2], [33, 20]]) {
      expect(coreLayout(m, n)).toBe(scratchLength.exactRisk1d(m, n));
      const inst = makeInstance(130 + m, { model: 'full', m, n, sigma: 0.4, nearData: 2, zeroW1: true });
      const SENT = 12345.678;
      const guarded = (len: number): ReturnType<Backend['f64']> => {
        const b = be.f64(len + 8);
        b.view().fill(SENT, len);
        return b;
      };
      const intact = (b: ReturnType<Backend['f64']>, len: number): boolean => b.view().subarray(len).every((t) => t === SENT);
      const p = be.f64From(inst.params), x = be.f64From(inst.x);
      const P = 3 * m;
      const s1 = guarded(scratchLength.exactRisk1d(m, n)), g = guarded(P);
      be.exactRisk1d(p, m, x, n, inst.mu, inst.sigma, g, s1);
      const s2 = guarded(scratchLength.hessian1d(m, n)), H = guarded(P * P);
      be.hessian1d(p, m, x, n, inst.mu, inst.sigma, H, s2);
      const s3 = guarded(scratchLength.hessianVector1d(m, n)), v = be.f64From(seededNormals(3, P)), hv = guarded(P);
      be.hessianVector1d(p, m, x, n, inst.mu, inst.sigma, v, hv, s3);
      expect([intact(s1, scratchLength.exactRisk1d(m, n)), intact(g, P), intact(s2, scratchLength.hessian1d(m, n)),
        intact(H, P * P), intact(s3, scratchLength.hessianVector1d(m, n)), intact(hv, P)]).toEqual([true, true, true, true, true, true]);
      for (const b of [p, x, s1, g, s2, H, s3, v, hv]) b.free();
    }
  });

  it('property: 50 random small instances (gradient, Hessian, Hv, risk, symmetry)', () => {
    const r = seededUniforms(140, 50 * 8);
    let worst = { grad: 0, hess: 0, hv: 0, risk: 0 };
    for (let k = 0; k < 50; k++) {
      const u = r.subarray(8 * k, 8 * k + 8);
      const o: InstanceOptions = {
        model: u[0] < 0.5 ? 'theory' : 'full',
        m: 1 + Math.floor(u[1] * 8),
        n: 1 + Math.floor(u[2] * 6),
        sigma: Math.exp(Math.log(0.04) + u[3] * Math.log(0.9 / 0.04)),
        nearData: Math.floor(u[4] * 3),
        zeroW1: u[5] < 0.3,
        w2Scale: 0.5 + 5 * u[6],
      };
      const inst = makeInstance(1000 + k, o);
      const P = 3 * inst.m;
      const { grad } = riskAndGrad(be, inst);
      const H = hessian(be, inst);
      const [hv] = hessianVectors(be, inst, [seededNormals(2000 + k, P)]);
      const e = {
        grad: normwiseError(grad, fdGradient(be, inst)),
        hess: normwiseError(H, fdHessian(be, inst)),
        hv: normwiseError(hv, matVec(H, seededNormals(2000 + k, P))),
        risk: relErr(riskOnly(be, inst), riskByQuadrature(inst)),
      };
      expect(e.grad, `${inst.label}: gradient`).toBeLessThan(1e-7);
      expect(e.hess, `${inst.label}: Hessian`).toBeLessThan(1e-6);
      expect(e.hv, `${inst.label}: Hv`).toBeLessThan(1e-13);
      expect(e.risk, `${inst.label}: risk`).toBeLessThan(1e-10);
      expect(maxAsymmetry(H, P), `${inst.label}: symmetry`).toBe(0);
      worst = { grad: Math.max(worst.grad, e.grad), hess: Math.max(worst.hess, e.hess), hv: Math.max(worst.hv, e.hv), risk: Math.max(worst.risk, e.risk) };
    }
    console.log(`[${be.name}] property test, worst errors:`, worst);
  });

  describe('analysis', () => {
    const inst = makeInstance(150, { model: 'full', m: 8, n: 6, sigma: 0.3, nearData: 2, zeroW1: true });
    const model = (p: Float64Array, m: number): { w1: number[]; b: number[]; w2: number[] } =>
      ({ w1: Array.from(p.subarray(0, m)), b: Array.from(p.subarray(m, 2 * m)), w2: Array.from(p.subarray(2 * m)) });
    const net = Net.fromModel(be, model(inst.params, inst.m), 1);
    const data = Dataset.from(be, Array.from(inst.x).reverse());
    const noise = { mu: inst.mu, sigma: inst.sigma };

    it('riskExact, gradExact, hessianExact = the kernels; theory Hessian = the (w2, b) sub-matrix', () => {
      const { risk, grad } = riskAndGrad(be, inst);
      expect(riskExact(net, data, noise)).toBe(risk);
      expect(gradExact(net, data, noise).grad).toEqual(grad);
      const H = hessian(be, inst);
      const all = hessianExact(net, data, noise, 'all');
      expect([all.order, all.size]).toEqual(['w1,b,w2', 24]);
      expect(all.matrix).toEqual(H);
      const th = hessianExact(net, data, noise, 'theory');
      expect([th.order, th.size]).toEqual(['w2,b', 16]);
      const m = inst.m, P = 3 * m;
      for (let r = 0; r < 2 * m; r++) {
        for (let c = 0; c < 2 * m; c++) {
          const fr = r < m ? 2 * m + r : r, fc = c < m ? 2 * m + c : c;
          expect(th.matrix[r * 2 * m + c]).toBe(H[fr * P + fc]);
        }
      }
      expect(theorySubmatrix(H, m)).toEqual(th.matrix);
    });

    it('theory Hessian = finite differences of the exact gradient in (w2, b)', () => {
      const th = hessianExact(net, data, noise, 'theory').matrix;
      const Hfd = theorySubmatrix(fdHessian(be, inst), inst.m);
      expect(normwiseError(th, Hfd)).toBeLessThan(1e-7);
    });

    it('hessianVectorProduct / hessianOperator (all and theory) = the dense matrices times v', () => {
      for (const params of ['all', 'theory'] as const) {
        const { matrix, size } = hessianExact(net, data, noise, params);
        const op = hessianOperator(net, data, noise, params);
        expect(op.size).toBe(size);
        for (let k = 0; k < 3; k++) {
          const v = seededNormals(160 + k, size);
          expect(normwiseError(op.apply(v), matVec(matrix, v))).toBeLessThan(1e-13);
        }
        op.free();
        const v = seededNormals(170, size);
        expect(normwiseError(hessianVectorProduct(net, data, noise, v, params), matVec(matrix, v))).toBeLessThan(1e-13);
      }
    });

    it('excess-risk identity: R_n(s) - R_n(s*) = (1/n) Σ_i E_i (s - s*)² (quadrature)', () => {
      for (const [seed, sigma] of [[151, 0.57], [152, 0.05], [153, 0.2]] as const) {
        const I = makeInstance(seed, { model: 'full', m: 8, n: 6, sigma, nearData: 2, zeroW1: true, w2Scale: 1 });
        const nt = Net.fromModel(be, model(I.params, I.m), 1), dt = Dataset.from(be, Array.from(I.x));
        const ex = excessRiskExact(nt, dt, { mu: I.mu, sigma: I.sigma });
        const s = scoreFn(I.params, I.m);
        const q = quadratureMean(I, (y) => s(y) - sStarAt(I.x, I.mu, I.sigma, y).value);
        expect(relErr(ex.value, q), `sigma = ${sigma}`).toBeLessThan(1e-9);
        expect(ex.risk - ex.riskSStar).toBe(ex.value);
        nt.free(); dt.free();
      }
    });

    it('riskSStar = the quadrature of eq. (5) at s = s* (relative 1e-10)', () => {
      for (const [seed, sigma, n] of [[181, 0.57, 20], [182, 0.05, 10], [183, 0.31, 7], [184, 0.01, 5]] as const) {
        const I = makeInstance(seed, { model: 'full', m: 1, n, sigma });
        const q = quadratureMean(I, (y, c) => sStarAt(I.x, I.mu, I.sigma, y).value + (y - c) / sigma ** 2);
        expect(relErr(riskSStar(I.x, { mu: I.mu, sigma }), q), `sigma = ${sigma}`).toBeLessThan(1e-10);
      }
      // n = 1: s*(y) = (mu x - y)/sigma² is the exact score, R_n(s*) = 0.
      expect(riskSStar([0.7], { mu: 0.8, sigma: 0.2 })).toBe(0);
    });

    it('validation: typed InputErrors name the field', () => {
      const bad = (fn: () => unknown, field: string): void => {
        let caught: unknown;
        try { fn(); } catch (e) { caught = e; }
        expect(caught).toBeInstanceOf(InputError);
        expect((caught as InputError).field).toBe(field);
      };
      bad(() => riskExact(net, data, { mu: 1.5, sigma: 0.3 }), 'mu');
      bad(() => gradExact(net, data, { mu: 0.5, sigma: 0 }), 'sigma');
      bad(() => hessianExact(net, data, noise, 'some' as 'all'), 'params');
      const net2 = Net.zeros(be, { dIn: 2, m: 3, dOut: 2 });
      bad(() => riskExact(net2, data, noise), 'model');
      const data2 = Dataset.from(be, [[1, 2], [3, 4]]);
      bad(() => riskExact(net, data2, noise), 'x');
      bad(() => riskSStar([1, NaN], noise), 'x');
      bad(() => riskSStar([], noise), 'x');
      const op = hessianOperator(net, data, noise, 'theory');
      bad(() => op.apply(new Float64Array(3 * inst.m)), 'v');
      bad(() => op.apply(new Float64Array(2 * inst.m).fill(NaN)), 'v');
      op.free();
      net2.free(); data2.free();
    });
  });
});
