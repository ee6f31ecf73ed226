// One writer per sweep folder: `DIR/EXPERIMENT/PRESET/.lock` names the process writing it. Two
// processes appending to one runs.jsonl could both run a key (and a torn-line repair could cut
// another writer's line), so a second live writer is refused.
//
// A dead writer never looks alive. The lock records the holder's pid, host, start time
// (processIdentity.ts: /proc start ticks + boot id, or `ps` lstart) and SLURM job/array task. On
// the same host the holder is dead when no process has its pid, when that process is a zombie
// (kill -9'd, not yet reaped: `process.kill(pid, 0)` still succeeds on it), or when it started
// at another time (the pid was reused). A lock written by the same SLURM job and array task is
// this task's own earlier incarnation (requeued, possibly on another node): taken over. Any
// other host's lock is reported, to be deleted by hand if that run is gone.
//
// Creation is atomic with its content: the record goes to a private file first, then link(2)
// puts it at `.lock` (fails if one exists) — a reader never sees an empty lock. Taking over a
// dead holder's lock (remove, link ours) races with another process doing the same; so after a
// takeover the taker waits TAKEOVER_SETTLE_MS and re-reads: the last link wins, the others see a
// live holder and are refused.
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../model/errors.js';
import { processIdentity } from './processIdentity.js';

export interface SlurmTask { job: string; task: string }

export interface LockInfo {
  pid: number;
  host: string;
  /** ISO time the lock was taken (for the message). */
  started: string;
  /** The holder's start-time token (processIdentity); absent in locks of older versions. */
  processStart?: string;
  slurm?: SlurmTask;
}

const TAKEOVER_SETTLE_MS = 100;

/** The SLURM job and array task of this process, from the environment sbatch sets. */
export function slurmTask(env: NodeJS.ProcessEnv = process.env): SlurmTask | undefined {
  const job = env.SLURM_ARRAY_JOB_ID ?? env.SLURM_JOB_ID;
  if (job === undefined || job === '') return undefined;
  return { job, task: env.SLURM_ARRAY_TASK_ID ?? '' };
}

function myInfo(): LockInfo {
  const info: LockInfo = { pid: process.pid, host: hostname(), started: new Date().toISOString() };
  const start = processIdentity(process.pid)?.start;
  if (start !== undefined) info.processStart = start;
  const slurm = slurmTask();
  if (slurm !== undefined) info.slurm = slurm;
  return info;
}

/** Can the process that wrote `other` still write? (see the file comment) */
export function holderAlive(other: LockInfo, me: LockInfo): boolean {
  if (other.slurm !== undefined && me.slurm !== undefined &&
      other.slurm.job === me.slurm.job && other.slurm.task === me.slurm.task) return false;
  if (other.host !== me.host) return true;
  const now = processIdentity(other.pid);
  if (now === undefined || now.dead) return false;
  return other.processStart === undefined || now.start === undefined || now.start === other.processStart;
}

function readLock(file: string): LockInfo | undefined | 'missing' {
  let text: string;
  try { text = readFileSync(file, 'utf8'); } catch { return 'missing'; }
  try {
    const v = JSON.parse(text) as LockInfo;
    return typeof v.pid === 'number' && typeof v.host === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

const same = (a: LockInfo, b: LockInfo): boolean =>
  a.pid === b.pid && a.host === b.host && a.started === b.started && a.processStart === b.processStart;

/** Put `me` at `file` unless a lock exists there (atomic: write a private file, link it). */
function tryCreate(file: string, me: LockInfo): boolean {
  const mine = `${file}.${me.pid}.${process.hrtime.bigint()}`;
  writeFileSync(mine, JSON.stringify(me) + '\n');
  try {
    linkSync(mine, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    rmSync(mine, { force: true });
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function refusal(dir: string, file: string, other: LockInfo): InputError {
  const who = other.host === hostname() ? `process ${other.pid}` : `process ${other.pid} on ${other.host}`;
  const job = other.slurm ? ` (SLURM job ${other.slurm.job}${other.slurm.task ? `, array task ${other.slurm.task}` : ''})` : '';
  return new InputError('out', `a folder no other bigstep run is writing: ${who}${job} has been writing ${dir} since ${other.started}` +
    ` — wait for it, give each parallel shard its own --out (bigstep merge joins them), or delete ${file} if that run is gone`, dir);
}

/** Take the folder's lock; returns the function that releases it (also run at process exit). */
export function acquireLock(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, '.lock');
  const me = myInfo();
  for (let attempt = 0; ; attempt++) {
    if (attempt > 8) throw new Error(`bigstep: could not take ${file}: other processes keep taking it over`);
    if (tryCreate(file, me)) break;
    const other = readLock(file);
    if (other === 'missing') continue; // released between the two calls
    if (other !== undefined && holderAlive(other, me)) throw refusal(dir, file, other);
    rmSync(file, { force: true }); // a dead holder's (or unreadable) lock
    if (!tryCreate(file, me)) continue;
    sleepSync(TAKEOVER_SETTLE_MS);
    const now = readLock(file);
    if (now !== 'missing' && now !== undefined && same(now, me)) break;
    if (now !== 'missing' && now !== undefined && holderAlive(now, me)) throw refusal(dir, file, now);
  }
  let held = true;
  const release = (): void => {
    if (!held) return;
    held = false;
    process.off('exit', release);
    const now = readLock(file);
    if (now !== 'missing' && now !== undefined && same(now, me)) rmSync(file, { force: true });
  };
  process.on('exit', release);
  return release;
}
