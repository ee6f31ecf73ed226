// Messages between the 1-D panel (page) and its training worker, and the run's configuration.
import type { Precision } from '../../../src/backend/contract.js';

export const MODEL_KINDS = ['experiment', 'theory'] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];
export const BACKENDS = ['wasm', 'ts'] as const;
export type BackendChoice = (typeof BACKENDS)[number];

/** A validated 1-D run: data, noise level (t, or mu and sigma with t = null), SGD settings. */
export interface Config1d {
  x: number[];
  t: number | null;
  mu: number;
  sigma: number;
  eta: number;
  m: number;
  B: number;
  epochs: number;
  model: ModelKind;
  /** Seed of the initial network and of the SGD noise. */
  seed: number;
  backend: BackendChoice;
  /** Training arithmetic: 'f32' (f32x4 kernels, the same draws rounded) or absent (f64). */
  precision?: Precision;
}

/** The traces of a run, one entry per checkpoint. */
export interface Trace1d {
  epoch: number[];
  loss: number[];
  excessRiskExact: number[];
  sharpnessEpoch: number[];
  sharpness: number[];
}

/** What the page draws after each report. */
export interface Snapshot1d {
  epoch: number;
  epochs: number;
  running: boolean;
  /** Steps per second of the kernel time alone, over the last report interval. */
  stepsPerSecond: number;
  curve: { grid: number[]; sTheta: number[]; sStar: number[]; data: number[] } | null;
  kinks: number[];
  trace: Trace1d;
  /** 'theory' (w2, b) or 'all' (w1, b, w2): the parameters trained. */
  sharpnessParams: 'theory' | 'all';
  stabilityBound: number;
  divergedAtEpoch: number | null;
  /** Training time (kernel calls only) and wall time so far, in ms. */
  trainMs: number;
  wallMs: number;
}

export type ToWorker1d =
  | { type: 'start'; config: Config1d }
  | { type: 'stop' }
  | { type: 'resume' }
  /** Show a CLI artifact (SPEC §4: model, x, mu, sigma) against s*; training then resumes from it. */
  | { type: 'load'; config: Config1d; model: unknown }
  | { type: 'export' }
  /** Time `steps` fig1-size SGD steps (d = 1, n = 20, m = 1000, B = 50, experiment model). */
  | { type: 'bench'; steps: number; repeats: number };

export type FromWorker1d =
  | { type: 'ready'; backend: string }
  | { type: 'snapshot'; snapshot: Snapshot1d }
  | { type: 'export'; model: import('../../../src/model/net.js').ModelJson; snapshot: Snapshot1d }
  | { type: 'bench'; backend: string; microsPerStep: number[] }
  | { type: 'error'; message: string; field: string | null };
