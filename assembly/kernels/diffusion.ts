// Time-conditioned denoising score matching (SPEC §1 "time-conditioned model", §2 fig3): the
// batch draw and the fused loss + gradient of one chunk of rows.
// Twin: src/backend/ts/diffusion.ts (same draws, same sums in the same order: bit-identical).
//
// The model r_theta(u), u = (t, y) in R^{d+1} (t raw, first), predicts the noise z of
//   y = mu(t) x_i + sigma(t) z,   z ~ N(0, I_d),
// and the loss of a row is ||r_theta(t, y) − z||². The network is reluNet.ts's two-layer net
// with dIn = d + 1, dOut = d (mean-field 1/m output).
import { nextNormal, nextUniform, rngLoad, rngStore } from './rng';
import {
  Cp, Gp, ROW_BLOCK, Sp, backwardBlock, beginGradient, hiddenBlock, loadInputs, outputBlock, unpadRows,
} from './reluNet';

/** Smallest k < nTimes with u < cumWeights[k] (the inverse CDF of the time grid), or nTimes − 1
 *  if rounding left cumWeights[nTimes − 1] <= u. Binary search; the result is an integer, so
 *  any correct search gives the twin's answer. */
// @ts-ignore: decorator
@inline function timeIndex(cumWeights: usize, nTimes: i32, u: f64): i32 {
  let lo = 0, hi = nTimes - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (u < load<f64>(cumWeights + (<usize>mid << 3))) hi = mid; else lo = mid + 1;
  }
  return lo;
}

/** Draw a batch of B rows. Draw order (part of the contract), for b = 0, 1, ..., B − 1:
 *    (1) one uniform U_1 → data index i = floor(n U_1) (clamped to n − 1),
 *    (2) one uniform U_2 → time index k = timeIndex(cumWeights, U_2) (inverse CDF),
 *    (3) d normals z_0..z_{d−1} (polar method, continuing the stream).
 *  Writes U row b (d + 1 values) = (times[k], mus[k]·x_i + sigmas[k]·z) and Z row b (d) = z. */
export function diffusionBatch(x: usize, n: i32, d: i32, times: usize, mus: usize, sigmas: usize,
  cumWeights: usize, nTimes: i32, B: i32, rng: usize, U: usize, Z: usize): void {
  rngLoad(rng);
  for (let b = 0; b < B; b++) {
    let i = <i32>Math.floor(<f64>n * nextUniform());
    if (i >= n) i = n - 1;
    const k = timeIndex(cumWeights, nTimes, nextUniform());
    const kOff = <usize>k << 3;
    const mu = load<f64>(mus + kOff), sigma = load<f64>(sigmas + kOff);
    const xi = x + ((<usize>i * <usize>d) << 3);
    const u = U + ((<usize>b * <usize>(d + 1)) << 3);
    const z = Z + ((<usize>b * <usize>d) << 3);
    store<f64>(u, load<f64>(times + kOff));
    for (let j = 0; j < d; j++) {
      const zj = nextNormal();
      store<f64>(z + (<usize>j << 3), zj);
      store<f64>(u + (<usize>(j + 1) << 3), mu * load<f64>(xi + (<usize>j << 3)) + sigma * zj);
    }
  }
  rngStore(rng);
}

/** Σ_{b<rows} ||r_theta(U_b) − Z_b||², and grad (P = m(dIn+1+dOut), overwritten) ← its gradient
 *    ∇ = Σ_b J_theta(U_b)ᵀ 2 (r_theta(U_b) − Z_b),
 *  fused: each block of ROW_BLOCK rows computes its pre-activations once (hiddenBlock), then the
 *  output, the residual f = r − z, c = 2f/m and the backward pass (reluNet.ts backwardBlock) on
 *  the same h. Sums: the loss over b then j in order; the gradient as netBackward (netBlocks.ts
 *  header), so the result equals netForward + netBackward(gOut = 2f) bit for bit.
 *  ReLU'(0) = 0. scratch: scratchLength.denoiseLossGrad(dIn, m, dOut). */
export function denoiseLossGrad(params: usize, dIn: i32, m: i32, dOut: i32, U: usize, Z: usize,
  rows: i32, grad: usize, scratch: usize): f64 {
  const mPad = beginGradient(params, dIn, m, dOut, scratch);
  const mF = <f64>m;
  let sum = 0.0;
  for (let b0 = 0; b0 < rows; b0 += ROW_BLOCK) {
    const r = min(ROW_BLOCK, rows - b0);
    loadInputs(U + ((<usize>b0 * <usize>dIn) << 3), dIn, r);
    hiddenBlock(dIn, mPad, r);
    outputBlock(dIn, m, dOut, r, Sp);
    // f = r_theta − z;  loss sum += f²;  c = 2 f / m (gOut = 2f, then the mean-field 1/m)
    const zb = Z + ((<usize>b0 * <usize>dOut) << 3);
    for (let q = 0; q < r * dOut; q++) {
      const off = <usize>q << 3;
      const f = load<f64>(Sp + off) - load<f64>(zb + off);
      sum += f * f;
      store<f64>(Cp + off, (2.0 * f) / mF);
    }
    backwardBlock(dIn, mPad, dOut, r, true);
  }
  unpadRows(Gp, dIn + 1 + dOut, m, grad);
  return sum;
}
