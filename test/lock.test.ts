// The sweep folder's lock (src/runner/lock.ts): a dead writer never looks alive — not as a
// zombie, not through pid reuse — and two live writers are refused. Ends with the user's case:
// `bigstep run` killed with SIGKILL at 20 random moments under a parent that never reaps it, each
// kill followed at once by a resume; every resume is accepted and the sweep ends with the
// numbers of an uninterrupted run.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../src/model/errors.js';
import { acquireLock, holderAlive, slurmTask, type LockInfo } from '../src/runner/lock.js';
import { parseProcStat, processIdentity } from '../src/runner/processIdentity.js';

const ROOT = new URL('..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin/bigstep.js');
const HOLD = join(ROOT, 'test/helpers/holdLock.ts');
const scratch = mkdtempSync(join(tmpdir(), 'bigstep-lock-'));
let nDirs = 0;
const freshDir = (): string => join(scratch, `d${nDirs++}`);
const parents: ChildProcess[] = [];
afterAll(() => {
  for (const p of parents) p.kill('SIGKILL');
  rmSync(scratch, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const stateOf = (pid: number): string | undefined => {
  try { return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'))?.state; } catch { return undefined; }
};
const hasProc = existsSync('/proc/self/stat');

/** Start `command` under a parent that never reaps it: bash starts it in the background, prints
 *  its pid and replaces itself by `sleep` (which waits for nothing). Killed, the child stays a
 *  zombie until the test ends — the state of a container whose PID 1 reaps nothing. */
async function underNonReapingParent(command: string): Promise<{ pid: number; parent: ChildProcess; stderr: () => string }> {
  const parent = spawn('bash', ['-c', `${command} & echo $!; exec sleep 600`], { stdio: ['ignore', 'pipe', 'pipe'], cwd: ROOT });
  parents.push(parent);
  let out = '', err = '';
  parent.stderr!.on('data', (d) => { err += d; });
  await new Promise<void>((resolve) => parent.stdout!.on('data', (d) => { out += d; if (out.includes('\n')) resolve(); }));
  return { pid: Number(out.trim()), parent, stderr: () => err };
}

function writeLock(dir: string, info: LockInfo): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, '.lock'), JSON.stringify(info) + '\n');
}

const lockOf = (pid: number): LockInfo =>
  ({ pid, host: hostname(), started: new Date().toISOString(), processStart: processIdentity(pid)?.start });

describe('process identity', () => {
  it('reads state and start time after the last parenthesis of /proc/<pid>/stat', () => {
    const fields = Array.from({ length: 50 }, (_, i) => String(i + 3));
    expect(parseProcStat(`42 (a) b (c)) Z ${fields.slice(1).join(' ')}`)).toEqual({ state: 'Z', startTicks: '22' });
    expect(parseProcStat('garbage')).toBeUndefined();
  });

  it('names this process, and no process for a pid that does not exist', () => {
    const me = processIdentity(process.pid)!;
    expect(me.dead).toBe(false);
    expect(me.start).toBe(processIdentity(process.pid)!.start);
    expect(processIdentity(2 ** 22 + 12345)).toBeUndefined();
  });
});

describe('the folder lock', () => {
  it.runIf(hasProc)('takes over the lock of a zombie holder (kill -9, never reaped)', async () => {
    const { pid } = await underNonReapingParent('sleep 0');
    for (let i = 0; i < 200 && stateOf(pid) !== 'Z'; i++) await sleep(10);
    expect(stateOf(pid)).toBe('Z');
    expect(() => process.kill(pid, 0)).not.toThrow(); // what the old lock asked: a zombie "is alive"
    const dir = freshDir();
    writeLock(dir, lockOf(pid));
    expect(processIdentity(pid)!.dead).toBe(true);
    const release = acquireLock(dir);
    expect(JSON.parse(readFileSync(join(dir, '.lock'), 'utf8')).pid).toBe(process.pid);
    release();
    expect(existsSync(join(dir, '.lock'))).toBe(false);
  });

  it('takes over a lock whose pid now belongs to another process (pid reuse)', () => {
    const dir = freshDir();
    const live = process.ppid; // alive, but not the process the lock names
    writeLock(dir, { ...lockOf(live), processStart: 'linux:another-boot:12345' });
    const release = acquireLock(dir);
    release();
  });

  it('refuses a folder a live process on this host holds, and a lock from another host', () => {
    const a = freshDir();
    writeLock(a, lockOf(process.ppid));
    const err = (() => { try { acquireLock(a); } catch (e) { return e; } })();
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).field).toBe('out');
    expect((err as InputError).message).toMatch(new RegExp(`process ${process.ppid} has been writing`));
    const b = freshDir();
    writeLock(b, { pid: 1, host: 'another-node', started: '2026-01-01T00:00:00.000Z' });
    expect(() => acquireLock(b)).toThrow(/process 1 on another-node/);
  });

  it('two live writers: the second process is refused until the first releases', async () => {
    const dir = freshDir();
    const releaseFile = join(scratch, `release-${nDirs}`);
    const first = spawn(process.execPath, ['--import', 'tsx', HOLD, dir, releaseFile], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    first.stdout!.on('data', (d) => { out += d; });
    for (let i = 0; i < 500 && !out.includes('got'); i++) await sleep(10);
    expect(out).toBe('got\n');
    const second = spawnSync(process.execPath, ['--import', 'tsx', HOLD, dir, '-'], { cwd: ROOT, encoding: 'utf8' });
    expect(second.stdout).toMatch(new RegExp(`^refused .*process ${first.pid} has been writing`));
    writeFileSync(releaseFile, '');
    await new Promise((r) => first.on('exit', r));
    const third = spawnSync(process.execPath, ['--import', 'tsx', HOLD, dir, '-'], { cwd: ROOT, encoding: 'utf8' });
    expect(third.stdout).toBe('got\n');
  });

  it('four processes taking over one dead holder\'s lock at once: exactly one gets it', async () => {
    const dir = freshDir();
    const releaseFile = join(scratch, `release-${nDirs}`);
    writeLock(dir, { pid: 2 ** 22 + 777, host: hostname(), started: '2026-01-01T00:00:00.000Z' });
    // whoever gets the lock keeps it until the three others have answered and exited
    let exited = 0;
    const poll = setInterval(() => { if (exited >= 3) { writeFileSync(releaseFile, ''); clearInterval(poll); } }, 20);
    const results = await Promise.all([0, 1, 2, 3].map((): Promise<string> => new Promise((resolve) => {
      const p = spawn(process.execPath, ['--import', 'tsx', HOLD, dir, releaseFile], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      p.stdout!.on('data', (d) => { out += d; });
      p.on('exit', () => { exited++; resolve(out); });
    })));
    expect(results.filter((o) => o === 'got\n')).toHaveLength(1);
    expect(results.filter((o) => o.startsWith('refused '))).toHaveLength(3);
  });

  it('a requeued SLURM task takes over its own earlier lock, from any node; other tasks are refused', () => {
    const me: LockInfo = { pid: process.pid, host: hostname(), started: '', slurm: { job: '77', task: '3' } };
    const earlier: LockInfo = { pid: 4242, host: 'node-a', started: '', slurm: { job: '77', task: '3' } };
    expect(holderAlive(earlier, me)).toBe(false);
    expect(holderAlive({ ...earlier, slurm: { job: '77', task: '4' } }, me)).toBe(true);
    expect(holderAlive({ ...earlier, slurm: undefined }, me)).toBe(true);
    expect(slurmTask({ SLURM_ARRAY_JOB_ID: '77', SLURM_ARRAY_TASK_ID: '3', SLURM_JOB_ID: '80' })).toEqual({ job: '77', task: '3' });
    expect(slurmTask({ SLURM_JOB_ID: '80' })).toEqual({ job: '80', task: '' });
    expect(slurmTask({})).toBeUndefined();
  });
});

describe('bigstep run killed with SIGKILL and resumed at once, 20 times', () => {
  // 12 runs of ~0.1 s each on one worker, then the report: kills land in start-up, in runs, in
  // the artifact/line writes and in the report.
  const args = ['run', 'fig2', '--preset', 'quick', '--workers', '1', '--set', 'ts=[0.2]', '--set', 'etas=[0.5,0.1]',
    '--set', 'epochs=[3000,3000]', '--set', 'sims=6', '--set', 'draws=300'];
  const lines = (dir: string) => readFileSync(join(dir, 'fig2/quick/runs.jsonl'), 'utf8').trim().split('\n')
    .map((l) => JSON.parse(l) as { key: string; metrics: Record<string, number> });

  it.runIf(process.platform !== 'win32')('accepts every resume and ends with the uninterrupted numbers', async () => {
    const reference = freshDir();
    const whole = spawnSync(process.execPath, [BIN, ...args, '--out', reference], { cwd: ROOT, encoding: 'utf8' });
    expect(whole.status, whole.stderr).toBe(0);
    const dir = freshDir();
    const quoted = [BIN, ...args, '--out', dir].map((a) => `'${a}'`).join(' ');
    let killedMidway = 0;
    for (let k = 0; k < 20; k++) {
      const { pid, stderr } = await underNonReapingParent(`'${process.execPath}' ${quoted}`);
      await sleep(100 + Math.random() * 800); // start-up, runs, line writes or the report: all within the first second on any machine
      const running = stateOf(pid) !== 'Z';
      try { process.kill(pid, 'SIGKILL'); } catch { /* it had finished */ }
      for (let i = 0; i < 200 && hasProc && stateOf(pid) !== 'Z'; i++) await sleep(5);
      if (running) killedMidway++;
      await sleep(20); // the pipe's last bytes
      expect(stderr()).not.toMatch(/has been writing/);
    }
    expect(killedMidway).toBeGreaterThan(10);
    const last = spawnSync(process.execPath, [BIN, ...args, '--out', dir], { cwd: ROOT, encoding: 'utf8' });
    expect(last.status, last.stderr).toBe(0);
    const got = lines(dir), want = lines(reference);
    expect(new Set(got.map((r) => r.key)).size).toBe(got.length);
    const byKey = new Map(got.map((r) => [r.key, r.metrics]));
    expect(got).toHaveLength(want.length);
    for (const r of want) expect(byKey.get(r.key)).toEqual(r.metrics);
  }, 120_000);
});
