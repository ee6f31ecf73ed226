// Pure-TypeScript twin of assembly/kernels/sgdDenseF32.ts: sgdDense in f32, same draws (the f64
// stream: indices from its uniforms, normals rounded to f32) and the same f32 operations in the
// same order (see the Wasm header), so both backends agree bit for bit.
import { scratchLength } from '../contract.js';
import { Xoshiro } from './rng.js';
import { backwardRow32, hiddenLayer32, outputLayer32 } from './reluNetF32.js';

const fr = Math.fround;

/** `epochs` SGD steps in f32. Returns the number of steps applied. scratch: scratchLength.sgdDenseF32(d, m, B). */
export function sgdDenseF32(params: Float32Array, d: number, m: number, x: Float32Array, n: number,
  mu: number, sigma: number, eta: number, B: number, epochs: number, trainW1: number,
  rng: Float64Array, losses: Float64Array | null, scratch: Float32Array): number {
  const need = scratchLength.sgdDenseF32(d, m, B);
  if (scratch.length < need) throw new Error(`sgdDenseF32: scratch has ${scratch.length} slots, needs ${need}`);
  const P = m * (2 * d + 1);
  let at = 0;
  const take = (len: number): Float32Array => scratch.subarray(at, (at += len));
  const grad = take(P), h = take(m), delta = take(m), y = take(d), c = take(d), z = take(B * d), lanes = take(16);
  const idx = new Int32Array(B);
  const firstTrained = trainW1 !== 0 ? 0 : d * m;
  const mu32 = fr(mu), sigma32 = fr(sigma), lr = fr(m * eta), scale = fr(2 / (B * m)), Bf = fr(B);
  const g = new Xoshiro(rng);

  for (let step = 0; step < epochs; step++) {
    for (let b = 0; b < B; b++) idx[b] = Math.min(Math.floor(n * g.uniform()), n - 1);
    for (let q = 0; q < B * d; q++) z[q] = g.normal(); // rounded to f32 by the store

    grad.fill(0);
    let sum = 0;
    for (let b = 0; b < B; b++) {
      const xi = idx[b] * d, zb = b * d;
      for (let k = 0; k < d; k++) y[k] = fr(mu32 * x[xi + k]) + fr(sigma32 * z[zb + k]);
      hiddenLayer32(params, d, m, y, 0, h);
      outputLayer32(params, d, m, d, h, c, 0, lanes);
      for (let k = 0; k < d; k++) {
        const f = fr(c[k] + fr(z[zb + k] / sigma32));
        sum = fr(sum + fr(f * f));
        c[k] = f * scale;
      }
      backwardRow32(params, d, m, d, y, 0, h, c, 0, grad, delta, trainW1 !== 0);
    }
    const loss = fr(sum / Bf);
    if (losses) losses[step] = loss;
    if (!Number.isFinite(loss)) {
      g.store(rng);
      return step;
    }
    for (let i = firstTrained; i < P; i++) params[i] = params[i] - fr(lr * grad[i]);
  }
  g.store(rng);
  return epochs;
}
