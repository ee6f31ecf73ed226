// Training the time-conditioned model by SGD on the denoising loss (SPEC §1 "time-conditioned
// model", §2 fig3, §5 items 1, 2, 3, 7 for the notebook variants). Browser-safe.
//
// Network r_theta: R^{d+1} → R^d, input u = (t, y) (t raw, first), predicts the noise. One step:
//   draw B rows (diffusionBatch): i_b uniform over the n points, t_b = times[k] with
//     P(k) = weights[k], z_b ~ N(0, I_d), y_b = mu(t_b) x_{i_b} + sigma(t_b) z_b;
//   L = (1/B) Σ_b ||r_theta(t_b, y_b) − z_b||²        (lossReduction 'sum', the paper)
//     or that divided by d as well                    ('mean', the notebook, SPEC §5.7);
//   theta ← theta − m·eta·∇L, the batch gradient summed over fixed chunks (batchGradient.ts).
// A step whose loss is not finite is not applied; the run stops and reports divergedAtEpoch.
// Precision (issue 14): an 'f32' net trains on its params32 with diffusionBatchF32 and the
// BatchGradient's computeF32 (f32 chunk sums), and the update θ ← θ ⊖ (fl32(m·eta/divisor) ⊗ ∇)
// in f32; the draws are the f64 stream's (the same rows and times, normals rounded to f32).
// net.params (the f64 promotion) is refreshed at every trace point and at the end.
import { RNG_STATE_LENGTH, type F32, type F64, type Precision } from '../backend/contract.js';
import { SerialGradient, type BatchGradient } from './batchGradient.js';
import type { Dataset } from './dataset.js';
import { InputError, describe } from './errors.js';
import type { Net } from './net.js';
import { trainingPrecision, type TrainResult } from './train.js';
import { restoreState, snapshotOf, type TrainState } from './trainState.js';
import { integer, oneOf, openInterval, positive, seed as checkSeed } from './validate.js';

export type { BatchGradient, GradientProblem, GradientProblemF32 } from './batchGradient.js';
export { SerialGradient } from './batchGradient.js';

export interface DiffusionSchedule {
  times: number[];
  /** Probabilities of the times (sum 1). */
  weights: number[];
  /** mu(t) = e^{-muRate·t}: 1 (paper) or 2 (notebook, SPEC §5.1). */
  muRate: 1 | 2;
}

/** sigma(t) = sqrt(1 − e^{-2t}) (paper section 2; the same in the notebook). */
export function sigmaAt(t: number): number {
  return Math.sqrt(-Math.expm1(-2 * t));
}

/** mu(t) = e^{-rate·t}; rate 1 gives mu² + sigma² = 1 (paper), rate 2 the notebook's schedule. */
export function muAt(t: number, muRate: 1 | 2): number {
  return Math.exp(-muRate * t);
}

/** `count` (default 100) equally spaced times on [tMin, 1], drawn with probability ∝ sigma(t)
 *  ('sigma', the paper) or ∝ 1/sigma(t) ('inverseSigma', the notebook, SPEC §5.3). */
export function timeGrid(opts: { tMin: number; count?: number; weighting: 'sigma' | 'inverseSigma'; muRate: 1 | 2 }): DiffusionSchedule {
  const tMin = openInterval('tMin', opts.tMin, 0, 1);
  const count = integer('count', opts.count ?? 100, 1);
  const weighting = oneOf('weighting', opts.weighting, ['sigma', 'inverseSigma'] as const);
  const muRate = checkMuRate(opts.muRate);
  const times = Array.from({ length: count }, (_, k) => (count === 1 ? tMin : tMin + ((1 - tMin) * k) / (count - 1)));
  const raw = times.map((t) => (weighting === 'sigma' ? sigmaAt(t) : 1 / sigmaAt(t)));
  const total = raw.reduce((a, b) => a + b, 0);
  return { times, weights: raw.map((w) => w / total), muRate };
}

export interface DiffusionTrainOptions {
  schedule: DiffusionSchedule;
  /** Learning rate eta > 0 (the step is m · eta · ∇L). */
  eta: number;
  /** Batch size B >= 1. */
  B: number;
  /** Number of SGD steps (the paper's "epochs"). */
  epochs: number;
  seed: number;
  /** 'sum' (default, the paper: squared norm) or 'mean' (the notebook: also divided by d). */
  lossReduction?: 'sum' | 'mean';
  /** Rows per gradient chunk (default 500): the result depends on it, not on the thread count. */
  chunkRows?: number;
  /** Steps per trace point (default 1000); each point is the mean loss of its steps. */
  traceEvery?: number;
  onTrace?(epoch: number, loss: number): void;
  /** Computes the batch gradient (default: a SerialGradient, closed at the end). */
  gradient?: BatchGradient;
  /** Called after every applied step with the steps done and a function that copies the
   *  loop's state (for a checkpoint: cheap to call, the copy is made only when asked). */
  onStep?(epochsDone: number, snapshot: () => TrainState): void;
  /** Continue from a state an earlier call's snapshot gave (bit for bit the same run). */
  resume?: TrainState;
  /** 'f64' or 'f32'; default and only allowed value: the network's precision. */
  precision?: Precision;
}

interface CheckedSchedule { times: Float64Array; mus: Float64Array; sigmas: Float64Array; cum: Float64Array }

/** Train the time-conditioned `net` (dIn = d + 1, dOut = d) on `data` in place. */
export function trainDiffusion(net: Net, data: Dataset, opts: DiffusionTrainOptions): TrainResult {
  const be = net.backend;
  const sched = checkSchedule(opts.schedule);
  const eta = positive('eta', opts.eta);
  const B = integer('B', opts.B, 1);
  const epochs = integer('epochs', opts.epochs, 0);
  const seed = checkSeed('seed', opts.seed);
  const reduction = oneOf('lossReduction', opts.lossReduction ?? 'sum', ['sum', 'mean'] as const);
  const chunkRows = integer('chunkRows', opts.chunkRows ?? 500, 1);
  const traceEvery = integer('traceEvery', opts.traceEvery ?? 1000, 1);
  if (opts.onTrace !== undefined && typeof opts.onTrace !== 'function') throw new InputError('onTrace', 'a function', describe(opts.onTrace));
  const g = opts.gradient;
  if (g !== undefined && (typeof g !== 'object' || g === null || typeof g.compute !== 'function')) {
    throw new InputError('gradient', 'a BatchGradient (an object with compute and close)', describe(g));
  }
  const precision = trainingPrecision(net, opts.precision);
  if (precision === 'f32' && g !== undefined && typeof g.computeF32 !== 'function') {
    throw new InputError('gradient', 'a BatchGradient with computeF32 (the network is f32)', 'no computeF32');
  }
  const { dIn, m, dOut } = net.shape, d = data.d;
  if (dIn !== d + 1 || dOut !== d) {
    throw new InputError('model', `a time-conditioned network with dIn = ${d + 1} and dOut = ${d} (the data's d = ${d})`,
      `dIn = ${dIn}, dOut = ${dOut}`);
  }
  if (data.backend !== be) throw new InputError('x', 'a Dataset of the same backend as the network', 'another backend');

  const gradient = g ?? new SerialGradient();
  const nT = sched.times.length;
  const cum = be.f64From(sched.cum), rng = be.f64(RNG_STATE_LENGTH);
  const owned: (F64 | F32)[] = [cum, rng];
  be.rngSeed(rng, seed);
  const divisor = reduction === 'sum' ? B : B * d;
  let step: () => number; // one SGD step: its loss (non-finite: not applied)
  if (precision === 'f32') {
    const x = be.f32From(data.x.view()), times = be.f32From(sched.times), mus = be.f32From(sched.mus);
    const sigmas = be.f32From(sched.sigmas), U = be.f32(B * dIn), Z = be.f32(B * dOut), grad = be.f32(net.size);
    owned.push(x, times, mus, sigmas, U, Z, grad);
    const params = net.params32!, lr = Math.fround((m * eta) / divisor);
    step = () => {
      be.diffusionBatchF32(x, data.n, d, times, mus, sigmas, cum, nT, B, rng, U, Z);
      const loss = Math.fround(gradient.computeF32({ backend: be, params, shape: net.shape, U, Z, rows: B, chunkRows }, grad) / divisor);
      if (Number.isFinite(loss)) updateF32(params.view(), grad.view(), lr);
      return loss;
    };
  } else {
    const times = be.f64From(sched.times), mus = be.f64From(sched.mus), sigmas = be.f64From(sched.sigmas);
    const U = be.f64(B * dIn), Z = be.f64(B * dOut), grad = be.f64(net.size);
    owned.push(times, mus, sigmas, U, Z, grad);
    const lr = (m * eta) / divisor; // theta ← theta − m·eta·(gradSum / divisor)
    step = () => {
      be.diffusionBatch(data.x, data.n, d, times, mus, sigmas, cum, nT, B, rng, U, Z);
      const loss = gradient.compute({ backend: be, params: net.params, shape: net.shape, U, Z, rows: B, chunkRows }, grad) / divisor;
      if (Number.isFinite(loss)) update(net.params.view(), grad.view(), lr);
      return loss;
    };
  }
  let result: TrainResult = { epochs: 0, divergedAtEpoch: null, lossTrace: [], finalLoss: NaN };
  let windowSum = 0, windowSteps = 0;
  // f32 nets: promote first, so the f64 copy is exact and demote() after a restore gives params32 back.
  const snapshot = (): TrainState => { net.promote(); return snapshotOf(net.params, rng, result, { sum: windowSum, steps: windowSteps }); };
  const flush = (): void => {
    if (windowSteps === 0) return;
    net.promote();
    result.finalLoss = windowSum / windowSteps;
    result.lossTrace.push({ epoch: result.epochs, loss: result.finalLoss });
    opts.onTrace?.(result.epochs, result.finalLoss);
    windowSum = 0; windowSteps = 0;
  };
  try {
    if (opts.resume !== undefined) {
      result = restoreState(opts.resume, net.params, rng, epochs);
      net.demote();
      windowSum = opts.resume.window?.sum ?? 0;
      windowSteps = opts.resume.window?.steps ?? 0;
    }
    for (let k = result.epochs; k < epochs; k++) {
      const loss = step();
      if (!Number.isFinite(loss)) { result.divergedAtEpoch = k + 1; break; }
      result.epochs = k + 1;
      windowSum += loss; windowSteps++;
      if (windowSteps === traceEvery) flush();
      opts.onStep?.(result.epochs, snapshot);
    }
    flush();
  } finally {
    net.promote();
    for (const buf of owned) buf.free();
    if (!g) void gradient.close();
  }
  return result;
}

/** theta ← theta − lr·grad (f64). */
function update(p: Float64Array, gv: Float64Array, lr: number): void {
  for (let i = 0; i < p.length; i++) p[i] = p[i] - lr * gv[i];
}

/** theta ← theta ⊖ (lr ⊗ grad) in f32: the product rounded, then the difference rounded by the store. */
function updateF32(p: Float32Array, gv: Float32Array, lr: number): void {
  for (let i = 0; i < p.length; i++) p[i] = p[i] - Math.fround(lr * gv[i]);
}

function checkMuRate(value: unknown): 1 | 2 {
  if (value !== 1 && value !== 2) throw new InputError('muRate', '1 (paper: mu = e^{-t}) or 2 (notebook: e^{-2t})', describe(value));
  return value;
}

/** Times finite and > 0, weights finite, >= 0, not all 0 (normalised here), muRate 1 or 2. */
function checkSchedule(s: unknown): CheckedSchedule {
  if (typeof s !== 'object' || s === null) throw new InputError('schedule', 'an object {times, weights, muRate} (see timeGrid)', describe(s));
  const { times, weights, muRate } = s as Record<string, unknown>;
  const rate = checkMuRate(muRate);
  if (!Array.isArray(times) || times.length === 0) throw new InputError('schedule', 'a non-empty array of times > 0', describe(times), 'schedule.times');
  if (!Array.isArray(weights) || weights.length !== times.length) {
    throw new InputError('schedule', `an array of ${times.length} weights (one per time)`, describe(weights), 'schedule.weights');
  }
  const nT = times.length;
  const out: CheckedSchedule = { times: new Float64Array(nT), mus: new Float64Array(nT), sigmas: new Float64Array(nT), cum: new Float64Array(nT) };
  let total = 0;
  for (let k = 0; k < nT; k++) {
    const t = times[k], w = weights[k];
    if (typeof t !== 'number' || !Number.isFinite(t) || t <= 0) throw new InputError('schedule', 'finite times > 0', describe(t), `schedule.times[${k}]`);
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) throw new InputError('schedule', 'finite weights >= 0', describe(w), `schedule.weights[${k}]`);
    out.times[k] = t; out.mus[k] = muAt(t, rate); out.sigmas[k] = sigmaAt(t);
    total += w;
    out.cum[k] = total;
  }
  if (!(total > 0)) throw new InputError('schedule', 'weights with a positive sum', 'all zero', 'schedule.weights');
  for (let k = 0; k < nT; k++) out.cum[k] /= total;
  out.cum[nT - 1] = 1; // the inverse CDF never runs past the last time
  return out;
}
