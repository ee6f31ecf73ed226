// The sbatch array script of `bigstep slurm`: task I of N runs `bigstep run ... --shard I/N` into
// OUT/shard-I. Time limits and preemption: `--requeue` lets SLURM requeue a preempted task, and
// `--signal=B:TERM@S` warns the batch shell S seconds before the time limit; the shell then sends
// SIGTERM to bigstep (which checkpoints its running runs and exits) and requeues its own task
// (`scontrol requeue JOB_TASK`), which resumes from runs.jsonl and the checkpoints. A requeued
// task takes over its own earlier lock, from any node (the lock records the job and task).
import { InputError } from '../model/errors.js';

export interface SlurmScriptOptions {
  experiment: string;
  preset: string;
  shards: number;
  /** Absolute folder of the shard folders, logs and the script. */
  out: string;
  /** Absolute paths of node and bin/bigstep.js as the compute nodes see them. */
  node: string;
  bin: string;
  /** sbatch --time (e.g. 2:00:00 or 1-12:00:00). */
  time: string;
  partition?: string;
  cpus: number;
  seed: number;
  /** The run's `--set key=value` overrides, as given. */
  sets: readonly string[];
  /** Seconds before the time limit at which SIGTERM arrives (--signal=B:TERM@S). */
  signalSeconds: number;
}

/** sbatch --time in seconds; throws an InputError on anything sbatch would not take. */
export function timeLimitSeconds(text: string): number {
  const m = /^(?:(\d+)-)?(\d+)(?::(\d+))?(?::(\d+))?$/.exec(text.trim());
  if (m === null) throw new InputError('time', 'a SLURM time limit: MM, HH:MM:SS or D-HH:MM:SS (e.g. 4:00:00)', JSON.stringify(text));
  const [, d, a, b, c] = m;
  const parts = [a, b, c].filter((x) => x !== undefined).map(Number);
  const [h, mi, s] = d !== undefined || parts.length === 3 ? [parts[0], parts[1] ?? 0, parts[2] ?? 0]
    : parts.length === 2 ? [0, parts[0], parts[1]] : [0, parts[0], 0];
  return Number(d ?? 0) * 86400 + h * 3600 + mi * 60 + s;
}

/** Quote for bash: single quotes, with ' written as '\''. */
export const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

export function slurmScript(o: SlurmScriptOptions): string {
  const q = shellQuote;
  const run = [q(o.node), q(o.bin), 'run', q(o.experiment), '--preset', q(o.preset),
    '--shard', '"$task/$count"', '--out', `${q(o.out)}/"shard-$task"`, '--workers', String(o.cpus), '--seed', String(o.seed),
    ...o.sets.flatMap((s) => ['--set', q(s)])].join(' ');
  return `#!/bin/bash
# bigstep ${o.experiment} --preset ${o.preset} as ${o.shards} SLURM array tasks, written by \`bigstep slurm\`.
# Submit: sbatch ${o.out}/${o.experiment}-${o.preset}.sbatch
# Watch:  bigstep status ${o.out}      (or: tail -f ${o.out}/shard-*/${o.experiment}/${o.preset}/progress.log)
# Then:   bigstep merge ${o.out}/merged ${o.out}/shard-* && bigstep report ${o.out}/merged/${o.experiment}/${o.preset}
#SBATCH --job-name=bigstep-${o.experiment}-${o.preset}
#SBATCH --array=1-${o.shards}
#SBATCH --cpus-per-task=${o.cpus}
#SBATCH --time=${o.time}
${o.partition === undefined ? '' : `#SBATCH --partition=${o.partition}\n`}#SBATCH --output=${o.out}/logs/%x-%a.out
#SBATCH --open-mode=append
#SBATCH --requeue
#SBATCH --signal=B:TERM@${o.signalSeconds}
set -u
task=$SLURM_ARRAY_TASK_ID
count=\${SLURM_ARRAY_TASK_COUNT:-${o.shards}}
echo "bigstep: task $task/$count of job \${SLURM_ARRAY_JOB_ID:-$SLURM_JOB_ID} on $(hostname), restart \${SLURM_RESTART_COUNT:-0}, $(date -u +%FT%TZ)"
${run} &
child=$!
requeue() {
  echo "bigstep: SIGTERM (time limit or preemption) at $(date -u +%FT%TZ): checkpointing task $task"
  kill -TERM "$child" 2>/dev/null
  wait "$child"
  echo "bigstep: exited with $?; requeueing task $task"
  scontrol requeue "\${SLURM_ARRAY_JOB_ID}_$task" || true
  exit 0
}
trap requeue TERM
wait "$child"
`;
}
