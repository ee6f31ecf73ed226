// Messages between the 2-D diffusion panel and its worker, and the run's configuration.
import type { Precision } from '../../../src/backend/contract.js';
import type { BackendChoice } from '../lab1d/protocol.js';

/** A validated 2-D run (SPEC §2 fig3, smaller by default): n points from N(0, scale² I_2), the
 *  time-conditioned model r_θ(t, y) of width m, SGD (η, B, epochs), generation (N samples,
 *  Euler–Maruyama steps from T = 1 to δ = 0.01). */
export interface Config2d {
  n: number;
  dataSeed: number;
  scale: number;
  m: number;
  B: number;
  eta: number;
  epochs: number;
  seed: number;
  N: number;
  steps: number;
  backend: BackendChoice;
  /** Training and generation arithmetic; absent = f64 (docs/precision.md). */
  precision?: Precision;
}

/** Generated samples with their nearest training points and the MMD² figures. */
export interface Generation2d {
  epoch: number;
  learned: number[][];
  sStar: number[][];
  /** Index of each sample's nearest training point, and whether it is memorized (ratio < 1/3). */
  learnedNearest: number[];
  learnedMemorized: boolean[];
  sStarNearest: number[];
  sStarMemorized: boolean[];
  memorizedLearned: number;
  memorizedSStar: number;
  /** Unbiased MMD², bandwidth 1 (null when the estimate underflowed: `valid` false). */
  mmdToSStar: number | null;
  mmdToGaussian: number | null;
  ms: number;
}

export interface Snapshot2d {
  epoch: number;
  epochs: number;
  running: boolean;
  stepsPerSecond: number;
  x: number[][];
  trace: { epoch: number[]; loss: number[] };
  divergedAtEpoch: number | null;
  trainMs: number;
}

export type ToWorker2d =
  | { type: 'start'; config: Config2d }
  | { type: 'stop' }
  | { type: 'resume' }
  | { type: 'generate' };

export type FromWorker2d =
  | { type: 'ready'; backend: string }
  | { type: 'snapshot'; snapshot: Snapshot2d }
  | { type: 'generation'; generation: Generation2d }
  | { type: 'error'; message: string; field: string | null };
