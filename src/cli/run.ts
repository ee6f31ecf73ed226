// `bigstep run EXPERIMENT`: a sweep of training runs into DIR/EXPERIMENT/PRESET/ (SPEC §4),
// resumable, shardable, on a pool of worker threads.
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import type { Experiment, PresetName } from '../experiments/types.js';
import { joinNegativeValues } from './args.js';
import { experimentTable } from './experimentList.js';
import { InputError } from '../model/errors.js';
import { integer, oneOf, parseWithIssues, seed as checkSeed, toInputError } from '../model/validate.js';
import { DEFAULT_REGISTRY_URL, loadRegistry } from '../runner/execute.js';
import { formatDuration, progressPrinter, type ProgressSink } from '../runner/progress.js';
import { runSweep, type Shard, type SweepResult } from '../runner/sweep.js';
import { applyOverrides, parseOverride, unknownOverride } from './overrides.js';

/** The sweep seed when --seed is not given. */
export const DEFAULT_SEED = 20250101;

const HELP = `usage: bigstep run EXPERIMENT [options]
  --preset NAME     quick | paper (quick): the paper's protocol, or a ~1 minute version of it
  --out DIR         results folder (results); the sweep writes DIR/EXPERIMENT/PRESET/
  --workers N       worker threads (default: the core count)
  --shard I/N       run only shard I of N (1 <= I <= N): the runs at positions p with
                    p mod N = I - 1; join the shard folders with bigstep merge
  --seed S          sweep seed, an integer in [0, 2^53) (${DEFAULT_SEED}); each run's seed is
                    derived from S and its key, the same whatever --workers and --shard
  --set key=value   override a config field (repeatable): value as JSON if it parses, else a
                    string; dotted keys for nested fields (--set eta=0.5 --set protocol=notebook)
  --checkpoint-every SECONDS
                    a long run saves its state this often (60), beside runs.jsonl in
                    checkpoints/; not part of the sweep: change it freely between reruns
Rerunning the same command resumes: finished runs are skipped, unfinished ones continue from
their last checkpoint, bit for bit. Ctrl-C stops starting runs and waits for the running ones
(Ctrl-C again abandons them; exit code 130). SIGTERM (a cluster's time limit or preemption):
the running runs save their checkpoints and stop, within 10 s; exit code 143. A run longer than
a minute reports its step, loss and ETA, also in progress.log beside runs.jsonl.
EXPERIMENT is one of:
`;

const OPTIONS = {
  preset: { type: 'string' }, out: { type: 'string' }, workers: { type: 'string' }, shard: { type: 'string' },
  seed: { type: 'string' }, set: { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' },
  'checkpoint-every': { type: 'string' },
} as const;

export interface RunCommandOptions {
  /** The module exporting EXPERIMENTS (default src/experiments/index.ts). */
  registryUrl?: URL;
  /** Called after a whole sweep (no --shard) has every run recorded, e.g. to write the report. */
  afterSweep?: (result: SweepResult) => Promise<void> | void;
  /** Where progress goes (default process.stderr). */
  progress?: ProgressSink;
}


function numberOf(field: string, text: string): number {
  const v = Number(text);
  if (text.trim() === '' || Number.isNaN(v)) throw new InputError(field, 'a number', JSON.stringify(text));
  return v;
}

export function parseShard(text: string | undefined): Shard | null {
  if (text === undefined) return null;
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = m ? Number(m[1]) : NaN, count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count) {
    throw new InputError('shard', 'I/N with integers 1 <= I <= N (e.g. 3/8)', JSON.stringify(text));
  }
  return { index, count };
}

/** BIGSTEP_PROGRESS_MS=AFTER,EVERY overrides when a long run starts reporting and how often
 *  (default 60000,30000): for tests and demonstrations only. */
function progressTimes(): { progressAfterMs?: number; progressEveryMs?: number } {
  const raw = process.env.BIGSTEP_PROGRESS_MS;
  if (raw === undefined) return {};
  const [after, every] = raw.split(',').map(Number);
  if (!(after >= 0) || !(every >= 0)) throw new InputError('BIGSTEP_PROGRESS_MS', 'AFTER,EVERY in milliseconds (e.g. 0,500)', JSON.stringify(raw));
  return { progressAfterMs: after, progressEveryMs: every };
}

/** The preset's config with the --set overrides, validated by the experiment's schema. */
export function configFrom(experiment: Experiment, preset: PresetName, sets: readonly string[]): unknown {
  const base = experiment.presets[preset];
  const fields = Object.keys((base ?? {}) as object);
  const overrides = sets.map(parseOverride);
  const parsed = parseWithIssues(experiment.schema, applyOverrides(base, overrides));
  const unknown = unknownOverride(overrides, parsed);
  if (unknown) {
    const path = unknown.path.join('.');
    throw new InputError('set', `a field of the config: ${fields.join(', ')} (dotted for nested fields)`, JSON.stringify(path), path);
  }
  if (!parsed.success) throw toInputError(parsed.issues[0]);
  return parsed.data;
}

export async function runCommand(argv: string[], opts: RunCommandOptions = {}): Promise<number> {
  let values: Record<string, string | string[] | boolean | undefined>, positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: joinNegativeValues(argv), options: OPTIONS, strict: true, allowPositionals: true }));
  } catch (err) {
    throw new InputError('option', 'the options of `bigstep run --help`', (err as Error).message.split('\n')[0]);
  }
  const registry = await loadRegistry(opts.registryUrl ?? DEFAULT_REGISTRY_URL);
  if (values.help) { process.stdout.write(HELP + experimentTable(registry)); return 0; }
  const ids = Object.keys(registry);
  if (positionals.length !== 1) {
    throw new InputError('experiment', `one of ${ids.map((k) => JSON.stringify(k)).join(', ')}`, positionals.length === 0 ? 'nothing' : JSON.stringify(positionals.join(' ')));
  }
  const id = oneOf('experiment', positionals[0], ids as (keyof typeof registry)[]);
  const experiment = registry[id]!;
  const s = (k: string): string | undefined => values[k] as string | undefined;
  const preset = oneOf('preset', s('preset') ?? 'quick', ['quick', 'paper'] as const);
  const workers = integer('workers', s('workers') === undefined ? availableParallelism() : numberOf('workers', s('workers')!), 1);
  const seed = checkSeed('seed', s('seed') === undefined ? DEFAULT_SEED : numberOf('seed', s('seed')!));
  const shard = parseShard(s('shard'));
  const config = configFrom(experiment, preset, (values.set as string[] | undefined) ?? []);
  const outDir = s('out') ?? 'results';
  const checkpointEverySeconds = s('checkpoint-every') === undefined ? 60 : numberOf('checkpoint-every', s('checkpoint-every')!);
  if (!(checkpointEverySeconds > 0) || !Number.isFinite(checkpointEverySeconds)) {
    throw new InputError('checkpoint-every', 'a number of seconds > 0', String(checkpointEverySeconds));
  }

  // Ctrl-C: stop starting runs, wait for the running ones; again: abandon them (130).
  // SIGTERM: the running runs save their checkpoints and stop; exit within 10 s whatever (143).
  const controller = new AbortController(), stopper = new AbortController();
  let interrupts = 0, first: NodeJS.Signals | undefined;
  const onInterrupt = (): void => {
    first ??= 'SIGINT';
    if (++interrupts === 1) { controller.abort(); return; }
    process.stderr.write('\n  abandoned the running runs (they are redone next time, from their last checkpoint)\n');
    process.exit(130);
  };
  const onTerm = (): void => {
    first ??= 'SIGTERM';
    if (stopper.signal.aborted) return;
    stopper.abort();
    setTimeout(() => {
      process.stderr.write('\n  SIGTERM: 10 s passed; the runs still running resume from their last checkpoint\n');
      process.exit(143);
    }, 9_500).unref();
  };
  process.on('SIGINT', onInterrupt);
  process.on('SIGTERM', onTerm);
  const printer = progressPrinter(opts.progress ?? process.stderr);
  let result: SweepResult;
  try {
    result = await runSweep({
      experiment: id, preset, config, outDir, workers, shard, seed, registryUrl: opts.registryUrl,
      onProgress: printer.onProgress, signal: controller.signal, stop: stopper.signal, checkpointEverySeconds,
      ...progressTimes(),
    });
  } finally {
    printer.end();
    process.off('SIGINT', onInterrupt);
    process.off('SIGTERM', onTerm);
  }
  const diverged = (result.diverged > 0 ? ` (${result.diverged} diverged)` : '') +
    (result.stopped > 0 ? `, ${result.stopped} stopped at a checkpoint` : '');
  process.stdout.write(`bigstep run ${id}: ${result.finished} run${result.finished === 1 ? '' : 's'} done${diverged}, ` +
    `${result.skipped} already done, ${result.remaining} left, in ${formatDuration(result.elapsedMs)} → ${result.dir}/runs.jsonl\n`);
  if (result.interrupted) return first === 'SIGTERM' ? 143 : 130;
  if (shard === null && result.remaining === 0) await opts.afterSweep?.(result);
  return 0;
}
