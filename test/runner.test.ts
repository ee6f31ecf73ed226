// The sweep runner (src/runner/, `bigstep run`) on a toy experiment (test/helpers/toyExperiment.ts):
// same numbers whatever the workers and shards, resume, torn lines, refusal of another sweep's
// folder, kill -9 and Ctrl-C of a real child process, artifacts, --set validation, and the
// compiled (.js) worker path.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFrom, runCommand } from '../src/cli/run.js';
import { compileWasm } from '../src/backend/wasm/load.js';
import type { FinishedRun, RunArtifact } from '../src/experiments/types.js';
import { validateConfig } from '../src/model/validate.js';
import { InputError } from '../src/model/errors.js';
import { artifactName, keyFromArtifactName, readArtifact } from '../src/runner/artifacts.js';
import { RunError } from '../src/runner/execute.js';
import { acquireLock } from '../src/runner/lock.js';
import { formatDuration, progressPrinter } from '../src/runner/progress.js';
import { parseRuns, readRuns } from '../src/runner/runsFile.js';
import { deriveSeed, fnv1a64 } from '../src/experiments/seeds.js';
import { fingerprint } from '../src/runner/seeds.js';
import { runSweep, selectShard, type SweepOptions } from '../src/runner/sweep.js';
import { toy, type ToyConfig } from './helpers/toyExperiment.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TOY = new URL('./helpers/toyExperiment.ts', import.meta.url);
const scratch: string = mkdtempSync(join(tmpdir(), 'bigstep-runner-'));
let dirCount = 0;
const freshDir = (): string => { const d = join(scratch, `out${dirCount++}`); mkdirSync(d); return d; };

let module: WebAssembly.Module;
beforeAll(async () => { module = await compileWasm(); });

const quick = (over: Partial<ToyConfig> = {}): ToyConfig => validateConfig(toy.schema, { ...toy.presets.quick, ...over });
const sweep = (outDir: string, over: Partial<SweepOptions> = {}) => runSweep({
  experiment: 'fig1', preset: 'quick', config: quick(), outDir, workers: 1, shard: null, seed: 7,
  registryUrl: TOY, module, inProcess: true, ...over,
});
const runsFile = (outDir: string, exp = 'fig1'): string => join(outDir, exp, 'quick', 'runs.jsonl');
/** The records of a runs.jsonl that must be valid JSONL: every line a record, ending in \n. */
function records(file: string): FinishedRun[] {
  const text = readFileSync(file, 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  return text.trimEnd().split('\n').map((l) => JSON.parse(l) as FinishedRun);
}
const byKey = (runs: FinishedRun[]) => Object.fromEntries(runs.map((r) => [r.key, r.metrics]));
const allKeys = (c: ToyConfig) => toy.runs(c).map((s) => s.key).sort();
function expectComplete(file: string, c: ToyConfig): FinishedRun[] {
  const rs = records(file);
  expect(rs.map((r) => r.key).sort()).toEqual(allKeys(c)); // no duplicate, no missing key
  return rs;
}

describe('seeds and fingerprints', () => {
  it('derive a documented, stable seed in [0, 2^53) from the sweep seed and the key only', () => {
    expect(fnv1a64(new TextEncoder().encode('a'))).toBe(0xaf63dc4c8601ec8cn); // FNV-1a 64 test vector
    const s = deriveSeed(7, 'eta=0.5/sim=3');
    expect(Number.isSafeInteger(s) && s >= 0).toBe(true);
    expect(deriveSeed(7, 'eta=0.5/sim=3')).toBe(s);
    expect(deriveSeed(8, 'eta=0.5/sim=3')).not.toBe(s);
    expect(deriveSeed(7, 'eta=0.5/sim=4')).not.toBe(s);
    expect(deriveSeed(0, '')).toBe(deriveSeed(0, ''));
    expect(() => deriveSeed(-1, 'x')).toThrow(RangeError);
  });
  it('fingerprint ignores key order and sees every value', () => {
    const a = fingerprint({ x: 1, y: { b: 2, a: [1, 2] } }, 7, 'fig1', 'quick');
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(fingerprint({ y: { a: [1, 2], b: 2 }, x: 1 }, 7, 'fig1', 'quick')).toBe(a);
    expect(fingerprint({ x: 1, y: { b: 2, a: [2, 1] } }, 7, 'fig1', 'quick')).not.toBe(a);
    expect(fingerprint({ x: 1, y: { b: 2, a: [1, 2] } }, 8, 'fig1', 'quick')).not.toBe(a);
    expect(fingerprint({ x: 1, y: { b: 2, a: [1, 2] } }, 7, 'fig1', 'paper')).not.toBe(a);
  });
});

describe('artifact file names', () => {
  it('map keys to safe names reversibly', () => {
    expect(artifactName('d=1/t=0.2/eta=0.5/sim=3')).toBe('d=1__t=0.2__eta=0.5__sim=3.json');
    const keys = ['a_/b', 'a/_b', 'a__b', 'a//b', '~x', '.hidden', 'x y/ü', 'eta=1e-3', 'a~5Fb'];
    const names = keys.map(artifactName);
    expect(new Set(names).size).toBe(keys.length);
    for (const [i, name] of names.entries()) {
      expect(name).toMatch(/^[A-Za-z0-9.=,+\-_~]+\.json$/);
      expect(name.startsWith('.')).toBe(false);
      expect(keyFromArtifactName(name)).toBe(keys[i]);
    }
    expect(keyFromArtifactName('a_b.json')).toBeUndefined();
  });
});

describe('runSweep', () => {
  it('gives the same numbers with 1 worker in-process, 2 worker threads, and shards 1/2 + 2/2', async () => {
    const one = freshDir(), two = freshDir(), sharded = freshDir(), sharded2 = freshDir();
    const r1 = await sweep(one);
    expect(r1).toMatchObject({ finished: 9, skipped: 0, remaining: 0, interrupted: false, tornLine: false });
    expect(r1.diverged).toBeGreaterThanOrEqual(3); // eta = 1000
    const r2 = await sweep(two, { workers: 2, inProcess: false });
    expect(r2.finished).toBe(9);
    const s1 = await sweep(sharded, { shard: { index: 1, count: 2 }, workers: 2, inProcess: false });
    const s2 = await sweep(sharded2, { shard: { index: 2, count: 2 } });
    expect([s1.total, s2.total]).toEqual([5, 4]);
    const a = expectComplete(runsFile(one), quick()), b = expectComplete(runsFile(two), quick());
    const merged = join(sharded, 'merged.jsonl');
    writeFileSync(merged, readFileSync(runsFile(sharded)) + readFileSync(runsFile(sharded2), 'utf8'));
    const c = expectComplete(merged, quick());
    expect(byKey(b)).toEqual(byKey(a));
    expect(byKey(c)).toEqual(byKey(a));
    expect(new Set([...a, ...b, ...c].map((r) => r.fingerprint)).size).toBe(1);
    // artifacts: written, readable, the same across settings
    for (const key of allKeys(quick())) {
      const art = readArtifact(join(one, 'fig1', 'quick'), key) as RunArtifact;
      expect(art.key).toBe(key);
      expect(art.model.w2).toHaveLength(20);
      expect(art.x).toHaveLength(10);
      expect(readArtifact(join(two, 'fig1', 'quick'), key)).toEqual(art);
    }
    expect(readdirSync(join(one, 'fig1', 'quick', 'artifacts')).filter((f) => f.includes('.tmp-'))).toEqual([]);
    expect(existsSync(join(one, 'fig1', 'quick', '.lock'))).toBe(false);
  });

  it('shards are round robin over the run list', () => {
    const xs = [0, 1, 2, 3, 4, 5, 6];
    expect(selectShard(xs, { index: 1, count: 3 })).toEqual([0, 3, 6]);
    expect(selectShard(xs, { index: 3, count: 3 })).toEqual([2, 5]);
    expect(() => selectShard(xs, { index: 4, count: 3 })).toThrow(InputError);
  });

  it('resumes: an aborted sweep keeps what finished, the rerun skips those keys', async () => {
    const out = freshDir();
    const controller = new AbortController();
    const first = await sweep(out, {
      signal: controller.signal,
      onProgress: (e) => { if (e.type === 'run' && e.done === 4) controller.abort(); },
    });
    expect(first).toMatchObject({ finished: 4, remaining: 5, interrupted: true });
    expect(records(runsFile(out))).toHaveLength(4);
    const second = await sweep(out);
    expect(second).toMatchObject({ finished: 5, skipped: 4, remaining: 0, interrupted: false });
    const third = await sweep(out);
    expect(third).toMatchObject({ finished: 0, skipped: 9 });
    expectComplete(runsFile(out), quick());
  });

  it('drops a torn last line, truncates it from the file and redoes its run', async () => {
    const out = freshDir();
    await sweep(out);
    const file = runsFile(out);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    const last = lines.pop()!;
    writeFileSync(file, lines.join('\n') + '\n' + last.slice(0, Math.floor(last.length / 2)));
    const seen = readRuns(file);
    expect(seen.torn).not.toBeNull();
    expect(seen.runs).toHaveLength(8);
    const again = await sweep(out);
    expect(again).toMatchObject({ tornLine: true, finished: 1, skipped: 8 });
    const rs = expectComplete(file, quick());
    expect(rs.find((r) => r.key === JSON.parse(last).key)?.metrics).toEqual(JSON.parse(last).metrics);
    // a complete last record missing only its newline is kept, and the newline restored
    writeFileSync(file, readFileSync(file, 'utf8').trimEnd());
    expect(parseRuns(readFileSync(file, 'utf8')).torn).toBeNull();
    expect(await sweep(out)).toMatchObject({ finished: 0, skipped: 9, tornLine: false });
    expectComplete(file, quick());
    // a bad line in the middle is an error naming the line, never silently skipped
    writeFileSync(join(out, 'bad.jsonl'), '{"key": 1}\n' + readFileSync(file, 'utf8'));
    expect(() => readRuns(join(out, 'bad.jsonl'))).toThrow(/line 1/);
  });

  it('refuses a folder written with another seed or config, naming what differs', async () => {
    const out = freshDir();
    await sweep(out, { config: quick({ etas: [0.5], sims: 1 }) });
    const before = readFileSync(runsFile(out), 'utf8');
    const seedErr = await sweep(out, { config: quick({ etas: [0.5], sims: 1 }), seed: 8 }).catch((e) => e);
    expect(seedErr).toBeInstanceOf(InputError);
    expect(seedErr.field).toBe('seed');
    expect(seedErr.message).toMatch(/seed: got 8; allowed: 7.*fingerprint.*another --out.*delete/);
    const cfgErr = await sweep(out, { config: quick({ etas: [0.5], sims: 1, epochs: 100 }) }).catch((e) => e);
    expect(cfgErr).toBeInstanceOf(InputError);
    expect(cfgErr.field).toBe('config');
    expect(cfgErr.path).toBe('config.epochs');
    expect(cfgErr.message).toMatch(/epochs=100.*epochs=200.*another --out/);
    expect(readFileSync(runsFile(out), 'utf8')).toBe(before);
  });

  it('fails the sweep with a clear error when a run throws; finished runs stay recorded', async () => {
    const out = freshDir();
    const err = await sweep(out, { workers: 2, inProcess: false, config: quick({ failKey: 'eta=0.1/sim=0' }) }).catch((e) => e);
    expect(err).toBeInstanceOf(RunError);
    expect(err.message).toMatch(/^run eta=0\.1\/sim=0 failed: toy: run eta=0\.1\/sim=0 fails on purpose \(\d+ runs? finished in this call and recorded/);
    const rs = records(runsFile(out));
    expect(rs.length).toBeGreaterThanOrEqual(3);
    expect(rs.length).toBeLessThan(9);
    expect(rs.map((r) => r.key)).not.toContain('eta=0.1/sim=0');
    expect(existsSync(join(out, 'fig1', 'quick', '.lock'))).toBe(false);
    const inProcess = await sweep(freshDir(), { config: quick({ failKey: 'eta=0.5/sim=1' }) }).catch((e) => e);
    expect(inProcess).toBeInstanceOf(RunError);
    expect(inProcess.message).toMatch(/^run eta=0\.5\/sim=1 failed: toy: run eta=0\.5\/sim=1 fails on purpose \(1 run finished/);
  });

  it('refuses a folder another live process is writing', async () => {
    const out = freshDir();
    const release = acquireLock(join(out, 'fig1', 'quick'));
    try {
      const err = await sweep(out).catch((e) => e);
      expect(err).toBeInstanceOf(InputError);
      expect(err.field).toBe('out');
      expect(err.message).toMatch(/process \d+ has been writing/);
    } finally {
      release();
    }
  });

  it('gives dependent experiments the artifacts of the one they read (fig5 ← fig1)', async () => {
    const out = freshDir();
    const missing = await sweep(out, { experiment: 'fig5' }).catch((e) => e);
    expect(missing).toBeInstanceOf(InputError);
    expect(missing.field).toBe('experiment');
    expect(missing.message).toMatch(/bigstep run fig1 --preset quick/);
    await sweep(out);
    await sweep(out, { experiment: 'fig5', workers: 2, inProcess: false });
    const rs = expectComplete(runsFile(out, 'fig5'), quick());
    for (const r of rs) {
      const w2 = readArtifact(join(out, 'fig1', 'quick'), r.key)!.model.w2 as number[];
      expect(r.metrics.sumW2).toBe(w2.reduce((s, v) => s + v, 0));
    }
  });
});

/** The sources and the toy transpiled to JavaScript (no type check) in a package of their own:
 *  what `npm run build` gives, run by plain node — the worker starts from worker.js, no loader. */
function buildDist(): string {
  const dist = join(scratch, 'dist');
  const files = [...walk(join(ROOT, 'src')), join(ROOT, 'test/helpers/toyExperiment.ts'), join(ROOT, 'test/helpers/runChild.ts')];
  for (const f of files) {
    const js = ts.transpileModule(readFileSync(f, 'utf8'), { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
    const target = join(dist, relative(ROOT, f)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, js);
  }
  writeFileSync(join(dist, 'package.json'), JSON.stringify({ type: 'module', version: '0.0.0-test' }));
  symlinkSync(join(ROOT, 'node_modules'), join(dist, 'node_modules'));
  symlinkSync(join(ROOT, 'build'), join(dist, 'build'));
  return join(dist, 'test/helpers/runChild.js');
}

function* walk(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) yield* walk(join(dir, e.name));
    else if (e.name.endsWith('.ts')) yield join(dir, e.name);
  }
}

describe('bigstep run as a child process (compiled JavaScript, plain node)', () => {
  let child = '';
  beforeAll(() => { child = buildDist(); });
  const childArgs = (out: string, spinMs: number) =>
    ['fig1', '--out', out, '--workers', '2', '--seed', '11', '--set', `spinMs=${spinMs}`, '--set', 'etas=[0.5,0.1]', '--set', 'sims=4'];
  const childConfig = (spinMs: number) => quick({ spinMs, etas: [0.5, 0.1], sims: 4 });
  const start = (args: string[]) => spawn(process.execPath, [child, ...args], { cwd: scratch, stdio: ['ignore', 'pipe', 'pipe'] });
  const runToEnd = (args: string[]) => spawnSync(process.execPath, [child, ...args], { cwd: scratch, encoding: 'utf8' });
  const linesIn = (file: string): number => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').length - 1 : 0);
  async function until(cond: () => boolean, ms: number): Promise<void> {
    const end = Date.now() + ms;
    while (!cond()) {
      if (Date.now() > end) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  const exited = (p: ReturnType<typeof spawn>) =>
    new Promise<{ code: number | null; signal: string | null }>((r) => p.on('exit', (code, signal) => r({ code, signal })));

  it('runs a sweep on worker threads started from worker.js', () => {
    const out = freshDir();
    const r = runToEnd(['fig1', '--out', out, '--workers', '2', '--seed', '7']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/9 to run on 2 workers/);
    const rs = expectComplete(runsFile(out), quick());
    expect(rs[0].version).toBe('0.0.0-test');
  });

  it('kill -9 mid-sweep, then rerun: no duplicate, no missing key', async () => {
    const out = freshDir(), file = runsFile(out);
    const p = start(childArgs(out, 150));
    const done = exited(p);
    await until(() => linesIn(file) >= 2, 15_000);
    p.kill('SIGKILL');
    expect((await done).signal).toBe('SIGKILL');
    const partial = records(file).length;
    expect(partial).toBeLessThan(8);
    expect(existsSync(join(out, 'fig1', 'quick', '.lock'))).toBe(true); // left behind, taken over below
    const rerun = runToEnd(childArgs(out, 150));
    expect(rerun.status, rerun.stderr).toBe(0);
    expect(rerun.stdout).toMatch(new RegExp(`${8 - partial} runs? done.*${partial} already done, 0 left`));
    expectComplete(file, childConfig(150));
  });

  it('Ctrl-C stops dispatching, lets running runs finish, exits 130; the rerun completes', async () => {
    const out = freshDir(), file = runsFile(out);
    const p = start(childArgs(out, 250));
    let stderr = '';
    p.stderr!.on('data', (d) => { stderr += d; });
    const done = exited(p);
    await until(() => linesIn(file) >= 1, 15_000);
    p.kill('SIGINT');
    expect((await done).code).toBe(130);
    expect(stderr).toMatch(/interrupted: waiting for the \d running run/);
    const partial = records(file).length;
    expect(partial).toBeGreaterThanOrEqual(1);
    expect(partial).toBeLessThan(8);
    expect(existsSync(join(out, 'fig1', 'quick', '.lock'))).toBe(false);
    const rerun = runToEnd(childArgs(out, 250));
    expect(rerun.status, rerun.stderr).toBe(0);
    expectComplete(file, childConfig(250));
  });
});

describe('bigstep run options', () => {
  const opts = { registryUrl: TOY };
  it.each([
    [['fig1', '--set', 'epochs=-1'], 'epochs', 'epochs', /an integer >= 0/],
    [['fig1', '--set', 'epochs=2.5'], 'epochs', 'epochs', /an integer/],
    [['fig1', '--set', 'protocol=big'], 'protocol', 'protocol', /"paper", "notebook"/],
    [['fig1', '--set', 'etas=[0.5,-1]'], 'etas', 'etas[1]', /a number > 0/],
    [['fig1', '--set', 'nested.k=0'], 'nested', 'nested.k', /an integer >= 1/],
    [['fig1', '--set', 'etaa=1'], 'set', 'etaa', /a field of the config: n, m, B/],
    [['fig1', '--set', 'eta'], 'set', 'set', /key=value/],
    [['fig1', '--shard', '3/2'], 'shard', 'shard', /1 <= I <= N/],
    [['fig1', '--preset', 'huge'], 'preset', 'preset', /"quick", "paper"/],
    [['fig1', '--workers', '0'], 'workers', 'workers', /an integer >= 1/],
    [['fig1', '--seed', '-1'], 'seed', 'seed', /an integer >= 0/],
    [['fig9'], 'experiment', 'experiment', /"fig1", "fig5"/],
    [['fig1', '--bogus'], 'option', 'option', /bigstep run --help/],
  ])('%j is refused, naming field %s', async (argv, field, path, allowed) => {
    const err = await runCommand(argv, opts).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err.field).toBe(field);
    expect(err.path).toBe(path);
    expect(err.message).toMatch(/allowed: /);
    expect(err.message).toMatch(allowed);
  });

  it('--set reads JSON values, strings and dotted keys', () => {
    const c = configFrom(toy as never, 'quick', ['etas=[0.2]', 'protocol=notebook', 'nested.k=3', 'epochs=5']) as ToyConfig;
    expect(c).toMatchObject({ etas: [0.2], protocol: 'notebook', nested: { k: 3 }, epochs: 5, m: 20 });
    expect(toy.presets.quick.etas).toEqual([0.5, 0.1, 1000]); // the preset is not modified
  });
});

describe('progress', () => {
  const sink = (isTTY: boolean) => { const out: string[] = []; return { out, isTTY, columns: 100, write: (t: string) => out.push(t) }; };
  const start = { type: 'start', dir: 'r/fig1/quick', experiment: 'fig1', preset: 'quick', total: 4, skipped: 1, todo: 3, workers: 2, shard: null, tornLine: true } as const;
  const run = { type: 'run', key: 'eta=1/sim=0', metrics: { divergedAtEpoch: 12 }, durationMs: 1500, done: 1, todo: 3, elapsedMs: 2000 } as const;
  it('prints one plain line per run when not on a terminal', () => {
    const s = sink(false), p = progressPrinter(s);
    p.onProgress(start); p.onProgress(run); p.end();
    expect(s.out.every((l) => l.endsWith('\n') && !l.includes('\r'))).toBe(true);
    expect(s.out.join('')).toMatch(/4 runs, 1 already done, 3 to run on 2 workers\n.*half-written.*\n {2}\[1\/3\] eta=1\/sim=0 in 1\.5 s \(diverged at epoch 12\), elapsed 0:00, ETA 0:04\n$/s);
  });
  it('rewrites one bar line in place on a terminal', () => {
    const s = sink(true), p = progressPrinter(s);
    p.onProgress(start); p.onProgress(run); p.end();
    const bar = s.out.filter((t) => t.startsWith('\r'));
    expect(bar.at(-1)).toMatch(/^\r\x1b\[K1\/3 \[#+\.+\] +33% {2}elapsed 0:00 {2}ETA 0:0[34] {2}last eta=1\/sim=0/);
    expect(s.out.at(-1)).toBe('\n');
    expect(formatDuration(3_725_000)).toBe('1:02:05');
  });
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));
