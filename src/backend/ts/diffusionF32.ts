// Pure-TypeScript twin of assembly/kernels/diffusionF32.ts: the diffusion batch draw and the
// fused loss + gradient in f32, same draws and the same f32 operations in the same order.
import { scratchLength } from '../contract.js';
import { Xoshiro } from './rng.js';
import { backwardRow32, hiddenLayer32, outputLayer32 } from './reluNetF32.js';

const fr = Math.fround;

/** Smallest k < nTimes with u < cumWeights[k] (f64), or nTimes − 1. */
function timeIndex(cumWeights: Float64Array, nTimes: number, u: number): number {
  let lo = 0, hi = nTimes - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (u < cumWeights[mid]) hi = mid; else lo = mid + 1;
  }
  return lo;
}

/** Draw a batch of B rows in f32 (diffusionBatch's draw order; indices from f64 uniforms). */
export function diffusionBatchF32(x: Float32Array, n: number, d: number, times: Float32Array,
  mus: Float32Array, sigmas: Float32Array, cumWeights: Float64Array, nTimes: number, B: number,
  rng: Float64Array, U: Float32Array, Z: Float32Array): void {
  const g = new Xoshiro(rng);
  for (let b = 0; b < B; b++) {
    const i = Math.min(Math.floor(n * g.uniform()), n - 1);
    const k = timeIndex(cumWeights, nTimes, g.uniform());
    const mu = mus[k], sigma = sigmas[k];
    const u = b * (d + 1), z = b * d, xi = i * d;
    U[u] = times[k];
    for (let j = 0; j < d; j++) {
      const zj = fr(g.normal());
      Z[z + j] = zj;
      U[u + 1 + j] = fr(mu * x[xi + j]) + fr(sigma * zj);
    }
  }
  g.store(rng);
}

/** Σ_b ||r_theta(U_b) − Z_b||² (f32) and grad (P, f32, overwritten) ← its gradient.
 *  scratch: scratchLength.denoiseLossGradF32(dIn, m, dOut). */
export function denoiseLossGradF32(params: Float32Array, dIn: number, m: number, dOut: number,
  U: Float32Array, Z: Float32Array, rows: number, grad: Float32Array, scratch: Float32Array): number {
  const need = scratchLength.denoiseLossGradF32(dIn, m, dOut);
  if (scratch.length < need) throw new Error(`denoiseLossGradF32: scratch has ${scratch.length} slots, needs ${need}`);
  const h = scratch.subarray(0, m), delta = scratch.subarray(m, 2 * m);
  const c = scratch.subarray(2 * m, 2 * m + dOut), lanes = scratch.subarray(2 * m + dOut, 2 * m + dOut + 16);
  const mF = fr(m);
  grad.fill(0, 0, m * (dIn + 1 + dOut));
  let sum = 0;
  for (let b = 0; b < rows; b++) {
    hiddenLayer32(params, dIn, m, U, b * dIn, h);
    outputLayer32(params, dIn, m, dOut, h, c, 0, lanes);
    for (let j = 0; j < dOut; j++) {
      const f = fr(c[j] - Z[b * dOut + j]);
      sum = fr(sum + fr(f * f));
      c[j] = fr(2 * f) / mF;
    }
    backwardRow32(params, dIn, m, dOut, U, b * dIn, h, c, 0, grad, delta, true);
  }
  return sum;
}
