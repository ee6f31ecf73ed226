// Plain-loop networks and s* in any dimension, for verify's Monte Carlo routes (d > 1, the
// time-conditioned model):
//   net(u) = (1/m) Σ_l w2_l relu(w1_l·u + b_l),   w1_l ∈ R^dIn, w2_l ∈ R^dOut       (SPEC §1)
//   s*(y)  = (Σ_i ω_i μ x_i − y)/σ²,  ω_i ∝ exp(−||y − μ x_i||²/(2σ²))                  (eq. 6)
// Nothing here comes from src/analysis or the backend.
import type { ModelJson } from '../model/net.js';

export interface NetNd {
  dIn: number; m: number; dOut: number;
  /** w1[l·dIn + j], b[l], w2[l·dOut + c] (neuron-major). */
  w1: Float64Array; b: Float64Array; w2: Float64Array;
}

/** From the SPEC §3 `model` shape: per neuron a number (width 1) or a row. */
export function netNd(model: ModelJson, dIn: number, dOut: number): NetNd {
  const m = model.b.length;
  const rows = (v: number[] | number[][], width: number): Float64Array => {
    const out = new Float64Array(m * width);
    for (let l = 0; l < m; l++) {
      const row = v[l];
      for (let j = 0; j < width; j++) out[l * width + j] = Array.isArray(row) ? row[j] : (row as number);
    }
    return out;
  };
  return { dIn, m, dOut, w1: rows(model.w1, dIn), b: Float64Array.from(model.b), w2: rows(model.w2, dOut) };
}

/** out[0..dOut) ← net(u[at..at+dIn)). */
export function forwardNd(net: NetNd, u: ArrayLike<number>, at: number, out: Float64Array): void {
  const { dIn, m, dOut } = net;
  out.fill(0, 0, dOut);
  for (let l = 0; l < m; l++) {
    let a = net.b[l];
    for (let j = 0; j < dIn; j++) a += net.w1[l * dIn + j] * u[at + j];
    if (a <= 0) continue;
    for (let c = 0; c < dOut; c++) out[c] += net.w2[l * dOut + c] * a;
  }
  for (let c = 0; c < dOut; c++) out[c] /= m;
}

/** out ← s*(y) for data x (n × d, row-major) at (μ, σ), log-sum-exp over the points. */
export function sStarNd(x: ArrayLike<number>, n: number, d: number, mu: number, sigma: number, y: ArrayLike<number>,
  out: Float64Array): void {
  const q = new Float64Array(n);
  let best = Infinity;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let c = 0; c < d; c++) s += (y[c] - mu * x[i * d + c]) ** 2;
    q[i] = s;
    best = Math.min(best, s);
  }
  let z = 0;
  out.fill(0, 0, d);
  for (let i = 0; i < n; i++) {
    const w = Math.exp(-(q[i] - best) / (2 * sigma * sigma));
    z += w;
    for (let c = 0; c < d; c++) out[c] += w * mu * x[i * d + c];
  }
  for (let c = 0; c < d; c++) out[c] = (out[c] / z - y[c]) / (sigma * sigma);
}

/** The rows of JSON points (numbers in 1-D, rows otherwise) as one n × d array. */
export function flatPoints(x: number[] | number[][], d: number): Float64Array {
  const out = new Float64Array(x.length * d);
  x.forEach((row, i) => { for (let c = 0; c < d; c++) out[i * d + c] = Array.isArray(row) ? row[c] : row; });
  return out;
}
