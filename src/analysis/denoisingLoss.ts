// The two denoising losses of bigstep as one Gaussian mixture (SPEC §1 "Sharpness"; fig2/fig5
// score model, fig3 diffusion model), for the sharpness estimators `sampled` and `withKinks`:
//   L(θ) = Σ_c π_c E_{z~N(0,I_d)} || net_θ(u_c(z)) − T_c(z) ||²,   u_c(z) = (prefix_c, center_c + scale_c z).
// Components c = i·levels + k over the n training points i and the noise levels k:
// - score model (net dIn = dOut = d): one level (π_c = 1/n), no prefix, center = mu x_i,
//   scale = sigma, target T = −z/sigma — the risk R_n(s_θ) of eq. (5);
// - diffusion model (net dIn = d + 1, t first, dOut = d): levels = the time grid t_k with
//   weights w_k (normalised to sum 1), π_c = w_k / n, prefix = t_k, center = mu(t_k) x_i,
//   scale = sigma(t_k), target T = z; mu(t) = e^{−rate·t}, sigma(t) = sqrt(1 − e^{−2t}) — the
//   expectation of the fig3 batch loss (i uniform, t ∝ w, z normal).
// drawLossSample fixes a noise sample; the sample mean (1/N) Σ_rows ||net(U) − T||² is an
// unbiased estimator of L (see there). Browser-safe: no Node imports.
import type { Backend, F64 } from '../backend/contract.js';
import { RNG_STATE_LENGTH, scratchLength } from '../backend/contract.js';
import type { Dataset } from '../model/dataset.js';
import { InputError, describe } from '../model/errors.js';
import type { Net } from '../model/net.js';
import { integer, noiseLevel, seed as checkSeed } from '../model/validate.js';

export type DenoisingKind = 'score' | 'diffusion';

export interface DenoisingLoss {
  /** 'score': T = −z/scale_c; 'diffusion': T = z. */
  readonly kind: DenoisingKind;
  /** Data dimension, and the network's input (prefix + d) and output dimensions. */
  readonly d: number;
  readonly dIn: number;
  readonly dOut: number;
  /** n training points × `levels` noise levels = `count` components, c = i·levels + k. */
  readonly points: number;
  readonly levels: number;
  readonly count: number;
  /** w_k (levels; sum 1) and π_c = w_k / n (count; sum 1). */
  readonly levelWeight: Float64Array;
  readonly weight: Float64Array;
  /** count × (dIn − d): t_k for the diffusion model, empty for the score model. */
  readonly prefix: Float64Array;
  /** count × d: mu_k x_i. */
  readonly center: Float64Array;
  /** count: sigma_k. */
  readonly scale: Float64Array;
}

/** The target T_c(z) coordinate for noise coordinate z: −z/scale (score) or z (diffusion). */
export function targetOf(kind: DenoisingKind, scale: number, z: number): number {
  return kind === 'score' ? -(z / scale) : z;
}

/** Assemble the components of n points × the levels (mu_k, sigma_k, optional prefix t_k). */
function mixture(kind: DenoisingKind, data: Dataset, mus: ArrayLike<number>, sigmas: ArrayLike<number>,
  w: Float64Array, times: ArrayLike<number> | null): DenoisingLoss {
  const d = data.d, n = data.n, K = w.length, count = n * K, p = times === null ? 0 : 1;
  const x = data.x.view();
  const weight = new Float64Array(count), prefix = new Float64Array(count * p);
  const center = new Float64Array(count * d), scale = new Float64Array(count);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < K; k++) {
      const c = i * K + k;
      weight[c] = w[k] / n;
      if (times !== null) prefix[c] = times[k];
      for (let a = 0; a < d; a++) center[c * d + a] = mus[k] * x[i * d + a];
      scale[c] = sigmas[k];
    }
  }
  return { kind, d, dIn: d + p, dOut: d, points: n, levels: K, count, levelWeight: w, weight, prefix, center, scale };
}

/** The score-matching risk (5) at noise level (mu, sigma): net dIn = dOut = d. */
export function scoreLoss(data: Dataset, mu: number, sigma: number): DenoisingLoss {
  const v = noiseLevel(mu, sigma);
  return mixture('score', data, [v.mu], [v.sigma], Float64Array.of(1), null);
}

export interface TimeSchedule { times: number[]; weights: number[]; muRate: 1 | 2 }

/** The fig3 loss over a time grid: times t_k > 0, weights w_k >= 0 (normalised here to sum
 *  1), mu(t) = e^{−muRate·t}; net dIn = d + 1 (t first), dOut = d. */
export function diffusionLoss(data: Dataset, schedule: TimeSchedule): DenoisingLoss {
  const { times, weights, muRate } = schedule ?? ({} as TimeSchedule);
  if (muRate !== 1 && muRate !== 2) throw new InputError('muRate', '1 or 2', describe(muRate));
  if (!Array.isArray(times) || times.length === 0) throw new InputError('times', 'a non-empty array of finite numbers > 0', describe(times));
  if (!Array.isArray(weights) || weights.length !== times.length) {
    throw new InputError('weights', `an array of ${times.length} finite numbers >= 0 (one per time)`, describe(weights));
  }
  let total = 0;
  for (let k = 0; k < times.length; k++) {
    const t = times[k], w = weights[k];
    if (typeof t !== 'number' || !Number.isFinite(t) || t <= 0) throw new InputError('times', 'finite numbers > 0', describe(t), `times[${k}]`);
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) throw new InputError('weights', 'finite numbers >= 0', describe(w), `weights[${k}]`);
    total += w;
  }
  if (!(total > 0)) throw new InputError('weights', 'finite numbers >= 0 with a positive sum', 'all zeros');
  const w = Float64Array.from(weights, (v) => v / total);
  const mus = times.map((t) => Math.exp(-muRate * t)), sigmas = times.map((t) => Math.sqrt(-Math.expm1(-2 * t)));
  return mixture('diffusion', data, mus, sigmas, w, times);
}

/** A fixed sample: inputs U (N × dIn) and targets T (N × dOut) in backend memory. */
export interface LossSample { U: F64; T: F64; N: number; dIn: number; dOut: number; free(): void }

/** Rows from given noises z (row r = i·perPoint + j, d coordinates each) and the level of each
 *  row (null: level 0): U = (prefix_c, center_c + scale_c z), T = T_c(z), c = i·levels + level. */
export function lossSampleFromNoise(be: Backend, loss: DenoisingLoss, perPoint: number, z: Float64Array,
  level: Int32Array | null): LossSample {
  const { d, dIn, dOut, levels } = loss, p = dIn - d, N = loss.points * perPoint;
  const U = be.f64(N * dIn), T = be.f64(N * dOut);
  const u = U.view(), t = T.view();
  for (let r = 0; r < N; r++) {
    const c = Math.floor(r / perPoint) * levels + (level === null ? 0 : level[r]);
    const sc = loss.scale[c];
    for (let a = 0; a < p; a++) u[r * dIn + a] = loss.prefix[c * p + a];
    for (let a = 0; a < d; a++) {
      const za = z[r * d + a];
      u[r * dIn + p + a] = loss.center[c * d + a] + sc * za;
      t[r * dOut + a] = targetOf(loss.kind, sc, za);
    }
  }
  return { U, T, N, dIn, dOut, free: () => { U.free(); T.free(); } };
}

/** Smallest k with cum[k] > u (cum nondecreasing, last = 1; u in [0, 1)). */
export function inverseCdf(cum: Float64Array, u: number): number {
  let lo = 0, hi = cum.length - 1;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (cum[mid] > u) hi = mid; else lo = mid + 1; }
  return lo;
}

/** Running sums of w, the last set to exactly 1. */
export function cumulative(w: ArrayLike<number>): Float64Array {
  const cum = new Float64Array(w.length);
  let s = 0;
  for (let k = 0; k < w.length; k++) { s += w[k]; cum[k] = s; }
  for (let k = 0; k < w.length; k++) cum[k] /= s;
  cum[w.length - 1] = 1;
  return cum;
}

/** A fixed noise sample of N = n·draws rows from the backend generator seeded with `seed`:
 *  `draws` rows per training point i (stratified over the points, each of weight 1/n), with
 *  standard normals z consumed first in row order (point i, draw j, coordinate a). With more
 *  than one level (diffusion), N uniforms U_ij follow, and row (i, j) takes the level
 *  k = F⁻¹((j + U_ij)/draws), F the CDF of the level weights: stratified sampling of the time,
 *  so each row's level has law w restricted to its stratum, and the strata together have law w.
 *  Hence E[(1/N) Σ_rows ||net(U) − T||²] = Σ_i (1/n) Σ_k w_k E_z ||·||² = L exactly (unbiased),
 *  and the sampled Hessian (1/N) Σ ∇²||·||² is unbiased for E[∇² loss] likewise. */
export function drawLossSample(be: Backend, loss: DenoisingLoss, draws: number, seed: number): LossSample {
  const perPoint = integer('draws', draws, 1), N = loss.points * perPoint, d = loss.d;
  const rng = be.f64(RNG_STATE_LENGTH), z = be.f64(N * d), uni = be.f64(loss.levels > 1 ? N : 1);
  try {
    be.rngSeed(rng, checkSeed('seed', seed));
    be.rngNormals(rng, z, N * d);
    let level: Int32Array | null = null;
    if (loss.levels > 1) {
      be.rngUniforms(rng, uni, N);
      const cum = cumulative(loss.levelWeight), u = uni.view();
      level = new Int32Array(N);
      for (let r = 0; r < N; r++) level[r] = inverseCdf(cum, ((r % perPoint) + u[r]) / perPoint);
    }
    // a copy: lossSampleFromNoise allocates, which can move the Wasm memory under a view
    return lossSampleFromNoise(be, loss, perPoint, z.view().slice(), level);
  } finally { rng.free(); z.free(); uni.free(); }
}

/** The sample loss (1/N) Σ_rows ||net(U_r) − T_r||² (the unbiased estimate of L). */
export function sampleLoss(net: Net, sample: LossSample): number {
  checkShape(net, sample);
  const be = net.backend, { dIn, m, dOut } = net.shape, N = sample.N;
  const out = be.f64(N * dOut), scratch = be.f64(scratchLength.net(dIn, m, dOut));
  try {
    be.netForward(net.params, dIn, m, dOut, sample.U, N, out, scratch);
    const s = out.view(), t = sample.T.view();
    let total = 0;
    for (let i = 0; i < N * dOut; i++) { const f = s[i] - t[i]; total += f * f; }
    return total / N;
  } finally { out.free(); scratch.free(); }
}

/** The network must map dIn → dOut of the loss. */
export function checkShape(net: Net, loss: { dIn: number; dOut: number }): void {
  const { dIn, dOut } = net.shape;
  if (dIn !== loss.dIn || dOut !== loss.dOut) {
    throw new InputError('model', `a network with input dimension ${loss.dIn} and output dimension ${loss.dOut} (the loss's)`,
      `dIn = ${dIn}, dOut = ${dOut}`);
  }
}
