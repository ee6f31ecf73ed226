// One run of a sweep, the same code in a worker thread and in the main thread: look the
// experiment up in the registry, run it with its seeds and context, time it, check its output.
import type { Backend } from '../backend/contract.js';
import type { BatchGradient } from '../model/batchGradient.js';
import type { Experiment, ExperimentId, PresetName, RunArtifact, RunContext, RunSeeds, RunSpec } from '../experiments/types.js';
import { InputError } from '../model/errors.js';
import { runContext } from './artifacts.js';
import { runCheckpoint, RunStopped, type CheckpointSpec, type RunProgress } from './checkpoint.js';

/** The experiments a registry module exports as `EXPERIMENTS` (src/experiments/index.ts). */
export type Registry = Partial<Record<ExperimentId, Experiment>>;

/** The registry of the experiments: `src/experiments/index.ts` (dist/experiments/index.js). */
export const DEFAULT_REGISTRY_URL = new URL('../experiments/index.js', import.meta.url);

/** Import a registry module and return its `EXPERIMENTS`. */
export async function loadRegistry(url: URL | string = DEFAULT_REGISTRY_URL): Promise<Registry> {
  const href = typeof url === 'string' ? url : url.href;
  const mod = (await import(href)) as { EXPERIMENTS?: Registry };
  if (!mod.EXPERIMENTS || typeof mod.EXPERIMENTS !== 'object') {
    throw new Error(`runner: ${href} exports no EXPERIMENTS registry`);
  }
  return mod.EXPERIMENTS;
}

/** What a worker is asked to do: one run. `outRoot` is the `--out` DIR (artifacts of other
 *  experiments are read from `outRoot/EXPERIMENT/PRESET/artifacts/`). */
export interface RunTask {
  experimentId: ExperimentId;
  config: unknown;
  spec: RunSpec;
  seeds: RunSeeds;
  preset: PresetName;
  outRoot: string;
  /** Threads this run may use for a batch gradient (RunContext.gradient); > 1 only when the
   *  sweep has spare cores (sweep.ts). */
  gradientThreads?: number;
  /** Where and how often this run checkpoints (absent: no checkpoints). */
  checkpoint?: CheckpointSpec;
}

/** What a run's thread shares with the sweep: the stop flag (SIGTERM: checkpoint and stop) and
 *  where progress goes. */
export interface RunHooks {
  stop: Int32Array;
  report(progress: RunProgress): void;
}

export interface TaskResult {
  metrics: Record<string, number>;
  artifact: RunArtifact;
  /** Wall time of experiment.run, in the thread that ran it. */
  durationMs: number;
}

/** A run that threw (or returned something unusable). */
export class RunError extends Error {
  override readonly name = 'RunError';
  constructor(readonly key: string, readonly reason: string) {
    super(`run ${key} failed: ${reason}`);
  }
}

/** An error as plain data, to cross a worker boundary (structured clone drops classes). */
export interface ErrorData {
  name: string;
  message: string;
  field?: string;
  allowed?: string;
  got?: string;
  path?: string;
}

export function errorToData(err: unknown): ErrorData {
  if (err instanceof InputError) {
    return { name: 'InputError', message: err.message, field: err.field, allowed: err.allowed, got: err.got, path: err.path };
  }
  if (err instanceof Error) return { name: err.name, message: err.message };
  return { name: 'Error', message: String(err) };
}

/** The error back from data: InputErrors keep their field; anything else becomes a RunError. */
export function errorFromData(data: ErrorData, key: string): Error {
  if (data.name === 'InputError' && data.field !== undefined) {
    return new InputError(data.field, data.allowed ?? '', data.got ?? '', data.path ?? data.field);
  }
  if (data.name === 'RunError') return new RunError(key, data.message.replace(/^run .*? failed: /, ''));
  if (data.name === 'RunStopped') return new RunStopped(key);
  return new RunError(key, data.name === 'Error' ? data.message : `${data.name}: ${data.message}`);
}

/** Run `task` on `backend` (with `gradient` in its RunContext when given). Throws a RunError for
 *  an unknown experiment or a bad output; an error thrown by the experiment passes through. */
export function executeTask(registry: Registry, backend: Backend, task: RunTask, gradient?: BatchGradient, hooks?: RunHooks): TaskResult {
  const experiment = registry[task.experimentId];
  if (!experiment) throw new RunError(task.spec.key, `the registry has no experiment ${JSON.stringify(task.experimentId)}`);
  const ctx: RunContext = runContext(task.outRoot, task.preset);
  if (gradient) ctx.gradient = gradient;
  const checkpoint = task.checkpoint && hooks ? runCheckpoint(task.checkpoint, hooks.stop, hooks.report) : undefined;
  if (checkpoint) ctx.checkpoint = checkpoint;
  const t0 = performance.now();
  const out = experiment.run(backend, task.config, task.spec, task.seeds, ctx);
  const durationMs = (checkpoint?.elapsedBefore ?? 0) + performance.now() - t0;
  checkOutput(task.spec.key, out);
  return { metrics: out.metrics, artifact: out.artifact, durationMs };
}

/** metrics: an object of finite numbers (a diverged run says `divergedAtEpoch` and leaves out
 *  what it could not compute, never NaN); artifact: an object. */
function checkOutput(key: string, out: unknown): asserts out is { metrics: Record<string, number>; artifact: RunArtifact } {
  const o = out as { metrics?: unknown; artifact?: unknown } | null;
  if (!o || typeof o.metrics !== 'object' || o.metrics === null) throw new RunError(key, 'the experiment returned no metrics object');
  for (const [name, value] of Object.entries(o.metrics)) {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new RunError(key, `metrics.${name} is ${String(value)}; metrics must be finite numbers (a diverged run has divergedAtEpoch and leaves the rest out)`);
    }
  }
  if (!o.artifact || typeof o.artifact !== 'object') throw new RunError(key, 'the experiment returned no artifact');
}
