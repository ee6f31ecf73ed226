// The `withKinks` estimator (src/analysis/kinkTerms.ts) and the denoising losses
// (src/analysis/denoisingLoss.ts): (1) 1-D, against the exact Hessian (kink blocks to rounding,
// λ_max within Monte Carlo error, `sampled` = the exact Hessian minus its kink part);
// (2) d = 2, a 1-D problem embedded on a line, symmetry, neuron permutations, and the kink term
// against finite differences of a large sample's gradient (their kink crossings, minus the
// R-op); (3) the diffusion loss: the sample is unbiased, stratified in time, and its Hessian
// symmetric; its kink term against the same finite differences.
import { describe, expect, it } from 'vitest';
import { scratchLength, type Backend } from '../src/backend/index.js';
import {
  diffusionLoss, drawLossSample, sampleLoss, scoreLoss, type DenoisingLoss, type TimeSchedule,
} from '../src/analysis/denoisingLoss.js';
import { symmetricEigenvalues } from '../src/analysis/eigen.js';
import { hessianExact } from '../src/analysis/exact1d.js';
import { kinkTerms1d } from '../src/analysis/kinks1d.js';
import { addKinkProduct, kinkBlocks, type KinkBlocks } from '../src/analysis/kinkTerms.js';
import { sharpnessExact } from '../src/analysis/sharpness.js';
import { sampledHessianOperator, sharpnessDenoising } from '../src/analysis/sharpnessSampled.js';
import { Xoshiro, rngSeed } from '../src/backend/ts/rng.js';
import { Dataset } from '../src/model/dataset.js';
import { InputError } from '../src/model/errors.js';
import { Net } from '../src/model/net.js';
import { noiseAt } from '../src/model/schedule.js';
import { train } from '../src/model/train.js';
import { BACKENDS, normwiseError, seededNormals, wasm } from './helpers/parity.js';
import { kinkPart1d } from './helpers/kinks.js';

const dot = (a: ArrayLike<number>, b: ArrayLike<number>): number => { let s = 0; for (let i = 0; i < a.length; i++) s += a[i] * b[i]; return s; };
const spectralNorm = (A: Float64Array, P: number): number => { const ev = symmetricEigenvalues(A, P); return Math.max(-ev[0], ev[P - 1]); };
const meanSd = (xs: number[]): { mean: number; sd: number } => {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return { mean, sd: Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1)) };
};

/** The 1-D kink blocks [[D, Dτ], [Dτ, Dτ²]] per neuron from kinks1d.ts. */
function blocks1d(net: Net, data: Dataset, noise: { mu: number; sigma: number }): Float64Array {
  const k = kinkTerms1d(net, data, noise), out = new Float64Array(4 * net.shape.m);
  for (let l = 0; l < net.shape.m; l++) { const D = k.D[l], t = k.tau[l]; out.set([D, D * t, D * t, D * t * t], 4 * l); }
  return out;
}

/** The dense matrix of an operator (P products). */
function dense(P: number, apply: (v: Float64Array, out: Float64Array) => void): Float64Array {
  const S = new Float64Array(P * P), e = new Float64Array(P), col = new Float64Array(P);
  for (let j = 0; j < P; j++) { e.fill(0); e[j] = 1; apply(e, col); for (let i = 0; i < P; i++) S[i * P + j] = col[i]; }
  return S;
}

/** ∇L̂(θ) = (2/N) Σ_k J_kᵀ (net(U_k) − T_k) on a fixed sample, by netForward + netBackward. */
function sampleGrad(be: Backend, shape: Net['shape'], params: Float64Array, U: Float64Array, T: Float64Array, N: number): Float64Array {
  const { dIn, m, dOut } = shape;
  const p = be.f64From(params), u = be.f64From(U), out = be.f64(N * dOut), g = be.f64(params.length);
  const scratch = be.f64(scratchLength.net(dIn, m, dOut));
  be.netForward(p, dIn, m, dOut, u, N, out, scratch);
  const f = out.view();
  for (let i = 0; i < N * dOut; i++) f[i] = (2 / N) * (f[i] - T[i]);
  be.netBackward(p, dIn, m, dOut, u, N, out, g, scratch);
  const res = g.view().slice();
  for (const b of [p, u, out, g, scratch]) b.free();
  return res;
}

/** The kink part of H v seen by finite differences on a large fixed sample: the central
 *  difference of the sample gradient (whose change includes the rows whose kink crosses
 *  between θ − h v and θ + h v) minus the sample's R-op Hessian–vector product. */
function kinkByDifferences(net: Net, loss: DenoisingLoss, draws: number, seed: number, v: Float64Array, h: number): Float64Array {
  const be = net.backend, sample = drawLossSample(be, loss, draws, seed);
  const U = sample.U.view().slice(), T = sample.T.view().slice(), th = net.params.view().slice();
  const gp = sampleGrad(be, net.shape, th.map((p, i) => p + h * v[i]), U, T, sample.N);
  const gm = sampleGrad(be, net.shape, th.map((p, i) => p - h * v[i]), U, T, sample.N);
  const op = sampledHessianOperator(net, sample), hv = new Float64Array(v.length);
  op.apply(v, hv);
  op.free(); sample.free();
  return gp.map((g, i) => (g - gm[i]) / (2 * h) - hv[i]);
}

/** The kink term K v against finite differences, each within its Monte Carlo error: two
 *  independent finite-difference samples and two kink seeds; a mean of two has error ≈ half
 *  their difference, so allow 1.5 × (spread of the differences + spread of the kink terms)
 *  (≈ 3 standard deviations). The kink sum cancels between components of opposite residual
 *  sign, so its relative error is larger than 1/√kinkDraws suggests. */
function expectKinkMatchesDifferences(net: Net, loss: DenoisingLoss, v: Float64Array, draws: number, h: number, seed: number): void {
  const [a, b] = [seed, seed + 100].map((s) => kinkByDifferences(net, loss, draws, s, v, h));
  const [k1, k2] = [seed + 1, seed + 101].map((s) => kinkProduct(kinkBlocks(net, loss, { kinkDraws: 20000, seed: s }), v));
  const fd = a.map((x, i) => 0.5 * (x + b[i])), kv = k1.map((x, i) => 0.5 * (x + k2[i]));
  const tol = 1.5 * (normwiseError(a, b) + normwiseError(k1, k2));
  expect(tol).toBeLessThan(0.4);
  expect(normwiseError(fd, kv)).toBeLessThan(tol);
  expect(normwiseError(fd, kv.map((x) => 0.5 * x))).toBeGreaterThan(tol); // half of K would fail
}

const kinkProduct = (k: KinkBlocks, v: Float64Array): Float64Array => { const out = new Float64Array(v.length); addKinkProduct(k, v, out); return out; };

describe.each(BACKENDS.map((be) => [be.name, be] as const))('1-D score model on %s (n = 10, t = 0.2)', (_name, be) => {
  const noise = noiseAt(0.2);
  const data = Dataset.sample(be, { n: 10, d: 1, seed: 11 });
  const loss = scoreLoss(data, noise.mu, noise.sigma);

  it('kink blocks = the exact kink part (kinks1d.ts) to rounding: trained, and at initialisation (all kinks at 0)', () => {
    const trained = Net.experiment(be, { dIn: 1, dOut: 1, m: 60, seed: 12 });
    train(trained, data, { ...noise, eta: 0.1, B: 50, epochs: 2000, seed: 13 });
    const init = Net.experiment(be, { dIn: 1, dOut: 1, m: 100, seed: 12 });
    for (const net of [trained, init]) {
      const ref = blocks1d(net, data, noise);
      for (const kinkDraws of [10, 64]) { // one draw per component, and proportional allocation
        expect(normwiseError(kinkBlocks(net, loss, { kinkDraws, seed: 5 }).K, ref)).toBeLessThan(1e-12);
      }
      // kinkDraws < n: components drawn ∝ q_c (stratified); unbiased: the mean over seeds → ref
      const mean = new Float64Array(ref.length), S = 200;
      for (let s = 0; s < S; s++) kinkBlocks(net, loss, { kinkDraws: 4, seed: 100 + s }).K.forEach((v, i) => { mean[i] += v / S; });
      const one = kinkBlocks(net, loss, { kinkDraws: 4, seed: 99 }).K;
      const errMean = normwiseError(mean, ref), errOne = normwiseError(one, ref);
      expect(errOne).toBeGreaterThan(1e-3);
      expect(errMean).toBeLessThan(4 * errOne / Math.sqrt(S));
    }
    trained.free(); init.free();
  });

  it('withKinks λ_max = the exact λ_max within Monte Carlo error; sampled = exact without kinks; the gap is large at initialisation', () => {
    const m = 100, net = Net.experiment(be, { dIn: 1, dOut: 1, m, seed: 12 });
    const exact = sharpnessExact(net, data, noise, 'all').value;
    const H = hessianExact(net, data, noise, 'all').matrix, K = kinkPart1d(net, data, noise), P = 3 * m;
    const noKink = H.map((h, i) => h - K[i]), evNoKink = symmetricEigenvalues(noKink, P)[P - 1];
    const withK: number[] = [], sampled: number[] = [];
    for (const seed of [1, 2, 3, 4]) {
      const w = sharpnessDenoising(net, loss, { estimator: 'withKinks', draws: 1000, kinkDraws: 32, seed, eta: 0.1 });
      const s = sharpnessDenoising(net, loss, { estimator: 'sampled', draws: 1000, seed });
      expect(w.converged && s.converged).toBe(true);
      expect([w.estimator, w.kinkDraws, w.draws, w.seed, s.estimator, s.kinkDraws]).toEqual(['withKinks', 32, 1000, seed, 'sampled', undefined]);
      expect(w.stabilityBound).toBeCloseTo(2 / (m * 0.1), 14);
      withK.push(w.value); sampled.push(s.value);
    }
    const a = meanSd(withK), b = meanSd(sampled);
    expect(exact - evNoKink).toBeGreaterThan(0.5 * exact); // kinks dominate here
    expect(Math.abs(a.mean - exact)).toBeLessThan(4 * a.sd / 2 + 1e-3 * exact);
    expect(a.sd).toBeLessThan(0.05 * exact);
    expect(Math.abs(b.mean - evNoKink)).toBeLessThan(4 * b.sd / 2 + 1e-3 * evNoKink);
    expect(Math.abs(b.mean - exact)).toBeGreaterThan(0.5 * exact);
    net.free();
  });

  it('sampled (large draws) = the exact Hessian minus its kink part: spectral norm of the dense difference', () => {
    const m = 40, net = Net.experiment(be, { dIn: 1, dOut: 1, m, seed: 14 }); // at initialisation: kinks matter
    const P = 3 * m, H = hessianExact(net, data, noise, 'all').matrix, K = kinkPart1d(net, data, noise);
    const noKink = H.map((h, i) => h - K[i]);
    const sample = drawLossSample(be, loss, 4000, 16), op = sampledHessianOperator(net, sample);
    const S = dense(P, (v, out) => op.apply(v, out));
    op.free(); sample.free();
    const kb = kinkBlocks(net, loss, { kinkDraws: 16, seed: 17 });
    const W = S.map((s, i) => s); // S + K from the blocks
    const withK = dense(P, (v, out) => { out.fill(0); addKinkProduct(kb, v, out); });
    for (let i = 0; i < P * P; i++) W[i] += withK[i];
    const scale = spectralNorm(H, P);
    expect(spectralNorm(S.map((s, i) => s - noKink[i]), P)).toBeLessThan(0.02 * scale);
    expect(spectralNorm(W.map((w, i) => w - H[i]), P)).toBeLessThan(0.02 * scale);
    expect(spectralNorm(K, P)).toBeGreaterThan(0.05 * scale); // so the two checks differ
    net.free();
  });
});

/** A 1-D problem embedded in 2-D on the line through e: x_i = x_i^1 e, w1_l = w1_l^1 e,
 *  w2_l = w2_l^1 e, same b. Its kink blocks, projected on (b, e·w1), are the 1-D ones. */
describe('d = 2 score model', () => {
  const be = wasm, noise = noiseAt(0.2), e = [Math.cos(0.7), Math.sin(0.7)], eo = [-e[1], e[0]];
  const data1 = Dataset.sample(be, { n: 10, d: 1, seed: 21 });
  const net1 = Net.experiment(be, { dIn: 1, dOut: 1, m: 30, seed: 22 });
  const x1 = data1.x.view().slice(), p1 = net1.params.view().slice(), m = 30;
  const data2 = Dataset.from(be, Array.from(x1, (x) => [x * e[0], x * e[1]]), 2);
  const net2 = Net.zeros(be, { dIn: 2, dOut: 2, m });
  const p2 = net2.params.view();
  for (let l = 0; l < m; l++) {
    for (let a = 0; a < 2; a++) { p2[a * m + l] = p1[l] * e[a]; p2[(3 + a) * m + l] = p1[2 * m + l] * e[a]; }
    p2[2 * m + l] = p1[m + l];
  }
  const loss2 = scoreLoss(data2, noise.mu, noise.sigma);

  it('a 1-D problem on a line: (b, e·w1) blocks = the 1-D kink part to rounding; the orthogonal direction ≈ σ² D_l', () => {
    const K = kinkBlocks(net2, loss2, { kinkDraws: 20000, seed: 24 }).K, ref = blocks1d(net1, data1, noise);
    const proj = new Float64Array(4 * m), orth = new Float64Array(m), D = new Float64Array(m);
    for (let l = 0; l < m; l++) {
      const B = K.subarray(9 * l, 9 * l + 9), at = (a: number, b: number): number => B[3 * a + b];
      const ew = (a: number, v: number[]): number => v[0] * at(a, 1) + v[1] * at(a, 2);
      const q = (u: number[], v: number[]): number => u[0] * (v[0] * at(1, 1) + v[1] * at(1, 2)) + u[1] * (v[0] * at(2, 1) + v[1] * at(2, 2));
      proj.set([at(0, 0), ew(0, e), ew(0, e), q(e, e)], 4 * l);
      orth[l] = q(eo, eo);
      D[l] = ref[4 * l] * noise.sigma ** 2;
      for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) expect(at(a, b)).toBe(at(b, a));
    }
    expect(normwiseError(proj, ref)).toBeLessThan(1e-11);
    // E[(e⊥·z)²] = 1 on the hyperplane: Monte Carlo, 2000 draws over 10 components
    expect(normwiseError(orth, D)).toBeLessThan(0.15);
    expect(normwiseError(orth, D)).toBeGreaterThan(1e-6);
  });

  it('permuting neurons permutes the blocks (within Monte Carlo error) and leaves the sharpness', () => {
    const perm = Array.from({ length: m }, (_, l) => (7 * l + 3) % m);
    const netP = Net.zeros(be, { dIn: 2, dOut: 2, m }), pp = netP.params.view(), p = net2.params.view();
    for (let r = 0; r < 5; r++) for (let l = 0; l < m; l++) pp[r * m + perm[l]] = p[r * m + l];
    const K = kinkBlocks(net2, loss2, { kinkDraws: 256, seed: 31 }).K, K2 = kinkBlocks(net2, loss2, { kinkDraws: 256, seed: 32 }).K;
    const KP = kinkBlocks(netP, loss2, { kinkDraws: 256, seed: 31 }).K, back = new Float64Array(K.length);
    for (let l = 0; l < m; l++) back.set(KP.subarray(9 * perm[l], 9 * perm[l] + 9), 9 * l);
    const mc = normwiseError(K2, K);
    expect(mc).toBeGreaterThan(1e-6);
    expect(normwiseError(back, K)).toBeLessThan(3 * mc);
    const opts = { estimator: 'sampled', draws: 200, seed: 33 } as const;
    expect(sharpnessDenoising(netP, loss2, opts).value).toBeCloseTo(sharpnessDenoising(net2, loss2, opts).value, 12);
    netP.free();
  });

  it('a generic net: the kink term = finite differences of a large sample gradient minus the R-op; withKinks H symmetric', () => {
    const data = Dataset.sample(be, { n: 5, d: 2, seed: 41 }), M = 8;
    const net = Net.experiment(be, { dIn: 2, dOut: 2, m: M, seed: 42 });
    train(net, data, { ...noise, eta: 0.1, B: 50, epochs: 500, seed: 43 });
    const loss = scoreLoss(data, noise.mu, noise.sigma);
    const v = seededNormals(44, net.size);
    for (let i = 3 * M; i < 5 * M; i++) v[i] = 0; // the kink part lives on (w1, b)
    expectKinkMatchesDifferences(net, loss, v, 200000, 2e-2, 45);
    const kb = kinkBlocks(net, loss, { kinkDraws: 64, seed: 45 });
    const sample = drawLossSample(be, loss, 50, 47), op = sampledHessianOperator(net, sample);
    const full = (x: Float64Array): Float64Array => { const out = new Float64Array(x.length); op.apply(x, out); addKinkProduct(kb, x, out); return out; };
    const w = seededNormals(48, net.size), Hv = full(v), Hw = full(w);
    expect(Math.abs(dot(w, Hv) - dot(v, Hw))).toBeLessThan(1e-12 * Math.sqrt(dot(Hv, Hv) * dot(w, w)));
    op.free(); sample.free(); net.free(); data.free();
  });
});

describe('diffusion loss (fig3 shape: d = 2, net (t, y) → R²)', () => {
  const be = wasm, count = 100;
  const times = Array.from({ length: count }, (_, k) => 0.01 + (0.99 * k) / (count - 1));
  const schedule: TimeSchedule = { times, weights: times.map((t) => Math.sqrt(-Math.expm1(-2 * t))), muRate: 1 };
  const data = Dataset.sample(be, { n: 10, d: 2, seed: 51, scale: 2 });
  const loss = diffusionLoss(data, schedule), M = 8;
  const net = Net.experiment(be, { dIn: 3, dOut: 2, m: M, seed: 52 });

  it('rows: U = (t_k, mu(t_k) x_i + sigma(t_k) z), T = z; per point the time counts are within 1 of draws·w (stratified)', () => {
    const draws = 300, sample = drawLossSample(be, loss, draws, 53), U = sample.U.view(), T = sample.T.view(), x = data.x.view();
    const wsum = schedule.weights.reduce((a, b) => a + b, 0);
    for (let i = 0; i < 10; i++) {
      const counts = new Float64Array(count);
      for (let j = 0; j < draws; j++) {
        const r = i * draws + j, k = times.indexOf(U[3 * r]);
        expect(k).toBeGreaterThanOrEqual(0);
        counts[k]++;
        const mu = Math.exp(-times[k]), sigma = Math.sqrt(-Math.expm1(-2 * times[k]));
        for (let a = 0; a < 2; a++) expect(U[3 * r + 1 + a]).toBeCloseTo(mu * x[2 * i + a] + sigma * T[2 * r + a], 13);
      }
      let cum = 0, cumW = 0;
      for (let k = 0; k < count; k++) { cum += counts[k]; cumW += (draws * schedule.weights[k]) / wsum; expect(Math.abs(cum - cumW)).toBeLessThan(1 + 1e-9); }
    }
    sample.free();
  });

  it('the sample loss is unbiased: mean over seeds = a large i.i.d. sample (i uniform, t ∝ w, z normal) drawn here', () => {
    const est: number[] = [];
    for (let s = 0; s < 40; s++) { const sm = drawLossSample(be, loss, 20, 600 + s); est.push(sampleLoss(net, sm)); sm.free(); }
    // the oracle: plain i.i.d. rows, from another generator
    const N = 200000, state = new Float64Array(6);
    rngSeed(state, 54);
    const g = new Xoshiro(state), x = data.x.view(), U = new Float64Array(3 * N), Z = new Float64Array(2 * N);
    const wsum = schedule.weights.reduce((a, b) => a + b, 0);
    for (let r = 0; r < N; r++) {
      const i = Math.floor(g.uniform() * 10);
      let u = g.uniform() * wsum, k = 0;
      while (k < count - 1 && u >= schedule.weights[k]) { u -= schedule.weights[k]; k++; }
      const t = times[k], mu = Math.exp(-t), sigma = Math.sqrt(-Math.expm1(-2 * t));
      U[3 * r] = t;
      for (let a = 0; a < 2; a++) { const z = g.normal(); Z[2 * r + a] = z; U[3 * r + 1 + a] = mu * x[2 * i + a] + sigma * z; }
    }
    const Ub = be.f64From(U), out = be.f64(2 * N), scratch = be.f64(scratchLength.net(3, M, 2));
    be.netForward(net.params, 3, M, 2, Ub, N, out, scratch);
    const o = out.view();
    let a1 = 0, a2 = 0;
    for (let r = 0; r < N; r++) { const q = (o[2 * r] - Z[2 * r]) ** 2 + (o[2 * r + 1] - Z[2 * r + 1]) ** 2; a1 += q; a2 += q * q; }
    Ub.free(); out.free(); scratch.free();
    const oracle = a1 / N, seOracle = Math.sqrt((a2 / N - oracle ** 2) / N);
    const { mean, sd } = meanSd(est), se = Math.sqrt(sd ** 2 / est.length + seOracle ** 2);
    expect(Math.abs(mean - oracle)).toBeLessThan(4 * se);
    expect(se).toBeLessThan(0.02 * oracle);
  });

  it('sampled Hv is symmetric; the kink term (C = 1000 components > kinkDraws: drawn ∝ q) = finite differences', () => {
    const sample = drawLossSample(be, loss, 40, 55), op = sampledHessianOperator(net, sample);
    const v = seededNormals(56, net.size), w = seededNormals(57, net.size), Hv = new Float64Array(v.length), Hw = new Float64Array(v.length);
    op.apply(v, Hv); op.apply(w, Hw);
    expect(Math.abs(dot(w, Hv) - dot(v, Hw))).toBeLessThan(1e-12 * Math.sqrt(dot(Hv, Hv) * dot(w, w)));
    op.free(); sample.free();
    for (let i = 4 * M; i < 6 * M; i++) v[i] = 0;
    expectKinkMatchesDifferences(net, loss, v, 100000, 1e-2, 58);
  });

  it('withKinks runs on the diffusion loss; bad inputs name their field', () => {
    const r = sharpnessDenoising(net, loss, { estimator: 'withKinks', draws: 100, kinkDraws: 16, seed: 60, eta: 2 });
    expect(r.converged).toBe(true);
    expect(r.lambdaMin).toBeLessThanOrEqual(r.value);
    const field = (f: () => unknown): string | undefined => { try { f(); } catch (err) { return err instanceof InputError ? err.field : 'other'; } return undefined; };
    expect(field(() => sharpnessDenoising(net, loss, { estimator: 'exact' as 'sampled', draws: 10, seed: 1 }))).toBe('estimator');
    expect(field(() => sharpnessDenoising(net, scoreLoss(data, 0.8, 0.5), { estimator: 'sampled', draws: 10, seed: 1 }))).toBe('model');
    expect(field(() => sharpnessDenoising(net, loss, { estimator: 'withKinks', draws: 10, kinkDraws: 0, seed: 1 }))).toBe('kinkDraws');
    expect(field(() => diffusionLoss(data, { ...schedule, muRate: 3 as 1 }))).toBe('muRate');
    expect(field(() => diffusionLoss(data, { ...schedule, weights: [1] }))).toBe('weights');
    expect(field(() => diffusionLoss(data, { ...schedule, times: times.map((t, k) => (k === 5 ? -t : t)) }))).toBe('times');
    expect(field(() => drawLossSample(be, loss, 0, 1))).toBe('draws');
  });
});
