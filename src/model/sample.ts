// Generation by the backward OU SDE (SPEC §2 fig3/fig4). Forward: dX = -X dt + √2 dW, so
// X_t = mu(t) X_0 + sigma(t) Z with mu(t) = e^{-t}, sigma(t) = sqrt(1 - e^{-2t}). Generation runs
// Euler–Maruyama backwards from T (start Y ~ N(0, I_d)) down to delta in `steps` equal steps:
//   h = (T - delta)/steps, t_k = T - k h (k = 0..steps-1),
//   Y ← Y + h (Y + 2 s(t_k, Y)) + √(2h) ξ_k            (kernel reverseSdeStep)
// with the score s from
//   sampleLearned:     a time-conditioned network r_theta(t, y) (dIn = d + 1, t first, dOut = d),
//                      s = -r_theta / sigma(t) (the network predicts the noise z);
//   sampleSStar:       the empirical optimal score s* of the training data at (mu(t), sigma(t))
//                      (eq. 6, kernel sStarNd); `muRate` 2 gives the notebooks' mu(t) = e^{-2t}
//                      (SPEC §5.1; sigma unchanged). muRate only enters s*;
//   sampleGaussianFit: no SDE: direct draws from N(x̄, Ĉ) fitted to the data (kernel
//                      gaussianFitSample; degenerate on the data's affine hull when n <= d).
// Every draw comes from one generator seeded with `seed`: first the N·d start normals, then N·d
// normals per step. Buffers are allocated once per call; the result is an F64 (N × d,
// row-major) that the caller frees. Browser-safe (no Node imports).
// Precision (issue 14): sampleLearned with precision 'f32' (default: the network's) runs the
// network and the EM steps in f32 (netForwardF32, reverseSdeStepF32) on the same draws rounded
// to f32 (start normals and ξ), from params32 (an f64 network's parameters rounded to f32 in a
// temporary buffer); the result is promoted to f64, so metrics (MMD, memorization) stay f64.
import type { F32, F64, Precision } from '../backend/contract.js';
import { PRECISIONS, RNG_STATE_LENGTH, scratchLength } from '../backend/contract.js';
import type { Dataset } from './dataset.js';
import { InputError, describe } from './errors.js';
import type { Net } from './net.js';
import { integer, oneOf, positive, seed as checkSeed } from './validate.js';

export interface SampleOptions {
  /** Number of samples (default 1000). */
  N?: number;
  /** Euler–Maruyama steps (default 100). */
  steps?: number;
  /** Start time (default 1). */
  T?: number;
  /** End time, in (0, T) (default 0.01). */
  delta?: number;
  seed: number;
  /** mu(t) = e^{-muRate t} in s* (default 1: the paper; 2: the notebooks, SPEC §5.1). */
  muRate?: 1 | 2;
  /** sampleLearned: arithmetic of the network and the EM steps (default: the network's precision). */
  precision?: Precision;
}

interface Schedule { N: number; steps: number; T: number; delta: number; h: number; seed: number; muRate: 1 | 2 }

/** Validated options with defaults; h = (T - delta)/steps. */
export function sampleSchedule(opts: SampleOptions): Schedule {
  if (typeof opts !== 'object' || opts === null) throw new InputError('seed', 'an options object with a seed', describe(opts));
  const N = integer('N', opts.N ?? 1000, 1);
  const steps = integer('steps', opts.steps ?? 100, 1);
  const T = positive('T', opts.T ?? 1);
  const delta = opts.delta ?? 0.01;
  if (typeof delta !== 'number' || !Number.isFinite(delta) || delta <= 0 || delta >= T) {
    throw new InputError('delta', `a number in (0, T) = (0, ${T})`, describe(delta));
  }
  const seed = checkSeed('seed', opts.seed);
  const muRate = opts.muRate ?? 1;
  if (muRate !== 1 && muRate !== 2) throw new InputError('muRate', '1 (paper: mu = e^-t) or 2 (notebooks: mu = e^-2t)', describe(muRate));
  return { N, steps, T, delta, h: (T - delta) / steps, seed, muRate };
}

/** sigma(t) = sqrt(1 - e^{-2t}). */
const sigmaAt = (t: number): number => Math.sqrt(-Math.expm1(-2 * t));
/** t_{k+1}: T - (k+1) h, and exactly delta after the last step. */
const nextTime = (s: Schedule, k: number): number => (k + 1 === s.steps ? s.delta : s.T - (k + 1) * s.h);

/** Samples driven by a time-conditioned network r_theta(t, y): s = -r_theta / sigma(t). */
export function sampleLearned(net: Net, opts: SampleOptions): F64 {
  const s = sampleSchedule(opts);
  const { dIn, dOut } = net.shape;
  if (dIn !== dOut + 1) {
    throw new InputError('model', 'a time-conditioned network: input (t, y) of dimension d + 1, output d', `dIn = ${dIn}, dOut = ${dOut}`);
  }
  const precision = oneOf('precision', opts.precision ?? net.precision, PRECISIONS);
  if (precision === 'f32') return sampleLearnedF32(net, s);
  const be = net.backend, d = dOut, N = s.N;
  const rng = be.f64(RNG_STATE_LENGTH), Y = be.f64(N * d), U = be.f64(N * (d + 1)), score = be.f64(N * d);
  try {
    be.rngSeed(rng, s.seed);
    be.rngNormals(rng, Y, N * d);
    const y = Y.view(), u = U.view();
    for (let j = 0; j < N; j++) {
      u[j * (d + 1)] = s.T;
      for (let c = 0; c < d; c++) u[j * (d + 1) + 1 + c] = y[j * d + c];
    }
    for (let k = 0; k < s.steps; k++) {
      const t = s.T - k * s.h;
      net.forward(U, N, score);
      const last = k + 1 === s.steps;
      be.reverseSdeStep(Y, N, d, s.h, score, -1 / sigmaAt(t), rng, nextTime(s, k), last ? null : U);
    }
    return Y;
  } catch (err) {
    Y.free();
    throw err;
  } finally {
    rng.free(); U.free(); score.free();
  }
}

/** sampleLearned in f32: the same schedule and draws, f32 network and EM steps; returns f64 rows. */
function sampleLearnedF32(net: Net, s: Schedule): F64 {
  const be = net.backend, { dIn, m, dOut } = net.shape, d = dOut, N = s.N;
  const rng = be.f64(RNG_STATE_LENGTH), start = be.f64(N * d);
  const owned: (F64 | F32)[] = [rng, start];
  try {
    be.rngSeed(rng, s.seed);
    be.rngNormals(rng, start, N * d);
    const Y = be.f32From(start.view()), U = be.f32(N * (d + 1)), score = be.f32(N * d);
    const scratch = be.f32(scratchLength.netF32(dIn, m, dOut));
    owned.push(Y, U, score, scratch);
    const params = net.params32 ?? be.f32From(net.params.view());
    if (net.params32 === null) owned.push(params);
    const y = Y.view(), u = U.view();
    for (let j = 0; j < N; j++) {
      u[j * (d + 1)] = s.T;
      for (let c = 0; c < d; c++) u[j * (d + 1) + 1 + c] = y[j * d + c];
    }
    for (let k = 0; k < s.steps; k++) {
      const t = s.T - k * s.h;
      be.netForwardF32(params, dIn, m, dOut, U, N, score, scratch);
      const last = k + 1 === s.steps;
      be.reverseSdeStepF32(Y, N, d, s.h, score, -1 / sigmaAt(t), rng, nextTime(s, k), last ? null : U);
    }
    return be.f64From(Y.view());
  } finally {
    for (const b of owned) b.free();
  }
}

/** Samples driven by the empirical optimal score s* of `data` at (mu(t_k), sigma(t_k)). */
export function sampleSStar(data: Dataset, opts: SampleOptions): F64 {
  const s = sampleSchedule(opts);
  const be = data.backend, d = data.d, N = s.N;
  const rng = be.f64(RNG_STATE_LENGTH), Y = be.f64(N * d), score = be.f64(N * d);
  try {
    be.rngSeed(rng, s.seed);
    be.rngNormals(rng, Y, N * d);
    for (let k = 0; k < s.steps; k++) {
      const t = s.T - k * s.h;
      be.sStarNd(data.x, data.n, d, Math.exp(-s.muRate * t), sigmaAt(t), Y, N, score, null);
      be.reverseSdeStep(Y, N, d, s.h, score, 1, rng, nextTime(s, k), null);
    }
    return Y;
  } catch (err) {
    Y.free();
    throw err;
  } finally {
    rng.free(); score.free();
  }
}

/** N direct draws from the Gaussian N(x̄, Ĉ) fitted to `data` (Ĉ unbiased; needs n >= 2). */
export function sampleGaussianFit(data: Dataset, opts: { N: number; seed: number }): F64 {
  if (typeof opts !== 'object' || opts === null) throw new InputError('seed', 'an options object {N, seed}', describe(opts));
  const N = integer('N', opts.N, 1);
  const seed = checkSeed('seed', opts.seed);
  if (data.n < 2) throw new InputError('x', 'at least 2 training points (the unbiased covariance divides by n - 1)', `${data.n} point`);
  const be = data.backend;
  const rng = be.f64(RNG_STATE_LENGTH), out = be.f64(N * data.d);
  be.rngSeed(rng, seed);
  be.gaussianFitSample(data.x, data.n, data.d, N, rng, out);
  rng.free();
  return out;
}

/** The rows of a row-major buffer (length a multiple of d) as arrays. */
export function rowsOf(buf: F64, d: number): number[][] {
  const v = buf.view();
  const dd = integer('d', d, 1);
  if (v.length % dd !== 0) throw new InputError('d', `a divisor of the buffer length ${v.length}`, String(d));
  return Array.from({ length: v.length / dd }, (_, i) => Array.from(v.subarray(i * dd, (i + 1) * dd)));
}
