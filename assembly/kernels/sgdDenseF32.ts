// sgdDense.ts in f32 (issue 14): `epochs` SGD steps of the denoising score-matching loss on
// f32 parameters and data with f32x4 blocks. Twin: src/backend/ts/sgdDenseF32.ts (bit-identical).
//
// One step, every quantity an f32 (mu, sigma, eta arrive as f64 and are rounded once; ⊕ ⊗ ⊘
// are f32 operations, no fused multiply-add):
//   (a) i_b = floor(n U_b) from the f64 uniforms — the same indices as sgdDense;
//   (b) z_bk = fl32(N_bk), the f64 normals of sgdDense rounded to f32, row-major b*d + k;
//   Y_b = (mu ⊗ x_i) ⊕ (sigma ⊗ z_b),  f_b = s_theta(Y_b) ⊕ (z_b ⊘ sigma),
//   loss = (Σ_b Σ_k f_bk ⊗ f_bk, in order) ⊘ B,  c_bk = f_bk ⊗ fl32(2/(B m)),
//   grad = Σ_b J(Y_b)ᵀ c_b (reluNetF32.ts backward),  theta ← theta ⊖ (fl32(m eta) ⊗ grad).
// A non-finite loss stops the run before its update (sgdDense's contract); losses[step] holds
// the f32 loss as an f64.
import { nextNormal, nextUniform, rngLoad, rngStore } from './rng';
import { padNeurons32 } from './netBlocksF32';
import { ROW_BLOCK } from './reluNet';
import {
  Cp, Gp, Sp, Wp, Yp, backwardBlock32, hiddenBlock32, netLayout32, outputBlock32, padRows32, unpadRows32,
} from './reluNetF32';

/** `epochs` SGD steps in f32; see the header. scratch: scratchLength.sgdDenseF32(d, m, B). */
export function sgdDenseF32(params: usize, d: i32, m: i32, x: usize, n: i32, mu: f64, sigma: f64,
  eta: f64, B: i32, epochs: i32, trainW1: i32, rng: usize, losses: usize, scratch: usize): i32 {
  // scratch: the f32 network's segments, then z (B·d f32, padded to 16 bytes) and the indices (B i32)
  const zp = netLayout32(scratch, d, m, d);
  const idx = zp + ((<usize>(B * d + 3) >> 2) << 4);
  const mPad = padNeurons32(m);
  const rowsP = 2 * d + 1;
  const firstTrained = trainW1 != 0 ? 0 : d;
  const mu32 = <f32>mu, sigma32 = <f32>sigma;
  const lr = <f32>(<f64>m * eta);
  const scale = <f32>(2.0 / (<f64>B * <f64>m)); // c = f · 2/(B m): the batch mean and the 1/m
  const Bf = <f32>B;
  padRows32(params, rowsP, m, Wp);
  rngLoad(rng);
  let done = epochs;
  for (let step = 0; step < epochs; step++) {
    for (let b = 0; b < B; b++) {
      let i = <i32>Math.floor(<f64>n * nextUniform());
      if (i >= n) i = n - 1;
      store<i32>(idx + (<usize>b << 2), i);
    }
    for (let q = 0; q < B * d; q++) store<f32>(zp + (<usize>q << 2), <f32>nextNormal());

    memory.fill(Gp, 0, (<usize>rowsP * <usize>mPad) << 2);
    let sum: f32 = 0.0;
    for (let b0 = 0; b0 < B; b0 += ROW_BLOCK) {
      const rows = min(ROW_BLOCK, B - b0);
      for (let b = 0; b < rows; b++) {
        const xi = x + ((<usize>load<i32>(idx + (<usize>(b0 + b) << 2)) * <usize>d) << 2);
        const zb = zp + ((<usize>(b0 + b) * <usize>d) << 2);
        const ya = Yp + ((<usize>b * <usize>(d + 1)) << 2);
        for (let k = 0; k < d; k++) {
          const o = <usize>k << 2;
          store<f32>(ya + o, mu32 * load<f32>(xi + o) + sigma32 * load<f32>(zb + o));
        }
        store<f32>(ya + (<usize>d << 2), 1.0);
      }
      hiddenBlock32(d, mPad, rows);
      outputBlock32(d, m, d, rows, Sp);
      const zb0 = zp + ((<usize>b0 * <usize>d) << 2);
      for (let q = 0; q < rows * d; q++) {
        const off = <usize>q << 2;
        const f: f32 = load<f32>(Sp + off) + load<f32>(zb0 + off) / sigma32;
        sum += f * f;
        store<f32>(Cp + off, f * scale);
      }
      backwardBlock32(d, mPad, d, rows, trainW1 != 0);
    }
    const loss: f32 = sum / Bf;
    if (losses != 0) store<f64>(losses + (<usize>step << 3), <f64>loss);
    if (!isFinite(loss)) { done = step; break; }

    const lrv = f32x4.splat(lr);
    const end = Wp + ((<usize>rowsP * <usize>mPad) << 2);
    let g = Gp + ((<usize>firstTrained * <usize>mPad) << 2);
    for (let p = Wp + ((<usize>firstTrained * <usize>mPad) << 2); p < end; p += 16, g += 16) {
      store<v128>(p, f32x4.sub(load<v128>(p), f32x4.mul(lrv, load<v128>(g))));
    }
  }
  rngStore(rng);
  unpadRows32(Wp, rowsP, m, params);
  return done;
}
