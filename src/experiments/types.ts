// The contract between experiments (fig1, fig2, fig5, ...), the runner and the report.
// An experiment is a typed config with presets, a fixed list of runs, a pure run function
// (config, run spec, seeds) → metrics + artifact, and a summary of finished runs (SPEC §4).
import type { z } from 'zod';
import type { Metric } from '../analysis/stats.js';
import type { Backend } from '../backend/contract.js';
import type { BatchGradient } from '../model/batchGradient.js';
import type { ModelJson } from '../model/net.js';

export type ExperimentId = 'fig1' | 'fig2' | 'fig5' | 'fig3' | 'fig4' | 'fig5diffusion';
export type PresetName = 'quick' | 'paper';

/** One training run of a sweep. `key` is unique within the sweep and stable across versions
 *  (e.g. `d=1/t=0.2/eta=0.5/sim=3`); `setting` holds the numbers and labels its summary row
 *  is grouped by (d, t, mu, sigma, eta, epochs, ...). */
export interface RunSpec {
  key: string;
  setting: Record<string, number | string>;
}

export interface RunSeeds {
  /** The sweep's seed (`--seed`). Derive shared seeds from it (e.g. data shared across eta). */
  sweep: number;
  /** This run's seed, derived from the sweep seed and the key (runner/seeds.ts). */
  run: number;
}

/** Reads another run's artifact (fig5 reads fig2's final parameters); undefined if absent. */
export interface RunContext {
  artifact(experiment: ExperimentId, preset: PresetName, key: string): RunArtifact | undefined;
  preset: PresetName;
  /** A multi-threaded batch gradient for trainDiffusion, when the runner has spare cores (a
   *  sweep with fewer runs than workers); same results as the serial one, bit for bit. */
  gradient?: BatchGradient;
  /** Mid-run checkpoints (the runner's --checkpoint-every); absent outside a sweep. */
  checkpoint?: RunCheckpoint;
}

/** How a long run saves its state and resumes (src/runner/checkpoint.ts). A run that supports it
 *  starts from `saved` when there is one, asks `due()` between training segments and then calls
 *  `save(state)` with everything it needs to continue bit for bit (save throws when the runner
 *  is stopping: the run ends there and is resumed later); `progress()` reports its step. */
export interface RunCheckpoint {
  readonly saved: unknown;
  due(): boolean;
  save(state: unknown): void;
  progress(step: number, total: number, loss: number): void;
}

/** The 1-D curves a fig1 panel draws. */
export interface Curve1d {
  grid: number[];
  sTheta: number[];
  sStar: number[];
  data: number[];
}

/** Training trace every k epochs (loss; in 1-D also exact excess risk and sharpness). */
export interface Trace {
  epoch: number[];
  loss: number[];
  excessRiskExact?: number[];
  sharpness?: number[];
}

/** `artifacts/KEY.json`: final parameters in the `model` shape of SPEC §3 and what figures need. */
export interface RunArtifact {
  key: string;
  /** The noise level of a 1-D/d-D score-model run (absent for the time-conditioned model). */
  mu?: number;
  sigma?: number;
  /** The training data (numbers in 1-D, rows in d-D). */
  x: number[] | number[][];
  model: ModelJson;
  curve?: Curve1d;
  trace?: Trace;
  /** Diffusion runs: the first generated set (first two coordinates of each sample) and the
   *  learned samples' distances to their nearest training point. */
  samples?: GeneratedSamples;
  /** Diffusion runs: every generated set, as its seeds (with the run's version and config they
   *  regenerate it bit for bit), a hash of its samples and its metrics (`bigstep verify`). */
  sets?: GeneratedSet[];
  /** Diffusion runs: the training loss (time grid and SPEC §5 switches) — fig5diffusion checks
   *  that it rebuilds the same loss. */
  diffusionLoss?: { timeCount: number; muRate: 1 | 2; trainDelta: number; timeWeights: string; lossReduction: string };
}

export interface GeneratedSamples {
  learned: number[][];
  sStar: number[][];
  gaussian: number[][];
  nearest: number[];
}

/** One generated set of a diffusion run: the generator seeds of its learned, s* and fitted-
 *  Gaussian samples, hashSamples (src/model/sampleHash.ts) of each, and the set's metrics
 *  (the run's metrics are their means over the sets; non-finite values are left out). */
export interface GeneratedSet {
  /** sStarNull: the second, independent s* set of the null levels (runs before issue 15: absent). */
  seeds: { learned: number; sStar: number; gaussian: number; sStarNull?: number };
  hash: { learned: string; sStar: string; gaussian: string; sStarNull?: string };
  metrics: Record<string, number>;
}

export interface RunOutput {
  /** Numbers only; a diverged run has `divergedAtEpoch`. */
  metrics: Record<string, number>;
  artifact: RunArtifact;
}

/** A line of runs.jsonl (SPEC §4). */
export interface FinishedRun {
  key: string;
  fingerprint: string;
  config: unknown;
  seed: number;
  metrics: Record<string, number>;
  version: string;
  durationMs: number;
}

/** A summary metric (analysis/stats.ts, where tInterval computes it). */
export type { Metric };

/** One plotted point (SPEC §4): the setting, `runs`, `diverged`, and the metrics it has. */
export interface SummaryRow {
  d: number;
  t?: number;
  /** The noise level (score-model rows; absent for the time-conditioned model). */
  mu?: number;
  sigma?: number;
  eta: number;
  epochs: number;
  runs: number;
  diverged: number;
  stabilityBound: number;
  excessRisk?: Metric;
  excessRiskExact?: Metric;
  sharpness?: Metric;
  params?: 'theory' | 'all';
  estimator?: 'exact' | 'sampled' | 'withKinks' | 'notebook';
  [other: string]: unknown;
}

export interface Summary {
  experiment: ExperimentId;
  preset: PresetName;
  version: string;
  rows: SummaryRow[];
}

export interface Experiment<C = unknown> {
  id: ExperimentId;
  /** What the figure checks, in the paper's words (for the report). */
  title: string;
  /** Validates a config; errors name the field and the allowed values. */
  schema: z.ZodType<C>;
  presets: Record<PresetName, C>;
  /** Experiments whose artifacts this one reads (fig5 ← fig2). */
  dependsOn?: ExperimentId[];
  /** Every run of the sweep, in a fixed order. */
  runs(config: C): RunSpec[];
  /** One run: a pure function of (config, spec, seeds). */
  run(backend: Backend, config: C, spec: RunSpec, seeds: RunSeeds, ctx: RunContext): RunOutput;
  /** Summary rows from the finished runs (diverged runs counted and left out of the means). */
  summarize(config: C, runs: FinishedRun[]): SummaryRow[];
}
