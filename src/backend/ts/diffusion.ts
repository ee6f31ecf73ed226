// Pure-TypeScript twin of assembly/kernels/diffusion.ts: time-conditioned denoising score
// matching (SPEC §1 "time-conditioned model", §2 fig3). Same draws and the same sums in the
// same order as the Wasm kernels, so both backends agree bit for bit.
//   u = (t, y) in R^{d+1}, y = mu(t) x_i + sigma(t) z;  loss of a row = ||r_theta(u) − z||².
import { scratchLength } from '../contract.js';
import { Xoshiro } from './rng.js';
import { backwardRow, hiddenLayer, outputLayer } from './reluNet.js';

/** Smallest k < nTimes with u < cumWeights[k] (inverse CDF), or nTimes − 1 if none. */
function timeIndex(cumWeights: Float64Array, nTimes: number, u: number): number {
  let lo = 0, hi = nTimes - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (u < cumWeights[mid]) hi = mid; else lo = mid + 1;
  }
  return lo;
}

/** Draw a batch of B rows. Draw order (part of the contract), for b = 0, 1, ..., B − 1:
 *    (1) one uniform → data index i = floor(n U_1) (clamped to n − 1),
 *    (2) one uniform → time index k by the inverse CDF on cumWeights,
 *    (3) d normals z (polar method, continuing the stream).
 *  Writes U row b (d + 1) = (times[k], mus[k]·x_i + sigmas[k]·z) and Z row b (d) = z. */
export function diffusionBatch(x: Float64Array, n: number, d: number, times: Float64Array,
  mus: Float64Array, sigmas: Float64Array, cumWeights: Float64Array, nTimes: number, B: number,
  rng: Float64Array, U: Float64Array, Z: Float64Array): void {
  const g = new Xoshiro(rng);
  for (let b = 0; b < B; b++) {
    const i = Math.min(Math.floor(n * g.uniform()), n - 1);
    const k = timeIndex(cumWeights, nTimes, g.uniform());
    const mu = mus[k], sigma = sigmas[k];
    const u = b * (d + 1), z = b * d, xi = i * d;
    U[u] = times[k];
    for (let j = 0; j < d; j++) {
      const zj = g.normal();
      Z[z + j] = zj;
      U[u + 1 + j] = mu * x[xi + j] + sigma * zj;
    }
  }
  g.store(rng);
}

/** Σ_{b<rows} ||r_theta(U_b) − Z_b||², and grad (P, overwritten) ← Σ_b J_theta(U_b)ᵀ 2(r − z),
 *  fused per row: hidden layer once, output, residual, backward on the same h.
 *  ReLU'(0) = 0. scratch: scratchLength.denoiseLossGrad(dIn, m, dOut). */
export function denoiseLossGrad(params: Float64Array, dIn: number, m: number, dOut: number,
  U: Float64Array, Z: Float64Array, rows: number, grad: Float64Array, scratch: Float64Array): number {
  const need = scratchLength.denoiseLossGrad(dIn, m, dOut);
  if (scratch.length < need) throw new Error(`denoiseLossGrad: scratch has ${scratch.length} slots, needs ${need}`);
  const h = scratch.subarray(0, m), delta = scratch.subarray(m, 2 * m), c = scratch.subarray(2 * m, 2 * m + dOut);
  grad.fill(0, 0, m * (dIn + 1 + dOut));
  let sum = 0;
  for (let b = 0; b < rows; b++) {
    hiddenLayer(params, dIn, m, U, b * dIn, h);
    outputLayer(params, dIn, m, dOut, h, c, 0); // c ← r_theta(U_b)
    for (let j = 0; j < dOut; j++) {
      const f = c[j] - Z[b * dOut + j]; // f = r − z
      sum += f * f;
      c[j] = (2 * f) / m;               // gOut = 2f, then the mean-field 1/m
    }
    backwardRow(params, dIn, m, dOut, U, b * dIn, h, c, 0, grad, delta, true);
  }
  return sum;
}
