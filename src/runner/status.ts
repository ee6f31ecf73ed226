// `bigstep status DIR...`: a sweep's progress across its shard folders — runs recorded (keys
// counted once over all folders), diverged, left; per folder the runs it holds, whether a
// live process is writing it (its lock), and the last line of its progress log.
import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Registry } from './execute.js';
import { holderAlive, type LockInfo } from './lock.js';
import { readRuns } from './runsFile.js';
import { groupSweeps } from './sweepFolders.js';

export interface FolderStatus {
  dir: string;
  runs: number;
  /** "process 123 (running)", "process 123 on node-a (SLURM job 7, array task 2)", or "" */
  writer: string;
  /** The last line of progress.log, if any. */
  progress: string;
}

export interface SweepStatus {
  experiment: string;
  preset: string;
  /** Runs of the whole sweep (from the experiment's run list), when the registry knows it. */
  total: number | undefined;
  done: number;
  diverged: number;
  fingerprints: number;
  folders: FolderStatus[];
}

function writerOf(dir: string): string {
  const file = join(dir, '.lock');
  if (!existsSync(file)) return '';
  let info: LockInfo;
  try { info = JSON.parse(readFileSync(file, 'utf8')) as LockInfo; } catch { return 'an unreadable lock'; }
  const where = info.host === hostname() ? '' : ` on ${info.host}`;
  const job = info.slurm ? ` (SLURM job ${info.slurm.job}${info.slurm.task ? `, array task ${info.slurm.task}` : ''})` : '';
  const me: LockInfo = { pid: process.pid, host: hostname(), started: '' };
  const state = info.host !== hostname() ? 'another host: not checked' : holderAlive(info, me) ? 'running' : 'gone: the next run takes over its lock';
  return `process ${info.pid}${where}${job}, ${state}`;
}

function lastLine(file: string): string {
  if (!existsSync(file)) return '';
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
  return lines[lines.length - 1] ?? '';
}

/** The status of every sweep found in `paths` (sweep folders or --out folders). */
export function sweepStatus(paths: readonly string[], registry: Registry): SweepStatus[] {
  return [...groupSweeps(paths).values()].map((folders) => {
    const keys = new Map<string, boolean>();
    const fingerprints = new Set<string>();
    let config: unknown;
    const out: FolderStatus[] = folders.map((f) => {
      const { runs } = readRuns(join(f.dir, 'runs.jsonl'));
      for (const r of runs) {
        keys.set(r.key, r.metrics.divergedAtEpoch !== undefined);
        fingerprints.add(r.fingerprint);
        config ??= r.config;
      }
      return { dir: f.dir, runs: runs.length, writer: writerOf(f.dir), progress: lastLine(join(f.dir, 'progress.log')) };
    });
    const experiment = registry[folders[0].experiment as keyof Registry];
    let total: number | undefined;
    try { total = experiment && config !== undefined ? experiment.runs(config).length : undefined; } catch { total = undefined; }
    return {
      experiment: folders[0].experiment, preset: folders[0].preset, total, done: keys.size,
      diverged: [...keys.values()].filter(Boolean).length, fingerprints: fingerprints.size, folders: out,
    };
  });
}

/** The table `bigstep status` prints. */
export function formatStatus(all: readonly SweepStatus[]): string {
  const lines: string[] = [];
  for (const s of all) {
    const of = s.total === undefined ? '' : ` of ${s.total}`;
    const left = s.total === undefined ? '' : `, ${s.total - s.done} left`;
    const mixed = s.fingerprints > 1 ? ` — ${s.fingerprints} different sweeps (fingerprints): bigstep merge will refuse them` : '';
    lines.push(`${s.experiment}/${s.preset}: ${s.done}${of} runs recorded (${s.diverged} diverged)${left}${mixed}`);
    for (const f of s.folders) {
      lines.push(`  ${f.dir}: ${f.runs} run${f.runs === 1 ? '' : 's'}${f.writer ? `; writer ${f.writer}` : ''}`);
      if (f.progress) lines.push(`    ${f.progress}`);
    }
  }
  return lines.join('\n') + '\n';
}
