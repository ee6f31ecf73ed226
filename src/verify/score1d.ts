// Plain-loop 1-D scores and the quadrature grid of verify's second route (SPEC §1):
//   s_θ(y) = (1/m) Σ_l w2_l relu(w1_l y + b_l)                               (the network)
//   s*(y)  = Σ_i ω_i(y) (μ x_i − y)/σ²,  ω_i ∝ exp(−(y − μ x_i)²/(2σ²))      (eq. 6)
//   p̄(y)   = (1/n) Σ_i φ(y; μ x_i, σ²)
// and, on Gauss–Legendre panels split at the kinks −b_l/w1_l, at the centres μ x_i and their
// midpoints, over [μ min x − 12σ, μ max x + 12σ] (p̄ < e^{-72} outside, so the tails lose less
// than 1e-30 of any integrand verify uses): r(y) = s_θ(y) − s*(y) and the weights w_q p̄(y_q).
// Nothing here comes from src/analysis or the backend.
import type { ModelJson } from '../model/net.js';
import { panelGrid, type PanelGrid } from './quadrature1d.js';

export interface Net1d { m: number; w1: Float64Array; b: Float64Array; w2: Float64Array }

/** The 1-D network of a SPEC §3 `model` (w1, b, w2: arrays of m numbers). */
export function net1d(model: ModelJson): Net1d {
  const flat = (v: number[] | number[][]): Float64Array => Float64Array.from(v as (number | number[])[], (e) => (Array.isArray(e) ? e[0] : e));
  const w1 = flat(model.w1), b = flat(model.b), w2 = flat(model.w2);
  return { m: b.length, w1, b, w2 };
}

export function sTheta1d(net: Net1d, y: number): number {
  let s = 0;
  for (let l = 0; l < net.m; l++) {
    const a = net.w1[l] * y + net.b[l];
    if (a > 0) s += net.w2[l] * a;
  }
  return s / net.m;
}

/** s*(y) by log-sum-exp over the points (eq. 6). */
export function sStar1d(x: ArrayLike<number>, mu: number, sigma: number, y: number): number {
  let best = Infinity;
  for (let i = 0; i < x.length; i++) best = Math.min(best, (y - mu * x[i]) ** 2);
  let z = 0, num = 0;
  for (let i = 0; i < x.length; i++) {
    const e = Math.exp(-((y - mu * x[i]) ** 2 - best) / (2 * sigma * sigma));
    z += e;
    num += e * (mu * x[i] - y);
  }
  return num / z / (sigma * sigma);
}

/** φ(y; c, σ²), the normal density. */
export function normalPdf(y: number, c: number, sigma: number): number {
  const u = (y - c) / sigma;
  return Math.exp(-0.5 * u * u) / (sigma * Math.sqrt(2 * Math.PI));
}

export function pbar1d(x: ArrayLike<number>, mu: number, sigma: number, y: number): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += normalPdf(y, mu * x[i], sigma);
  return s / x.length;
}

/** The kink of neuron l, −b_l/w1_l (±Infinity-free: a neuron with w1_l = 0 has none, NaN). */
export function kinkOf(net: Net1d, l: number): number {
  return net.w1[l] === 0 ? NaN : -net.b[l] / net.w1[l];
}

/** Everything the 1-D routes integrate: the grid (breaks[l] = kink of neuron l for l < m),
 *  s_θ, s*, r = s_θ − s* and w_q p̄(y_q) at each node. */
export interface ScoreGrid1d {
  x: Float64Array;
  mu: number;
  sigma: number;
  grid: PanelGrid;
  sTheta: Float64Array;
  sStar: Float64Array;
  r: Float64Array;
  pbarW: Float64Array;
}

export function scoreGrid1d(net: Net1d, x: ArrayLike<number>, mu: number, sigma: number): ScoreGrid1d {
  const xs = Float64Array.from(x).sort();
  const lo = mu * xs[0] - 12 * sigma, hi = mu * xs[xs.length - 1] + 12 * sigma;
  const breaks: number[] = [];
  for (let l = 0; l < net.m; l++) { const k = kinkOf(net, l); breaks.push(Number.isNaN(k) ? lo : k); }
  for (let i = 0; i < xs.length; i++) {
    breaks.push(mu * xs[i]);
    if (i + 1 < xs.length) breaks.push(0.5 * mu * (xs[i] + xs[i + 1]));
  }
  const grid = panelGrid(lo, hi, breaks, sigma / 8);
  const Q = grid.y.length;
  const sTheta = new Float64Array(Q), sStar = new Float64Array(Q), r = new Float64Array(Q), pbarW = new Float64Array(Q);
  for (let q = 0; q < Q; q++) {
    const y = grid.y[q];
    sTheta[q] = sTheta1d(net, y);
    sStar[q] = sStar1d(xs, mu, sigma, y);
    r[q] = sTheta[q] - sStar[q];
    pbarW[q] = grid.w[q] * pbar1d(xs, mu, sigma, y);
  }
  return { x: xs, mu, sigma, grid, sTheta, sStar, r, pbarW };
}

/** E_{y ~ p̄} (s_θ − s*)² = R_n(s_θ) − R_n(s*), the excess risk (SPEC §1 identity). */
export function excessRiskQuadrature(g: ScoreGrid1d): number {
  let s = 0;
  for (let q = 0; q < g.r.length; q++) s += g.pbarW[q] * g.r[q] * g.r[q];
  return s;
}

/** R_n(s*) = (1/n) Σ_i E_{y ~ N(μ x_i, σ²)} (s*(y) − (μ x_i − y)/σ²)² (eq. 5 at s = s*). */
export function riskSStarQuadrature(g: ScoreGrid1d): number {
  return stratumMeans(g, (q, i) => (g.sStar[q] - target(g, q, i)) ** 2).reduce((a, b) => a + b, 0) / g.x.length;
}

/** The regression target of stratum i at node q: (μ x_i − y)/σ². */
export function target(g: ScoreGrid1d, q: number, i: number): number {
  return (g.mu * g.x[i] - g.grid.y[q]) / (g.sigma * g.sigma);
}

/** Per training point i, E_{y ~ N(μ x_i, σ²)} f(q, i) over the nodes. */
export function stratumMeans(g: ScoreGrid1d, f: (q: number, i: number) => number): number[] {
  return stratumMoments(g, [f], 1)[0].map((m) => m[0]);
}

/** For each f: per training point i, the raw moments [E f, E f², ..., E f^k] under N(μ x_i, σ²). */
export function stratumMoments(g: ScoreGrid1d, fs: ((q: number, i: number) => number)[], k: number): number[][][] {
  const out = fs.map(() => [] as number[][]);
  for (let i = 0; i < g.x.length; i++) {
    const m = fs.map(() => new Array<number>(k).fill(0));
    for (let q = 0; q < g.grid.y.length; q++) {
      const p = g.grid.w[q] * normalPdf(g.grid.y[q], g.mu * g.x[i], g.sigma);
      if (p === 0) continue;
      fs.forEach((f, j) => {
        const v = f(q, i);
        let pow = 1;
        for (let e = 0; e < k; e++) { pow *= v; m[j][e] += p * pow; }
      });
    }
    m.forEach((mj, j) => out[j].push(mj));
  }
  return out;
}
