// What a training loop needs to continue bit for bit where it stopped (mid-run checkpoints, the
// runner's `--checkpoint-every`): the parameters, the generator state, the steps applied, the
// loss trace so far and, for trainDiffusion, its open loss window. Plain typed arrays: the
// runner writes them exactly (src/runner/checkpoint.ts). Browser-safe.
import { RNG_STATE_LENGTH, type F64 } from '../backend/contract.js';
import { InputError, describe } from './errors.js';
import type { TrainResult } from './train.js';

export interface TrainState {
  /** Steps applied. */
  epochs: number;
  params: Float64Array;
  /** The generator state (RNG_STATE_LENGTH slots). */
  rng: Float64Array;
  lossTrace: { epoch: number; loss: number }[];
  finalLoss: number;
  /** trainDiffusion: the loss sum and step count of the trace window not yet flushed. */
  window?: { sum: number; steps: number };
}

/** A copy of the loop's state now. */
export function snapshotOf(params: F64, rng: F64, result: TrainResult, window?: { sum: number; steps: number }): TrainState {
  const s: TrainState = {
    epochs: result.epochs, params: Float64Array.from(params.view()), rng: Float64Array.from(rng.view()),
    lossTrace: result.lossTrace.map((p) => ({ ...p })), finalLoss: result.finalLoss,
  };
  if (window !== undefined) s.window = { ...window };
  return s;
}

/** Put `state` back into the loop's buffers; returns the loop's result so far. Throws an
 *  InputError when it does not fit this loop (another shape, or past its last step). */
export function restoreState(state: TrainState, params: F64, rng: F64, epochs: number): TrainResult {
  const fits = state !== null && typeof state === 'object' && state.params instanceof Float64Array &&
    state.rng instanceof Float64Array && state.params.length === params.length && state.rng.length === RNG_STATE_LENGTH &&
    Number.isInteger(state.epochs) && state.epochs >= 0 && state.epochs <= epochs && Array.isArray(state.lossTrace);
  if (!fits) throw new InputError('resume', `a TrainState of this network (${params.length} parameters) at a step <= ${epochs}`, describe(state));
  params.view().set(state.params);
  rng.view().set(state.rng);
  return { epochs: state.epochs, divergedAtEpoch: null, lossTrace: state.lossTrace.map((p) => ({ ...p })), finalLoss: state.finalLoss };
}
