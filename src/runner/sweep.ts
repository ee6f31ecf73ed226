// A sweep (SPEC §4): every run of `experiment.runs(config)` (or one shard of them) not yet in
// DIR/EXPERIMENT/PRESET/runs.jsonl, run on a worker pool; as each run ends (in completion
// order) its artifact is written (atomically) and then its line appended and flushed.
//
// Resuming: a rerun with the same experiment, preset, config and seed skips the keys already
// in runs.jsonl. After kill -9, a half-written last line is cut from the file and its run
// redone (its artifact, if written, is simply rewritten). After an abort (Ctrl-C) no run is
// started, and the running ones finish and are recorded (or, if abandoned, redone next time).
//
// Shards: `shard = {index: I, count: N}` (I from 1) takes the runs at positions p = 0, 1, ...
// of the run list with p mod N == I − 1. Round robin spreads the long and the short runs (the
// lists are ordered by setting, e.g. eta) evenly over the shards; shards of one sweep share its
// fingerprint, so `bigstep merge` joins their folders (src/runner/merge.ts).
//
// Seeds: run `key` gets deriveSeed(seed, key) (src/experiments/seeds.ts): the numbers do not depend on the
// number of workers, the shard or the order in which runs finish.
import { appendFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { BackendName } from '../backend/contract.js';
import type { ExperimentId, FinishedRun, PresetName, RunSpec } from '../experiments/types.js';
import { InputError, describe } from '../model/errors.js';
import { removeStaleTemporaries, sweepDir, writeArtifact } from './artifacts.js';
import { DEFAULT_REGISTRY_URL, loadRegistry, type RunTask, type TaskResult } from './execute.js';
import { checkpointFile, removeCheckpoint, RunStopped, type RunProgress } from './checkpoint.js';
import { acquireLock } from './lock.js';
import { createPool } from './pool.js';
import { describeRunProgress, formatDuration, type ProgressEvent } from './progress.js';
import { checkSameSweep, readRuns, RunsWriter } from './runsFile.js';
import { deriveSeed } from '../experiments/seeds.js';
import { fingerprint } from './seeds.js';
import { packageVersion } from './version.js';

export interface Shard { index: number; count: number }

export interface SweepOptions {
  experiment: ExperimentId;
  preset: PresetName;
  /** The config, already validated by the experiment's schema. */
  config: unknown;
  /** The `--out` DIR; the sweep writes DIR/EXPERIMENT/PRESET/. */
  outDir: string;
  /** Worker threads (at most one per run to do). */
  workers: number;
  shard: Shard | null;
  /** The sweep seed, an integer in [0, 2^53). */
  seed: number;
  onProgress?: (event: ProgressEvent) => void;
  /** The module exporting EXPERIMENTS (default src/experiments/index.ts). */
  registryUrl?: URL;
  backend?: BackendName;
  /** Run in this thread, no worker (default false). */
  inProcess?: boolean;
  /** Abort = stop starting runs; the running ones finish and are recorded (Ctrl-C). */
  signal?: AbortSignal;
  /** Abort = stop starting runs, and the running ones save their checkpoints and stop (SIGTERM). */
  stop?: AbortSignal;
  /** Seconds between a long run's checkpoints (default 60; `--checkpoint-every`). Not part of
   *  the fingerprint: it changes when state is saved, never a number. */
  checkpointEverySeconds?: number;
  /** When a long run starts reporting progress, and how often (default 60 s, 30 s). */
  progressAfterMs?: number;
  progressEveryMs?: number;
  /** A compiled Wasm core to share (default: compiled once from build/bigstep.wasm). */
  module?: WebAssembly.Module;
}

export interface SweepResult {
  /** DIR/EXPERIMENT/PRESET */
  dir: string;
  fingerprint: string;
  /** Runs of the sweep (all shards) and of this shard. */
  sweepRuns: number;
  total: number;
  /** Runs of this shard already in runs.jsonl before this call. */
  skipped: number;
  /** Runs finished and recorded by this call, of which diverged. */
  finished: number;
  diverged: number;
  /** Runs of this shard still missing (non-zero after an abort). */
  remaining: number;
  /** A half-written last line was dropped. */
  tornLine: boolean;
  interrupted: boolean;
  /** Runs that saved a checkpoint and stopped (SIGTERM); they resume from it. */
  stopped: number;
  elapsedMs: number;
}

/** The runs of shard I/N: positions p with p mod N == I − 1 (see the file comment). */
export function selectShard<T>(runs: readonly T[], shard: Shard | null): T[] {
  if (shard === null) return [...runs];
  if (!Number.isInteger(shard.count) || shard.count < 1 || !Number.isInteger(shard.index) || shard.index < 1 || shard.index > shard.count) {
    throw new InputError('shard', 'I/N with integers 1 <= I <= N', `${describe(shard.index)}/${describe(shard.count)}`);
  }
  return runs.filter((_, p) => p % shard.count === shard.index - 1);
}

export async function runSweep(opts: SweepOptions): Promise<SweepResult> {
  const t0 = performance.now();
  const registryUrl = opts.registryUrl ?? DEFAULT_REGISTRY_URL;
  const registry = await loadRegistry(registryUrl);
  const experiment = registry[opts.experiment];
  if (!experiment) {
    throw new InputError('experiment', Object.keys(registry).map((k) => JSON.stringify(k)).join(', '), describe(opts.experiment));
  }
  if (!Number.isSafeInteger(opts.seed) || opts.seed < 0) throw new InputError('seed', 'an integer in [0, 2^53)', describe(opts.seed));
  if (!Number.isInteger(opts.workers) || opts.workers < 1) throw new InputError('workers', 'an integer >= 1', describe(opts.workers));
  const everySeconds = opts.checkpointEverySeconds ?? 60;
  if (typeof everySeconds !== 'number' || !(everySeconds > 0) || !Number.isFinite(everySeconds)) {
    throw new InputError('checkpoint-every', 'a number of seconds > 0', describe(everySeconds));
  }
  for (const dep of experiment.dependsOn ?? []) {
    if (!existsSync(join(sweepDir(opts.outDir, dep, opts.preset), 'artifacts'))) {
      throw new InputError('experiment', `${dep} first: ${opts.experiment} reads the artifacts of ${dep} — run \`bigstep run ${dep} --preset ${opts.preset} --out ${opts.outDir}\` (all its shards, merged)`,
        `${opts.experiment} without ${sweepDir(opts.outDir, dep, opts.preset)}/artifacts`);
    }
  }

  const all: RunSpec[] = experiment.runs(opts.config);
  const seen = new Set<string>();
  for (const spec of all) {
    if (seen.has(spec.key)) throw new Error(`runner: ${opts.experiment} lists the run key ${JSON.stringify(spec.key)} twice`);
    seen.add(spec.key);
  }
  const mine = selectShard(all, opts.shard);
  const dir = sweepDir(opts.outDir, opts.experiment, opts.preset);
  const file = join(dir, 'runs.jsonl');
  const fp = fingerprint(opts.config, opts.seed, opts.experiment, opts.preset);
  const version = packageVersion();

  const release = acquireLock(dir);
  let writer: RunsWriter | undefined;
  try {
    const existing = readRuns(file);
    checkSameSweep(existing.runs, { fingerprint: fp, seed: opts.seed, config: opts.config }, file);
    removeStaleTemporaries(dir);
    writer = RunsWriter.open(file, existing.validBytes);
    const doneKeys = new Set(existing.runs.map((r) => r.key));
    const todo = mine.filter((s) => !doneKeys.has(s.key));
    const result: SweepResult = {
      dir, fingerprint: fp, sweepRuns: all.length, total: mine.length, skipped: mine.length - todo.length,
      finished: 0, diverged: 0, remaining: todo.length, tornLine: existing.torn !== null, interrupted: false, stopped: 0, elapsedMs: 0,
    };
    const log = progressLog(dir);
    const workers = opts.inProcess ? 1 : Math.min(opts.workers, Math.max(todo.length, 1));
    // fewer runs than workers: the spare cores go to the runs' batch gradients (RunContext.gradient)
    const gradientThreads = opts.inProcess ? 1 : Math.floor(opts.workers / workers);
    opts.onProgress?.({
      type: 'start', dir, experiment: opts.experiment, preset: opts.preset, total: mine.length, skipped: result.skipped,
      todo: todo.length, workers, shard: opts.shard, tornLine: result.tornLine,
    });
    let runsStarted: number | undefined;
    if (todo.length > 0 && !opts.signal?.aborted) {
      const record = (spec: RunSpec, out: TaskResult): void => {
        writeArtifact(dir, spec.key, out.artifact);
        const line: FinishedRun = {
          key: spec.key, fingerprint: fp, config: opts.config, seed: opts.seed,
          metrics: out.metrics, version, durationMs: out.durationMs,
        };
        writer!.append(line);
        removeCheckpoint(dir, spec.key);
        log(`${spec.key}: done in ${formatDuration(out.durationMs)}${out.metrics.divergedAtEpoch !== undefined ? ` (diverged at step ${out.metrics.divergedAtEpoch})` : ''}`);
        result.finished++;
        result.remaining--;
        if (out.metrics.divergedAtEpoch !== undefined) result.diverged++;
        opts.onProgress?.({
          type: 'run', key: spec.key, metrics: out.metrics, durationMs: out.durationMs,
          done: result.finished, todo: todo.length, elapsedMs: performance.now() - (runsStarted ?? t0),
        });
      };
      const onRunProgress = (p: RunProgress): void => {
        const e = { type: 'runProgress' as const, ...p };
        log(describeRunProgress(e));
        opts.onProgress?.(e);
      };
      await dispatchAll(todo, workers, opts, record, (spec) => ({
        experimentId: opts.experiment, config: opts.config, spec, preset: opts.preset, outRoot: opts.outDir,
        seeds: { sweep: opts.seed, run: deriveSeed(opts.seed, spec.key) },
        checkpoint: {
          file: checkpointFile(dir, spec.key), key: spec.key, fingerprint: fp, everyMs: everySeconds * 1000,
          progressAfterMs: opts.progressAfterMs, progressEveryMs: opts.progressEveryMs,
        },
        ...(gradientThreads > 1 ? { gradientThreads } : {}),
      }), result, () => { runsStarted = performance.now(); }, onRunProgress);
    }
    result.interrupted = result.remaining > 0 && (opts.signal?.aborted === true || opts.stop?.aborted === true);
    result.elapsedMs = performance.now() - t0;
    return result;
  } finally {
    writer?.close();
    release();
  }
}

/** Appends a time-stamped line to DIR/progress.log (a file to `tail -f` on a cluster node). */
function progressLog(dir: string): (text: string) => void {
  const file = join(dir, 'progress.log');
  return (text) => appendFileSync(file, `${new Date().toISOString().slice(0, 19)}Z ${text}\n`);
}

/** Keep `workers` runs going until the list is done, a run fails or the signal aborts; then
 *  wait for the running ones (recorded as they finish) and throw the first failure. */
async function dispatchAll(
  todo: RunSpec[], workers: number, opts: SweepOptions,
  record: (spec: RunSpec, out: TaskResult) => void, task: (spec: RunSpec) => RunTask, result: SweepResult,
  onReady: () => void, onRunProgress: (p: RunProgress) => void,
): Promise<void> {
  const stopFlag = new SharedArrayBuffer(4);
  const pool = await createPool({
    workers, inProcess: opts.inProcess, registryUrl: opts.registryUrl, backend: opts.backend, module: opts.module,
    stop: stopFlag, onProgress: onRunProgress,
  });
  onReady();
  const queue = [...todo];
  let failure: { error: unknown } | null = null;
  let running = 0;
  const onAbort = (): void => opts.onProgress?.({ type: 'stopping', running, reason: 'interrupted' });
  const onStop = (): void => {
    Atomics.store(new Int32Array(stopFlag), 0, 1);
    opts.onProgress?.({ type: 'stopping', running, reason: 'checkpointing' });
  };
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  opts.stop?.addEventListener('abort', onStop, { once: true });
  if (opts.stop?.aborted) onStop();
  const lane = async (): Promise<void> => {
    while (queue.length > 0 && failure === null && !opts.signal?.aborted && !opts.stop?.aborted) {
      const spec = queue.shift()!;
      running++;
      try {
        const out = await pool.run(task(spec));
        record(spec, out);
      } catch (error) {
        if (error instanceof RunStopped) { result.stopped++; continue; }
        if (failure === null) {
          failure = { error };
          if (running > 1) opts.onProgress?.({ type: 'stopping', running: running - 1, reason: 'failed' });
        }
      } finally {
        running--;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: pool.size }, lane));
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    opts.stop?.removeEventListener('abort', onStop);
    await pool.close();
  }
  if (failure !== null) {
    const error = (failure as { error: unknown }).error;
    if (error instanceof Error && !(error instanceof InputError)) {
      error.message += ` (${result.finished} run${result.finished === 1 ? '' : 's'} finished in this call and recorded, ${result.remaining} left; fix the cause and rerun the same command to resume)`;
    }
    throw error;
  }
}
