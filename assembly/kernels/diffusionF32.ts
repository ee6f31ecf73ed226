// diffusion.ts in f32 (issue 14): the batch draw and the fused loss + gradient of the
// time-conditioned model on f32 buffers. Twin: src/backend/ts/diffusionF32.ts (bit-identical).
//
// Draws: diffusion.ts's order and integers — the data index and the time index from the f64
// uniforms (the time index by the inverse CDF on the f64 cumWeights), so an f32 batch picks
// the same rows and times as the f64 batch of the same seed; z = fl32(N), the f64 normal
// rounded. Row b: U = (times[k], (mus[k] ⊗ x_i) ⊕ (sigmas[k] ⊗ z)), Z = z (⊕ ⊗: f32 operations).
// Loss of a row: Σ_j f_j ⊗ f_j with f = r_theta(U_b) ⊖ z (in order), c = (2 ⊗ f) ⊘ m.
import { nextNormal, nextUniform, rngLoad, rngStore } from './rng';
import { ROW_BLOCK } from './reluNet';
import {
  Cp, Gp, Sp, backwardBlock32, beginGradient32, hiddenBlock32, loadInputs32, outputBlock32, unpadRows32,
} from './reluNetF32';

/** Smallest k < nTimes with u < cumWeights[k] (f64), or nTimes − 1 (diffusion.ts timeIndex). */
// @ts-ignore: decorator
@inline function timeIndex(cumWeights: usize, nTimes: i32, u: f64): i32 {
  let lo = 0, hi = nTimes - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (u < load<f64>(cumWeights + (<usize>mid << 3))) hi = mid; else lo = mid + 1;
  }
  return lo;
}

/** Draw a batch of B rows in f32 (draw order of diffusionBatch). */
export function diffusionBatchF32(x: usize, n: i32, d: i32, times: usize, mus: usize, sigmas: usize,
  cumWeights: usize, nTimes: i32, B: i32, rng: usize, U: usize, Z: usize): void {
  rngLoad(rng);
  for (let b = 0; b < B; b++) {
    let i = <i32>Math.floor(<f64>n * nextUniform());
    if (i >= n) i = n - 1;
    const k = timeIndex(cumWeights, nTimes, nextUniform());
    const kOff = <usize>k << 2;
    const mu = load<f32>(mus + kOff), sigma = load<f32>(sigmas + kOff);
    const xi = x + ((<usize>i * <usize>d) << 2);
    const u = U + ((<usize>b * <usize>(d + 1)) << 2);
    const z = Z + ((<usize>b * <usize>d) << 2);
    store<f32>(u, load<f32>(times + kOff));
    for (let j = 0; j < d; j++) {
      const zj = <f32>nextNormal();
      store<f32>(z + (<usize>j << 2), zj);
      store<f32>(u + (<usize>(j + 1) << 2), mu * load<f32>(xi + (<usize>j << 2)) + sigma * zj);
    }
  }
  rngStore(rng);
}

/** Σ_{b<rows} ||r_theta(U_b) − Z_b||² (f32, summed over b then j in order) and grad (P, f32,
 *  overwritten) ← its gradient; diffusion.ts denoiseLossGrad in f32.
 *  scratch: scratchLength.denoiseLossGradF32(dIn, m, dOut). */
export function denoiseLossGradF32(params: usize, dIn: i32, m: i32, dOut: i32, U: usize, Z: usize,
  rows: i32, grad: usize, scratch: usize): f64 {
  const mPad = beginGradient32(params, dIn, m, dOut, scratch);
  const mF = <f32>m;
  let sum: f32 = 0.0;
  for (let b0 = 0; b0 < rows; b0 += ROW_BLOCK) {
    const r = min(ROW_BLOCK, rows - b0);
    loadInputs32(U + ((<usize>b0 * <usize>dIn) << 2), dIn, r);
    hiddenBlock32(dIn, mPad, r);
    outputBlock32(dIn, m, dOut, r, Sp);
    const zb = Z + ((<usize>b0 * <usize>dOut) << 2);
    for (let q = 0; q < r * dOut; q++) {
      const off = <usize>q << 2;
      const f: f32 = load<f32>(Sp + off) - load<f32>(zb + off);
      sum += f * f;
      store<f32>(Cp + off, (<f32>2.0 * f) / mF);
    }
    backwardBlock32(dIn, mPad, dOut, r, true);
  }
  unpadRows32(Gp, dIn + 1 + dOut, m, grad);
  return <f64>sum;
}
