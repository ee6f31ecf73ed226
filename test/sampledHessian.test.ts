// The sampled-loss Hessian–vector product (kernel sampledHessianVector) against the math, on both
// backends: (a) central finite differences of the sampled loss's gradient (from netBackward),
// (b) symmetry uᵀHv = vᵀHu, (c) in 1-D with a large sample, the exact Hessian of R_n minus its
// kink part (SPEC §1: D_l on (b_l, b_l), D_l τ_l on (b_l, w1_l), D_l τ_l² on (w1_l, w1_l)).
import { describe, expect, it } from 'vitest';
import { scratchLength, type Backend } from '../src/backend/index.js';
import { hessianExact } from '../src/analysis/exact1d.js';
import { symmetricEigenvalues } from '../src/analysis/eigen.js';
import { drawLossSample, scoreLoss } from '../src/analysis/denoisingLoss.js';
import { sampledHessianOperator, sharpnessSampled } from '../src/analysis/sharpnessSampled.js';
import { Dataset } from '../src/model/dataset.js';
import { Net } from '../src/model/net.js';
import { noiseAt } from '../src/model/schedule.js';
import { train } from '../src/model/train.js';
import { BACKENDS, normwiseError, seededNormals } from './helpers/parity.js';
import { kinkPart1d } from './helpers/kinks.js';

/** ∇L(θ) = (2/N) Σ_k J_kᵀ f_k of the sampled loss, from netForward + netBackward. */
function sampledGrad(be: Backend, params: Float64Array, d: number, m: number, Y: Float64Array, R: Float64Array, N: number): Float64Array {
  const p = be.f64From(params), y = be.f64From(Y), out = be.f64(N * d), g = be.f64(params.length);
  const scratch = be.f64(scratchLength.net(d, m, d));
  be.netForward(p, d, m, d, y, N, out, scratch);
  const f = out.view();
  for (let i = 0; i < N * d; i++) f[i] = (2 / N) * (f[i] + R[i]);
  be.netBackward(p, d, m, d, y, N, out, g, scratch);
  const res = g.view().slice();
  for (const b of [p, y, out, g, scratch]) b.free();
  return res;
}

function hv(be: Backend, params: Float64Array, d: number, m: number, Y: Float64Array, R: Float64Array, N: number, v: Float64Array): Float64Array {
  const bufs = [be.f64From(params), be.f64From(Y), be.f64From(R.map((r) => -r)), be.f64From(v), be.f64(v.length), be.f64(scratchLength.sampledHessianVector(d, m, d))];
  be.sampledHessianVector(bufs[0], d, m, d, bufs[1], bufs[2], N, bufs[3], bufs[4], bufs[5]);
  const out = bufs[4].view().slice();
  for (const b of bufs) b.free();
  return out;
}

const dot = (a: ArrayLike<number>, b: ArrayLike<number>): number => { let s = 0; for (let i = 0; i < a.length; i++) s += a[i] * b[i]; return s; };

describe.each(BACKENDS.map((be) => [be.name, be] as const))('sampledHessianVector on %s', (_name, be) => {
  for (const [d, m, N] of [[1, 7, 40], [2, 9, 30], [10, 21, 12]] as const) {
    it(`d = ${d}, m = ${m}, N = ${N}: finite differences of the gradient, and symmetry`, () => {
      const P = m * (2 * d + 1);
      const params = seededNormals(71 + d, P), Y = seededNormals(72 + d, N * d), R = seededNormals(73 + d, N * d, 1.5);
      const v = seededNormals(74 + d, P), u = seededNormals(75 + d, P);
      const Hv = hv(be, params, d, m, Y, R, N, v);
      const h = 1e-6;
      const plus = params.map((p, i) => p + h * v[i]), minus = params.map((p, i) => p - h * v[i]);
      const gp = sampledGrad(be, plus, d, m, Y, R, N), gm = sampledGrad(be, minus, d, m, Y, R, N);
      const fd = gp.map((g, i) => (g - gm[i]) / (2 * h));
      expect(normwiseError(Hv, fd)).toBeLessThan(1e-7);
      const Hu = hv(be, params, d, m, Y, R, N, u);
      expect(Math.abs(dot(u, Hv) - dot(v, Hu))).toBeLessThan(1e-12 * Math.sqrt(dot(Hv, Hv) * dot(u, u)));
    });
  }

  it('1-D, N = 20·2000: the dense sampled Hessian ≈ exact Hessian minus its kink part (Monte Carlo error)', () => {
    const noise = noiseAt(0.2), m = 12;
    const data = Dataset.sample(be, { n: 20, d: 1, seed: 81 });
    const net = Net.experiment(be, { dIn: 1, dOut: 1, m, seed: 82 });
    train(net, data, { ...noise, eta: 0.1, B: 50, epochs: 1000, seed: 83 });
    const H = hessianExact(net, data, noise, 'all').matrix, K = kinkPart1d(net, data, noise);
    const noKink = H.map((h, i) => h - K[i]);
    const sample = drawLossSample(be, scoreLoss(data, noise.mu, noise.sigma), 2000, 84);
    const op = sampledHessianOperator(net, sample);
    const P = 3 * m, S = new Float64Array(P * P), e = new Float64Array(P), col = new Float64Array(P);
    for (let j = 0; j < P; j++) { e.fill(0); e[j] = 1; op.apply(e, col); for (let i = 0; i < P; i++) S[i * P + j] = col[i]; }
    op.free(); sample.free();
    const errNoKink = normwiseError(S, noKink), errExact = normwiseError(S, H);
    expect(errNoKink).toBeLessThan(0.03);
    expect(errNoKink).toBeLessThan(errExact);
    const top = (A: Float64Array): number => { const ev = symmetricEigenvalues(A, P); return ev[P - 1]; };
    expect(Math.abs(top(S) - top(noKink))).toBeLessThan(0.03 * Math.abs(top(noKink)));
    const s = sharpnessSampled(net, data, noise, { draws: 2000, seed: 84, eta: 0.1 });
    expect(s.converged).toBe(true);
    expect(Math.abs(s.value - top(S))).toBeLessThan(1e-7 * Math.abs(top(S)));
    expect(s.stabilityBound).toBeCloseTo(2 / (m * 0.1), 14);
  });
});

describe('kink part (src/analysis/kinks1d.ts)', () => {
  it('applyKinkPart = the dense K times v; K is symmetric', async () => {
    const { applyKinkPart, kinkPartDense, kinkTerms1d } = await import('../src/analysis/kinks1d.js');
    const be = BACKENDS[0], noise = noiseAt(0.05), m = 9;
    const data = Dataset.sample(be, { n: 6, d: 1, seed: 91 });
    const net = Net.experiment(be, { dIn: 1, dOut: 1, m, seed: 92 });
    const k = kinkTerms1d(net, data, noise), K = kinkPartDense(k), v = seededNormals(93, 3 * m), out = new Float64Array(3 * m);
    applyKinkPart(k, v, out);
    for (let i = 0; i < 3 * m; i++) {
      let s = 0;
      for (let j = 0; j < 3 * m; j++) { s += K[i * 3 * m + j] * v[j]; expect(K[i * 3 * m + j]).toBe(K[j * 3 * m + i]); }
      expect(out[i]).toBeCloseTo(s, 14);
    }
    expect(k.D.some((d) => d !== 0)).toBe(true);
  });
});
