// A sweep on a cluster: `bigstep merge` (shard folders joined, foreign sweeps and conflicting
// records refused), `bigstep status`, the sbatch script of `bigstep slurm`, and the whole path
// against a real one-node SLURM (.ci/slurm-up.sh starts it): an array job, one task requeued in
// the middle of its runs, merge, report — the summary of a single-machine run, bit for bit.
// Where no SLURM answers `sinfo` that test says it did not run; under CI (CI=true) it fails.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../src/model/errors.js';
import { mergeSweeps } from '../src/runner/merge.js';
import { slurmScript, timeLimitSeconds } from '../src/runner/slurm.js';
import { formatStatus, sweepStatus } from '../src/runner/status.js';
import { EXPERIMENTS } from './helpers/toyExperiment.js';

const ROOT = new URL('..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin/bigstep.js');
const scratch = mkdtempSync(join(tmpdir(), 'bigstep-cluster-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let n = 0;
const fresh = (): string => join(scratch, `c${n++}`);
const bigstep = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: ROOT });

const record = (key: string, metrics: Record<string, number>, fingerprint = 'f'.repeat(64)) =>
  ({ key, fingerprint, config: { n: 10, m: 20, B: 20, epochs: 200, t: 0.2, etas: [0.5], sims: 3 }, seed: 1, metrics, version: '0', durationMs: 1 });

function writeSweep(root: string, lines: object[], torn = ''): string {
  const dir = join(root, 'fig1', 'quick');
  mkdirSync(join(dir, 'artifacts'), { recursive: true });
  writeFileSync(join(dir, 'runs.jsonl'), lines.map((l) => JSON.stringify(l) + '\n').join('') + torn);
  for (const l of lines) writeFileSync(join(dir, 'artifacts', `${(l as { key: string }).key.replace('/', '__')}.json`), '{}\n');
  return root;
}
const keysIn = (dir: string) => readFileSync(join(dir, 'fig1/quick/runs.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).key as string);

describe('bigstep merge', () => {
  it('joins shard folders, keeps identical duplicates once, copies artifacts, and is idempotent', () => {
    const a = writeSweep(fresh(), [record('eta=0.5/sim=0', { x: 1 }), record('eta=0.5/sim=1', { x: 2 })]);
    const b = writeSweep(fresh(), [record('eta=0.5/sim=1', { x: 2 }), record('eta=0.5/sim=2', { x: 3 })], '{"key":"eta=0.5/si');
    const out = fresh();
    const [r] = mergeSweeps(out, [a, join(b, 'fig1', 'quick')]);
    expect(r).toMatchObject({ runs: 3, added: 3, collapsed: 1, artifactsCopied: 3 });
    expect(r.tornSources).toEqual([join(b, 'fig1', 'quick')]);
    expect(keysIn(out)).toEqual(['eta=0.5/sim=0', 'eta=0.5/sim=1', 'eta=0.5/sim=2']);
    expect(existsSync(join(out, 'fig1/quick/artifacts/eta=0.5__sim=2.json'))).toBe(true);
    const [again] = mergeSweeps(out, [a, b]);
    expect(again).toMatchObject({ runs: 3, added: 0 });
    expect(keysIn(out)).toHaveLength(3);
    expect(existsSync(join(out, 'fig1/quick/.lock'))).toBe(false);
  });

  it('refuses a folder of another sweep and two records of one run whose metrics differ', () => {
    const a = writeSweep(fresh(), [record('eta=0.5/sim=0', { x: 1 })]);
    const foreign = writeSweep(fresh(), [record('eta=0.5/sim=1', { x: 2 }, 'e'.repeat(64))]);
    const e1 = (() => { try { mergeSweeps(fresh(), [a, foreign]); } catch (e) { return e; } })() as InputError;
    expect(e1).toBeInstanceOf(InputError);
    expect(e1.message).toMatch(/fingerprint eeeeeeeeeeee… \(another config, seed or preset\)/);
    const other = writeSweep(fresh(), [record('eta=0.5/sim=0', { x: 1.5 })]);
    expect(() => mergeSweeps(fresh(), [a, other])).toThrow(/run eta=0\.5\/sim=0 has other metrics/);
    expect(() => mergeSweeps(fresh(), [join(scratch, 'nope')])).toThrow(/an existing sweep folder/);
  });
});

describe('bigstep status', () => {
  it('counts runs once over the shard folders, against the sweep\'s run list', () => {
    const a = writeSweep(fresh(), [record('eta=0.5/sim=0', { x: 1 }), record('eta=0.5/sim=1', { x: 2, divergedAtEpoch: 5 })]);
    const b = writeSweep(fresh(), [record('eta=0.5/sim=1', { x: 2, divergedAtEpoch: 5 })]);
    const [s] = sweepStatus([a, b], EXPERIMENTS);
    expect(s).toMatchObject({ experiment: 'fig1', preset: 'quick', total: 3, done: 2, diverged: 1, fingerprints: 1 });
    expect(formatStatus([s])).toMatch(/^fig1\/quick: 2 of 3 runs recorded \(1 diverged\), 1 left\n {2}.*: 2 runs\n {2}.*: 1 run\n$/);
  });
});

describe('bigstep slurm', () => {
  it('writes an array job that runs each shard, checkpoints on the warning signal and requeues itself', () => {
    const s = slurmScript({ experiment: 'fig2', preset: 'paper', shards: 8, out: '/s p', node: '/n', bin: '/b.js', time: '2:00:00',
      partition: 'gpu', cpus: 4, seed: 7, sets: ["ds=[1]", "x='y'"], signalSeconds: 120 });
    expect(s).toMatch(/#SBATCH --array=1-8\n/);
    expect(s).toMatch(/#SBATCH --requeue\n#SBATCH --signal=B:TERM@120\n/);
    expect(s).toMatch(/#SBATCH --partition=gpu\n/);
    expect(s).toContain(`'/n' '/b.js' run 'fig2' --preset 'paper' --shard "$task/$count" --out '/s p'/"shard-$task" --workers 4 --seed 7 --set 'ds=[1]' --set 'x='\\''y'\\'''`);
    expect(s).toMatch(/trap requeue TERM/);
    expect(s).toMatch(/scontrol requeue "\$\{SLURM_ARRAY_JOB_ID\}_\$task"/);
    expect(timeLimitSeconds('1-02:03:04')).toBe(93784);
    expect(timeLimitSeconds('30')).toBe(1800);
    expect(timeLimitSeconds('10:00')).toBe(600);
    expect(() => timeLimitSeconds('2h')).toThrow(/a SLURM time limit/);
  });

  it('refuses bad options naming the field', () => {
    const r = bigstep('slurm', 'fig2', '--shards', '0');
    expect(r.status).toBe(2);
    expect(JSON.parse(r.stderr).error.field).toBe('shards');
    const t = bigstep('slurm', 'fig2', '--shards', '2', '--time', '1:00', '--signal-seconds', '120');
    expect(JSON.parse(t.stderr).error.field).toBe('signal-seconds');
  });
});

describe('bigstep report of merged or reordered runs', () => {
  it('gives the same summary, bit for bit, whatever order the runs finished or were merged in', () => {
    const out = fresh();
    const sets = ['ts=[0.2]', 'etas=[0.5,0.1]', 'epochs=[300,300]', 'sims=4', 'draws=100'].flatMap((s) => ['--set', s]);
    expect(bigstep('run', 'fig2', '--out', out, '--workers', '2', ...sets).status).toBe(0);
    const dir = join(out, 'fig2/quick'), file = join(dir, 'runs.jsonl');
    const summary = readFileSync(join(dir, 'summary.json'), 'utf8');
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    for (const order of [[...lines].reverse(), [...lines.slice(3), ...lines.slice(0, 3)]]) {
      writeFileSync(file, order.join('\n') + '\n');
      expect(bigstep('report', dir).status).toBe(0);
      expect(readFileSync(join(dir, 'summary.json'), 'utf8')).toBe(summary);
    }
  });
});

const sinfo = spawnSync('sinfo', ['-h'], { encoding: 'utf8' }).status === 0;
const CI = process.env.CI === 'true';

describe('against a real SLURM', () => {
  it.skipIf(sinfo || CI)('did not run: no SLURM answers sinfo here (bash .ci/slurm-up.sh starts a one-node one)', () => {});

  it.runIf(sinfo || CI)('an array job, one task requeued mid-sweep, merged and reported: the single-machine summary, bit for bit', async () => {
    expect(sinfo, 'SLURM must answer sinfo under CI (.ci/run starts it with .ci/slurm-up.sh)').toBe(true);
    const sets = ['ts=[0.2]', 'etas=[0.5,0.1]', 'epochs=[10000,10000]', 'sims=3', 'draws=300'].flatMap((s) => ['--set', s]);
    const ref = fresh();
    const single = bigstep('run', 'fig2', '--out', ref, '--workers', '2', ...sets);
    expect(single.status, single.stderr).toBe(0);
    const out = fresh();
    const w = bigstep('slurm', 'fig2', '--shards', '2', '--out', out, '--time', '0:10:00', '--signal-seconds', '30', '--cpus', '1', ...sets);
    expect(w.status, w.stderr).toBe(0);
    const sub = spawnSync('sbatch', ['--parsable', join(out, 'fig2-quick.sbatch')], { encoding: 'utf8' });
    expect(sub.status, sub.stderr).toBe(0);
    const job = sub.stdout.trim().split(';')[0];
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const lines = (f: string) => (existsSync(f) ? readFileSync(f, 'utf8').split('\n').filter(Boolean).length : 0);
    const shard1 = join(out, 'shard-1/fig2/quick/runs.jsonl');
    try {
      for (let i = 0; i < 600 && lines(shard1) < 1; i++) await sleep(100);
      const before = lines(shard1);
      expect(before).toBeGreaterThanOrEqual(1);
      expect(before).toBeLessThan(3);
      expect(spawnSync('scontrol', ['requeue', `${job}_1`]).status).toBe(0);
      // a requeued job waits ~2 minutes before it is eligible again; release it now
      for (let i = 0; i < 100; i++) {
        if (/JobState=PENDING/.test(spawnSync('scontrol', ['show', 'job', `${job}_1`], { encoding: 'utf8' }).stdout)) break;
        await sleep(100);
      }
      spawnSync('scontrol', ['update', `JobId=${job}_1`, 'StartTime=now']);
      for (let i = 0; i < 1200 && spawnSync('squeue', ['-h', '-j', job], { encoding: 'utf8' }).stdout.trim() !== ''; i++) await sleep(100);
      expect(spawnSync('squeue', ['-h', '-j', job], { encoding: 'utf8' }).stdout.trim()).toBe('');
    } finally {
      spawnSync('scancel', [job]);
    }
    const log = readFileSync(join(out, 'logs', 'bigstep-fig2-quick-1.out'), 'utf8');
    expect(log).toMatch(/restart 0/);
    expect(log).toMatch(/restart 1/);
    expect(bigstep('status', out).stdout).toMatch(/fig2\/quick: 6 of 6 runs recorded/);
    const merged = join(out, 'merged');
    const m = bigstep('merge', merged, join(out, 'shard-1'), join(out, 'shard-2'));
    expect(m.status, m.stderr).toBe(0);
    expect(bigstep('report', join(merged, 'fig2/quick')).status).toBe(0);
    expect(readFileSync(join(merged, 'fig2/quick/summary.json'), 'utf8')).toBe(readFileSync(join(ref, 'fig2/quick/summary.json'), 'utf8'));
  }, 300_000);
});
