// The pieces of verify's second routes against the production code they must agree with (on
// random nets, not trained ones): quadrature rule, thresholds, the 1-D quadrature Hessian–vector
// product, the sampled R-op, the regenerated loss sample and kink draws, MMD², key parsing.
import { describe, expect, it } from 'vitest';
import { diffusionLoss, drawLossSample, scoreLoss } from '../src/analysis/denoisingLoss.js';
import { excessRiskExact, hessianVectorProduct } from '../src/analysis/exact1d.js';
import { kinkBlocks, addKinkProduct as prodKinkProduct } from '../src/analysis/kinkTerms.js';
import { mmd } from '../src/analysis/mmd.js';
import { sampledHessianOperator } from '../src/analysis/sharpnessSampled.js';
import { Dataset } from '../src/model/dataset.js';
import { Net } from '../src/model/net.js';
import { timeGrid } from '../src/model/diffusion.js';
import { extremeEigenvalue } from '../src/verify/eigen.js';
import { hessianVector1d } from '../src/verify/hessian1d.js';
import { addKinkProduct, seededKinkDraws } from '../src/verify/kinkBlocks.js';
import { seededRows } from '../src/verify/lossSample.js';
import { diffusionMixture, scoreMixture } from '../src/verify/mixture.js';
import { gaussLegendre } from '../src/verify/quadrature1d.js';
import { sampledHessian } from '../src/verify/sampledHessian.js';
import { kernelMean } from '../src/verify/sampleStats.js';
import { excessRiskQuadrature, net1d, scoreGrid1d } from '../src/verify/score1d.js';
import { flatPoints, netNd } from '../src/verify/scoreNd.js';
import { normalQuantile, seThreshold } from '../src/verify/stats.js';
import { settingOfKey } from '../src/verify/sweep.js';
import { gaussianParams } from './helpers/nets.js';
import { seededNormals, wasm } from './helpers/parity.js';

const maxRel = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let num = 0, den = 0;
  for (let i = 0; i < a.length; i++) { num = Math.max(num, Math.abs(a[i] - b[i])); den = Math.max(den, Math.abs(b[i])); }
  return num / den;
};

function net(dIn: number, m: number, dOut: number, seed: number): Net {
  const n = Net.zeros(wasm, { dIn, m, dOut });
  n.params.view().set(gaussianParams(seed, dIn, m, dOut));
  return n;
}

describe('verify: numerical pieces', () => {
  it('Gauss–Legendre with 6 nodes integrates degree 11 exactly', () => {
    const { nodes, weights } = gaussLegendre(6);
    const integral = (k: number): number => nodes.reduce((s, x, g) => s + weights[g] * x ** k, 0);
    expect(integral(10)).toBeCloseTo(2 / 11, 14);
    expect(integral(11)).toBeCloseTo(0, 14);
  });

  it('thresholds in standard errors: Φ⁻¹ and the Bonferroni rule', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 6);
    expect(seThreshold(1)).toBe(4);
    expect(seThreshold(40)).toBeCloseTo(4.21, 2);
    expect(seThreshold(240)).toBeCloseTo(4.60, 2);
  });

  it('run settings read off the keys (fig1 has no d: 1)', () => {
    expect(settingOfKey('d=1/t=0.2/eta=0.5/sim=3', {})).toEqual({ d: 1, t: 0.2, eta: 0.5, sim: 3 });
    expect(settingOfKey('t=0.05/eta=0.1', {})).toEqual({ d: 1, sim: 0, t: 0.05, eta: 0.1 });
    expect(settingOfKey('d=2/eta=2/sim=0', { sets: 5 })).toMatchObject({ d: 2, eta: 2, sets: 5 });
  });
});

describe('verify: the 1-D quadrature route against the closed forms', () => {
  const x = Array.from(seededNormals(3, 12)), noise = { mu: 0.8, sigma: 0.5 };
  const data = Dataset.from(wasm, x, 1), nn = net(1, 60, 1, 5);
  const model = nn.toModel(), g = scoreGrid1d(net1d(model), x, noise.mu, noise.sigma);

  it('the excess risk E(s_θ − s*)² to 1e-10', () => {
    const exact = excessRiskExact(nn, data, noise).value;
    expect(Math.abs(excessRiskQuadrature(g) - exact) / exact).toBeLessThan(1e-10);
  });

  it.each(['all', 'theory'] as const)('the Hessian–vector product (%s) to 1e-12, and λ_max by power iteration', (params) => {
    const op = hessianVector1d(net1d(model), g, params);
    const v = seededNormals(9, op.size), out = new Float64Array(op.size);
    op.apply(v, out);
    expect(maxRel(out, hessianVectorProduct(nn, data, noise, v, params))).toBeLessThan(1e-12);
    const top = extremeEigenvalue(op, 1, { tol: 1e-10, scale: 0, maxIt: 2000, seed: 1 });
    expect(top.residual).toBeLessThan(1e-9 * Math.abs(top.value));
  });
});

describe('verify: the sampled routes against the production sample, R-op and kink blocks', () => {
  const d = 2, x = seededNormals(4, 8 * d);
  const pts = Array.from({ length: 8 }, (_, i) => Array.from(x.subarray(i * d, (i + 1) * d)));
  const data = Dataset.from(wasm, pts, d);
  const grid = timeGrid({ tMin: 0.05, count: 6, weighting: 'inverseSigma', muRate: 2 });

  it.each(['score', 'diffusion'] as const)('%s loss: the regenerated sample and kink draws give the same products', (kind) => {
    const nn = kind === 'score' ? net(d, 30, d, 7) : net(d + 1, 30, d, 8);
    const loss = kind === 'score' ? scoreLoss(data, 0.8, 0.6) : diffusionLoss(data, grid);
    const mix = kind === 'score' ? scoreMixture(flatPoints(pts, d), d, 0.8, 0.6)
      : diffusionMixture(flatPoints(pts, d), d, grid.times, grid.weights, 2);
    const sample = drawLossSample(wasm, loss, 5, 11);
    const rows = seededRows(wasm, mix, 8, 5, 11);
    expect(maxRel(rows.U, sample.U.view())).toBeLessThan(1e-15);
    const prod = sampledHessianOperator(nn, sample), mine = sampledHessian(netNd(nn.toModel(), nn.shape.dIn, d), rows);
    const v = seededNormals(12, mine.size), a = new Float64Array(mine.size), b = new Float64Array(mine.size);
    prod.apply(v, a); mine.apply(v, b);
    const K = kinkBlocks(nn, loss, { kinkDraws: 16, seed: 12 });
    prodKinkProduct(K, v, a);
    addKinkProduct(seededKinkDraws(wasm, netNd(nn.toModel(), nn.shape.dIn, d), mix, 16, 12), v, b, nn.shape.dIn, nn.shape.m);
    expect(maxRel(b, a)).toBeLessThan(1e-12);
    prod.free(); sample.free(); nn.free();
  });

  it('MMD kernel means by plain loops equal the kernel', () => {
    const X = seededNormals(20, 40 * 3), Y = seededNormals(21, 30 * 3);
    const bx = wasm.f64From(X), by = wasm.f64From(Y);
    const ref = mmd(wasm, bx, 40, by, 30, 3, 1.5);
    bx.free(); by.free();
    const mine = kernelMean(X, X, 3, 1.5) + kernelMean(Y, Y, 3, 1.5) - 2 * kernelMean(X, Y, 3, 1.5);
    expect(Math.abs(mine - ref.mmd2)).toBeLessThan(1e-13);
  });
});
