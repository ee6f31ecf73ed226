// Pure-TypeScript twin of assembly/kernels/sgdDense.ts: `epochs` SGD steps on the denoising
// score-matching loss (SPEC §1 "SGD"), same draws and same sums in the same order as the
// Wasm kernel (see its header for the step), so that both backends agree bit for bit.
import { scratchLength } from '../contract.js';
import { Xoshiro } from './rng.js';
import { backwardRow, hiddenLayer, outputLayer } from './reluNet.js';

/** `epochs` SGD steps of the network (dIn = dOut = d) on data x (n × d) at noise (mu, sigma).
 *  Returns the number of steps applied (< epochs: the next step's loss was not finite).
 *  scratch: scratchLength.sgdDense(d, m, B). */
export function sgdDense(params: Float64Array, d: number, m: number, x: Float64Array, n: number,
  mu: number, sigma: number, eta: number, B: number, epochs: number, trainW1: number,
  rng: Float64Array, losses: Float64Array | null, scratch: Float64Array): number {
  const need = scratchLength.sgdDense(d, m, B);
  if (scratch.length < need) throw new Error(`sgdDense: scratch has ${scratch.length} slots, needs ${need}`);
  const P = m * (2 * d + 1);
  let at = 0;
  const take = (len: number): Float64Array => scratch.subarray(at, (at += len));
  const grad = take(P), h = take(m), delta = take(m), y = take(d), c = take(d), z = take(B * d);
  const idx = new Int32Array(B);
  const firstTrained = trainW1 !== 0 ? 0 : d * m; // w1 occupies params[0 .. d*m)
  const lr = m * eta;
  const scale = 2 / (B * m); // c_bj = (2/B) f_bj / m
  const g = new Xoshiro(rng);

  for (let step = 0; step < epochs; step++) {
    // (a) i_b = floor(n U_b), (b) z_bk ~ N(0, 1) row-major — in this order
    for (let b = 0; b < B; b++) idx[b] = Math.min(Math.floor(n * g.uniform()), n - 1);
    for (let q = 0; q < B * d; q++) z[q] = g.normal();

    grad.fill(0);
    let sum = 0;
    for (let b = 0; b < B; b++) {
      const xi = idx[b] * d, zb = b * d;
      for (let k = 0; k < d; k++) y[k] = mu * x[xi + k] + sigma * z[zb + k]; // Y_b = mu x_i + sigma z_b
      hiddenLayer(params, d, m, y, 0, h);
      outputLayer(params, d, m, d, h, c, 0); // c ← s_theta(Y_b)
      for (let k = 0; k < d; k++) {
        const f = c[k] + z[zb + k] / sigma; // f = s + z/sigma = s + (Y - mu x)/sigma²
        sum += f * f;
        c[k] = f * scale;
      }
      backwardRow(params, d, m, d, y, 0, h, c, 0, grad, delta, trainW1 !== 0);
    }
    const loss = sum / B;
    if (losses) losses[step] = loss;
    if (!Number.isFinite(loss)) {
      g.store(rng);
      return step;
    }
    for (let i = firstTrained; i < P; i++) params[i] = params[i] - lr * grad[i]; // theta ← theta − m·eta·grad
  }
  g.store(rng);
  return epochs;
}
