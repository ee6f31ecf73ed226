// Training by SGD on the denoising score-matching loss (SPEC §1): batches of B indices drawn
// with replacement, fresh noise, batch-mean loss, update theta <- theta - m * eta * grad.
// The kernels run `chunk` steps per call, so JavaScript is crossed once per chunk, not per step.
import { RNG_STATE_LENGTH, scratchLength } from '../backend/contract.js';
import type { Dataset } from './dataset.js';
import { InputError } from './errors.js';
import type { Net } from './net.js';
import { restoreState, snapshotOf, type TrainState } from './trainState.js';
import { integer, noiseLevel, positive, seed as checkSeed } from './validate.js';

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
  const oneD = data.d === 1;
  const scratch = be.f64(oneD ? scratchLength.sgd1d(m, B) : scratchLength.sgdDense(data.d, m, B));
  const rng = be.f64(RNG_STATE_LENGTH);
  const losses = be.f64(Math.min(chunk, Math.max(epochs, 1)));
  be.rngSeed(rng, seed);
  let result: TrainResult = { epochs: 0, divergedAtEpoch: null, lossTrace: [], finalLoss: NaN };
  const snapshot = (): TrainState => snapshotOf(net.params, rng, result);
  try {
    if (opts.resume !== undefined) {
      result = restoreState(opts.resume, net.params, rng, epochs);
      if (result.epochs % chunk !== 0 && result.epochs !== epochs) {
        throw new InputError('resume', `a state on a chunk boundary (a multiple of ${chunk} steps)`, `step ${result.epochs}`);
      }
    }
    while (result.epochs < epochs && result.divergedAtEpoch === null) {
      const k = Math.min(chunk, epochs - result.epochs);
      const done = oneD
        ? be.sgd1d(net.params, m, data.x, data.n, mu, sigma, eta, B, k, trainW1 ? 1 : 0, rng, losses, scratch)
        : be.sgdDense(net.params, data.d, m, data.x, data.n, mu, sigma, eta, B, k, trainW1 ? 1 : 0, rng, losses, scratch);
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
    scratch.free();
    rng.free();
    losses.free();
  }
  return result;
}
