// A run's training loop wired to the runner's mid-run checkpoints (RunContext.checkpoint): the
// saved state is the loop's TrainState plus the trace the run has built so far, so a resumed run
// continues bit for bit — same parameters, same random stream, same trace.
import type { TrainState } from '../model/trainState.js';
import type { RunCheckpoint, Trace } from './types.js';

export interface SavedTraining {
  train: TrainState;
  trace: Trace;
}

/** The state an interrupted attempt saved, or undefined (start from the beginning). */
export function savedTraining(ck: RunCheckpoint | undefined): SavedTraining | undefined {
  const s = ck?.saved as SavedTraining | undefined;
  if (s === undefined) return undefined;
  if (typeof s !== 'object' || s === null || typeof s.train !== 'object' || typeof s.trace !== 'object') {
    throw new Error('checkpoint: the saved state is not a training state of this experiment');
  }
  return s;
}

/** Called between training segments: reports progress and, when a checkpoint is due, saves the
 *  loop's state with `trace` (save throws when the runner is stopping). */
export function checkpointSegment(ck: RunCheckpoint | undefined, total: number, trace: Trace) {
  return (epoch: number, loss: number, snapshot: () => TrainState): void => {
    if (ck === undefined) return;
    ck.progress(epoch, total, loss);
    if (epoch < total && ck.due()) ck.save({ train: snapshot(), trace } satisfies SavedTraining);
  };
}
