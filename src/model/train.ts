// Training by SGD on the denoising score-matching loss (SPEC §1): batches of B indices drawn
// with replacement, fresh noise, batch-mean loss, update theta <- theta - m * eta * grad.
// The kernels run `chunk` steps per call, so JavaScript is crossed once per chunk, not per step.
// Precision (issue 14): an 'f32' net trains with the f32x4 kernels (sgd1dF32, sgdDenseF32) on
// its params32 and an f32 copy of the data, drawing the same stream as f64 (indices identical,
// normals rounded); net.params is refreshed (promoted) after every chunk, before onChunk.
import { PRECISIONS, RNG_STATE_LENGTH, scratchLength, type F32, type F64, type Precision } from '../backend/contract.js';
import type { Dataset } from './dataset.js';
import { InputError } from './errors.js';
import type { Net } from './net.js';
import { restoreState, snapshotOf, type TrainState } from './trainState.js';
import { integer, noiseLevel, oneOf, positive, seed as checkSeed } from './validate.js';

export interface TrainOptions {
  mu: number;
  sigma: number;
  /** Learning rate eta > 0 (the step is m · eta · grad). */
  eta: number;
  /** Batch size B >= 1. */
  B: number;
  /** Number of SGD steps (the paper's "epochs"). */
  epochs: number;
  seed: number;
  /** false = the theory model: w1 fixed at its initial ±1. Default true. */
  trainW1?: boolean;
  /** Steps per kernel call; the loss trace has one mean per chunk. Default 1000. */
  chunk?: number;
  /** Called after every chunk with the steps done so far, that chunk's mean loss, and a
   *  function that copies the loop's state (for a checkpoint). */
  onChunk?: (epochsDone: number, meanLoss: number, snapshot: () => TrainState) => void;
  /** Continue from a state an earlier call's snapshot gave (bit for bit the same run); it must
   *  sit on a chunk boundary (a multiple of `chunk`), as every snapshot does. */
  resume?: TrainState;
  /** 'f64' or 'f32'; default and only allowed value: the network's precision (Net.*({precision})). */
  precision?: Precision;
}

/** The training precision: the net's; an explicit `precision` must agree with it. */
export function trainingPrecision(net: Net, requested: unknown): Precision {
  if (requested === undefined) return net.precision;
  const p = oneOf('precision', requested, PRECISIONS);
  if (p !== net.precision) {
    throw new InputError('precision', `"${net.precision}", the network's precision (build the network with precision: "${p}" to train in ${p})`, JSON.stringify(p));
  }
  return p;
}

export interface TrainResult {
  /** Steps applied. */
  epochs: number;
  /** The step whose loss was not finite (not applied), or null. */
  divergedAtEpoch: number | null;
  /** Mean batch loss per chunk, at the chunk's last epoch. */
  lossTrace: { epoch: number; loss: number }[];
  /** Mean batch loss over the last chunk (NaN if no step was applied). */
  finalLoss: number;
}

/** Train `net` on `data` in place. 1-D nets use the sorted-kink kernel sgd1d, others sgdDense;
 *  both draw the same batch indices and noises from the seed, on either backend. */
export function train(net: Net, data: Dataset, opts: TrainOptions): TrainResult {
  const be = net.backend;
  const { mu, sigma } = noiseLevel(opts.mu, opts.sigma);
  const eta = positive('eta', opts.eta);
  const B = integer('B', opts.B, 1);
  const epochs = integer('epochs', opts.epochs, 0);
  const chunk = integer('chunk', opts.chunk ?? 1000, 1);
  const seed = checkSeed('seed', opts.seed);
  const trainW1 = opts.trainW1 ?? true;
  const { dIn, m, dOut } = net.shape;
  if (dIn !== data.d || dOut !== data.d) {
    throw new InputError('model', `a network with input and output dimension ${data.d} (the data's)`,
      `dIn = ${dIn}, dOut = ${dOut}`);
  }
  if (data.backend !== be) throw new InputError('x', 'a Dataset of the same backend as the network', 'another backend');
  const precision = trainingPrecision(net, opts.precision);
  const oneD = data.d === 1, w1 = trainW1 ? 1 : 0;
  let steps: (k: number) => number;
  const owned: (F64 | F32)[] = [];
  const rng = be.f64(RNG_STATE_LENGTH);
  const losses = be.f64(Math.min(chunk, Math.max(epochs, 1)));
  owned.push(rng, losses);
  if (precision === 'f32') {
    const x32 = be.f32From(data.x.view()), p32 = net.params32!;
    const s32 = be.f32(oneD ? scratchLength.sgd1dF32(m, B) : scratchLength.sgdDenseF32(data.d, m, B));
    owned.push(x32, s32);
    steps = oneD
      ? (k) => be.sgd1dF32(p32, m, x32, data.n, mu, sigma, eta, B, k, w1, rng, losses, s32)
      : (k) => be.sgdDenseF32(p32, data.d, m, x32, data.n, mu, sigma, eta, B, k, w1, rng, losses, s32);
  } else {
    const scratch = be.f64(oneD ? scratchLength.sgd1d(m, B) : scratchLength.sgdDense(data.d, m, B));
    owned.push(scratch);
    steps = oneD
      ? (k) => be.sgd1d(net.params, m, data.x, data.n, mu, sigma, eta, B, k, w1, rng, losses, scratch)
      : (k) => be.sgdDense(net.params, data.d, m, data.x, data.n, mu, sigma, eta, B, k, w1, rng, losses, scratch);
  }
  be.rngSeed(rng, seed);
  let result: TrainResult = { epochs: 0, divergedAtEpoch: null, lossTrace: [], finalLoss: NaN };
  // f32 nets: net.params holds the exact promotion of params32 after every chunk, so the f64
  // snapshot is lossless and demote() after a restore gives params32 back bit for bit.
  const snapshot = (): TrainState => snapshotOf(net.params, rng, result);
  try {
    if (opts.resume !== undefined) {
      result = restoreState(opts.resume, net.params, rng, epochs);
      net.demote();
      if (result.epochs % chunk !== 0 && result.epochs !== epochs) {
        throw new InputError('resume', `a state on a chunk boundary (a multiple of ${chunk} steps)`, `step ${result.epochs}`);
      }
    }
    while (result.epochs < epochs && result.divergedAtEpoch === null) {
      const k = Math.min(chunk, epochs - result.epochs);
      const done = steps(k);
      net.promote();
      result.epochs += done;
      if (done < k) result.divergedAtEpoch = result.epochs + 1;
      if (done > 0) {
        const v = losses.view();
        let sum = 0;
        for (let i = 0; i < done; i++) sum += v[i];
        result.finalLoss = sum / done;
        result.lossTrace.push({ epoch: result.epochs, loss: result.finalLoss });
        opts.onChunk?.(result.epochs, result.finalLoss, snapshot);
      }
    }
  } finally {
    for (const b of owned) b.free();
  }
  return result;
}
