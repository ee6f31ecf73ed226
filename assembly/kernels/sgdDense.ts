// SGD on the denoising score-matching loss (SPEC §1 "SGD"), `epochs` steps in one call.
// Twin: src/backend/ts/sgdDense.ts (same draws, same sums in the same order: bit-identical).
//
// One step (the paper's "epoch"), network dIn = dOut = d:
//   (a) i_b = floor(n U_b), b = 0..B-1                 (B uniforms, nextUniform)
//   (b) z_bk ~ N(0, 1), row-major b*d + k              (B·d normals, nextNormal)
//       — this draw order is part of the contract: sgd1d consumes the generator identically.
//   Y_b = mu x_{i_b} + sigma z_b
//   f_b = s_theta(Y_b) + z_b / sigma                   (= s + (Y_b - mu x_{i_b}) / sigma²)
//   loss = (1/B) Σ_b ||f_b||²
//   grad = (2/B) Σ_b J_theta(Y_b)ᵀ f_b                 (reluNet.ts backward with g_b = 2 f_b / B)
//   theta ← theta − m·eta·grad                         (w1 untouched when trainW1 = 0)
// A non-finite loss stops the run before its update: the return value is the number of steps
// applied (returned < epochs ⇒ step returned+1 diverged; losses[returned] holds its loss).
import { nextNormal, nextUniform, rngLoad, rngStore } from './rng';
import { padNeurons } from './netBlocks';
import {
  Cp, Gp, ROW_BLOCK, Sp, Wp, Yp, backwardBlock, hiddenBlock, netLayout, outputBlock, padRows, unpadRows,
} from './reluNet';

/** `epochs` SGD steps; see the header. scratch: scratchLength.sgdDense(d, m, B). */
export function sgdDense(params: usize, d: i32, m: i32, x: usize, n: i32, mu: f64, sigma: f64,
  eta: f64, B: i32, epochs: i32, trainW1: i32, rng: usize, losses: usize, scratch: usize): i32 {
  // scratch: the network's segments, then z (B·d f64) and the indices (B i32)
  const zp = netLayout(scratch, d, m, d);
  const idx = zp + ((<usize>(B * d + 1) >> 1) << 4);
  const mPad = padNeurons(m);
  const rowsP = 2 * d + 1;
  const firstTrained = trainW1 != 0 ? 0 : d; // first parameter row the update touches
  const lr = <f64>m * eta;
  const scale = 2.0 / (<f64>B * <f64>m); // c_bj = (2/B) f_bj / m
  padRows(params, rowsP, m, Wp);
  rngLoad(rng);
  let done = epochs;
  for (let step = 0; step < epochs; step++) {
    // (a) indices, (b) normals — in this order
    for (let b = 0; b < B; b++) {
      let i = <i32>Math.floor(<f64>n * nextUniform());
      if (i >= n) i = n - 1;
      store<i32>(idx + (<usize>b << 2), i);
    }
    for (let q = 0; q < B * d; q++) store<f64>(zp + (<usize>q << 3), nextNormal());

    memory.fill(Gp, 0, (<usize>rowsP * <usize>mPad) << 3);
    let sum = 0.0;
    for (let b0 = 0; b0 < B; b0 += ROW_BLOCK) {
      const rows = min(ROW_BLOCK, B - b0);
      // ya_b = (mu x_{i_b} + sigma z_b, 1)
      for (let b = 0; b < rows; b++) {
        const xi = x + ((<usize>load<i32>(idx + (<usize>(b0 + b) << 2)) * <usize>d) << 3);
        const zb = zp + ((<usize>(b0 + b) * <usize>d) << 3);
        const ya = Yp + ((<usize>b * <usize>(d + 1)) << 3);
        for (let k = 0; k < d; k++) {
          store<f64>(ya + (<usize>k << 3), mu * load<f64>(xi + (<usize>k << 3)) + sigma * load<f64>(zb + (<usize>k << 3)));
        }
        store<f64>(ya + (<usize>d << 3), 1.0);
      }
      hiddenBlock(d, mPad, rows);
      outputBlock(d, m, d, rows, Sp);
      // f = s + z / sigma;  loss sum += f²;  c = (2/B) f / m
      const zb0 = zp + ((<usize>b0 * <usize>d) << 3);
      for (let q = 0; q < rows * d; q++) {
        const off = <usize>q << 3;
        const f = load<f64>(Sp + off) + load<f64>(zb0 + off) / sigma;
        sum += f * f;
        store<f64>(Cp + off, f * scale);
      }
      backwardBlock(d, mPad, d, rows, trainW1 != 0);
    }
    const loss = sum / <f64>B;
    if (losses != 0) store<f64>(losses + (<usize>step << 3), loss);
    if (!isFinite(loss)) { done = step; break; }

    // theta ← theta − m·eta·grad, row by row of the padded layout (padding: 0 − lr·0 = 0)
    const lrv = f64x2.splat(lr);
    const end = Wp + ((<usize>rowsP * <usize>mPad) << 3);
    let g = Gp + ((<usize>firstTrained * <usize>mPad) << 3);
    for (let p = Wp + ((<usize>firstTrained * <usize>mPad) << 3); p < end; p += 16, g += 16) {
      store<v128>(p, f64x2.sub(load<v128>(p), f64x2.mul(lrv, load<v128>(g))));
    }
  }
  rngStore(rng);
  unpadRows(Wp, rowsP, m, params);
  return done;
}
