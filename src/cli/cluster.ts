// `bigstep slurm | merge | status`: a sweep on a cluster — an sbatch array script whose tasks
// are the sweep's shards, the shard folders merged back into one, and the progress across them.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { InputError } from '../model/errors.js';
import { integer, oneOf, seed as checkSeed } from '../model/validate.js';
import { DEFAULT_REGISTRY_URL, loadRegistry } from '../runner/execute.js';
import { mergeSweeps } from '../runner/merge.js';
import { slurmScript, timeLimitSeconds } from '../runner/slurm.js';
import { formatStatus, sweepStatus } from '../runner/status.js';
import { joinNegativeValues } from './args.js';
import { experimentIds } from './experimentList.js';
import { configFrom, DEFAULT_SEED } from './run.js';

const SLURM_HELP = `usage: bigstep slurm EXPERIMENT --shards N [options]
  Writes OUT/EXPERIMENT-PRESET.sbatch: a SLURM array job whose task I of N runs
  \`bigstep run EXPERIMENT --shard I/N --out OUT/shard-I\`, and prints how to submit it.
  --preset NAME     quick | paper (quick)
  --shards N        array tasks (1 <= N <= the sweep's runs)
  --out DIR         folder of the shard folders, logs and the script (slurm-EXPERIMENT-PRESET)
  --time T          each task's time limit, as sbatch takes it (4:00:00)
  --partition Q     the partition (the cluster's default)
  --cpus C          cores per task = bigstep's --workers (2)
  --signal-seconds S  SIGTERM this long before the time limit: checkpoint, requeue (120)
  --seed S, --set key=value   as for bigstep run (${DEFAULT_SEED})
  A task stopped by its time limit or preempted checkpoints its runs and is requeued; it
  resumes where it stopped. Then: bigstep merge OUT/merged OUT/shard-* and bigstep report.
`;

const MERGE_HELP = `usage: bigstep merge OUT DIR...
  Joins the shard folders DIR (sweep folders DIR/EXPERIMENT/PRESET, or --out folders holding them)
  into OUT/EXPERIMENT/PRESET: runs.jsonl and artifacts. Refuses folders of another sweep
  (fingerprint) and two records of one run whose metrics differ; identical ones are kept once.
`;

const STATUS_HELP = `usage: bigstep status DIR...
  A sweep's progress across its folders (sweep folders or --out folders): runs recorded, diverged
  and left; per folder its runs, the process writing it, and its progress log's last line.
`;

export async function slurmCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {
    preset: { type: 'string' }, shards: { type: 'string' }, out: { type: 'string' }, time: { type: 'string' },
    partition: { type: 'string' }, cpus: { type: 'string' }, 'signal-seconds': { type: 'string' }, seed: { type: 'string' },
    set: { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' },
  }, 'slurm');
  if (values.help) { process.stdout.write(SLURM_HELP); return 0; }
  const registry = await loadRegistry(DEFAULT_REGISTRY_URL);
  if (positionals.length !== 1) throw new InputError('experiment', `one of ${experimentIds(registry)}`, positionals.join(' ') || 'nothing');
  const id = oneOf('experiment', positionals[0], Object.keys(registry) as (keyof typeof registry)[]);
  const preset = oneOf('preset', str(values.preset) ?? 'quick', ['quick', 'paper'] as const);
  const sets = (values.set as string[] | undefined) ?? [];
  const config = configFrom(registry[id]!, preset, sets);
  const runs = registry[id]!.runs(config).length;
  if (values.shards === undefined) throw new InputError('shards', `an integer in [1, ${runs}] (the sweep has ${runs} runs)`, 'nothing');
  const shards = integer('shards', Number(values.shards), 1, runs);
  const time = str(values.time) ?? '4:00:00';
  const limit = timeLimitSeconds(time);
  const signalSeconds = integer('signal-seconds', Number(str(values['signal-seconds']) ?? 120), 10, 65535);
  if (signalSeconds >= limit) throw new InputError('signal-seconds', `fewer seconds than the time limit (${limit} s)`, String(signalSeconds));
  const out = resolve(str(values.out) ?? `slurm-${id}-${preset}`);
  const script = slurmScript({
    experiment: id, preset, shards, out, time, partition: str(values.partition), signalSeconds, sets,
    cpus: integer('cpus', Number(str(values.cpus) ?? 2), 1, 4096),
    seed: checkSeed('seed', str(values.seed) === undefined ? DEFAULT_SEED : Number(values.seed)),
    node: process.execPath, bin: fileURLToPath(new URL('../../bin/bigstep.js', import.meta.url)),
  });
  mkdirSync(resolve(out, 'logs'), { recursive: true });
  const file = resolve(out, `${id}-${preset}.sbatch`);
  writeFileSync(file, script);
  chmodSync(file, 0o755);
  process.stdout.write(`bigstep slurm: ${runs} runs of ${id}/${preset} in ${shards} array tasks → ${file}\n` +
    `  submit:  sbatch ${file}\n  watch:   bigstep status ${out}\n` +
    `  then:    bigstep merge ${out}/merged ${out}/shard-* && bigstep report ${out}/merged/${id}/${preset}\n`);
  return 0;
}

export async function mergeCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { help: { type: 'boolean', short: 'h' } }, 'merge');
  if (values.help) { process.stdout.write(MERGE_HELP); return 0; }
  if (positionals.length < 2) throw new InputError('dir', 'OUT and one or more shard folders: bigstep merge OUT DIR...', positionals.join(' ') || 'nothing');
  const [outRoot, ...dirs] = positionals;
  for (const r of mergeSweeps(outRoot, dirs)) {
    const torn = r.tornSources.length > 0 ? `; a torn last line left out in ${r.tornSources.join(', ')}` : '';
    process.stdout.write(`bigstep merge ${r.experiment}/${r.preset}: ${r.runs} runs in ${r.dir}/runs.jsonl (${r.added} added, ` +
      `${r.collapsed} identical duplicates kept once, ${r.artifactsCopied} artifacts copied)${torn}\n`);
  }
  return 0;
}

export async function statusCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { help: { type: 'boolean', short: 'h' } }, 'status');
  if (values.help) { process.stdout.write(STATUS_HELP); return 0; }
  if (positionals.length === 0) throw new InputError('dir', 'one or more sweep folders or --out folders', 'nothing');
  process.stdout.write(formatStatus(sweepStatus(positionals, await loadRegistry(DEFAULT_REGISTRY_URL))));
  return 0;
}

type Options = NonNullable<NonNullable<Parameters<typeof parseArgs>[0]>['options']>;
function parse(argv: string[], options: Options, command: string): { values: Record<string, unknown>; positionals: string[] } {
  try {
    return parseArgs({ args: joinNegativeValues(argv), options, strict: true, allowPositionals: true }) as { values: Record<string, unknown>; positionals: string[] };
  } catch (err) {
    throw new InputError('option', `the options of \`bigstep ${command} --help\``, (err as Error).message.split('\n')[0]);
  }
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
