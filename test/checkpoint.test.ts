// Mid-run checkpoints (src/runner/checkpoint.ts, src/model/trainState.ts): exact state files,
// refusal of corrupt, truncated and foreign checkpoints, training loops that resume bit for bit,
// and the user's case — one run killed with SIGKILL at 10 random moments, each time resumed,
// ends with exactly the bits of an uninterrupted run; SIGTERM saves and exits within 10 s (143).
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createBackend } from '../src/backend/index.js';
import { Dataset } from '../src/model/dataset.js';
import { timeGrid, trainDiffusion } from '../src/model/diffusion.js';
import { InputError } from '../src/model/errors.js';
import { Net } from '../src/model/net.js';
import { noiseAt } from '../src/model/schedule.js';
import { train } from '../src/model/train.js';
import type { TrainState } from '../src/model/trainState.js';
import { decodeExact, encodeExact, readCheckpoint, writeCheckpoint, type CheckpointSpec } from '../src/runner/checkpoint.js';

const ROOT = new URL('..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin/bigstep.js');
const scratch = mkdtempSync(join(tmpdir(), 'bigstep-checkpoint-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let n = 0;
const fresh = (): string => join(scratch, `k${n++}`);
const bits = (a: ArrayLike<number>): string => Buffer.from(Float64Array.from(a).buffer).toString('hex');

describe('checkpoint files', () => {
  it('carry every float exactly: NaN payloads (generator words), -0, ±Infinity', () => {
    const words = new Float64Array(new BigUint64Array([0xfff8_0000_dead_beefn, 0x7ff0_0000_0000_0001n, 0x8000_0000_0000_0000n]).buffer);
    const state = { a: words, b: [-0, NaN, Infinity, -Infinity, 1e-310, 0.1], c: { d: -0 } };
    const back = decodeExact(JSON.parse(JSON.stringify(encodeExact(state)))) as typeof state;
    expect(bits(back.a)).toBe(bits(words));
    expect(bits(back.b)).toBe(bits(state.b));
    expect(Object.is(back.c.d, -0)).toBe(true);
  });

  it('refuse a truncated, a corrupt and a foreign checkpoint, saying what to do', () => {
    const dir = fresh();
    mkdirSync(dir, { recursive: true });
    const spec: CheckpointSpec = { file: join(dir, 'k.json'), key: 'eta=1/sim=0', fingerprint: 'a'.repeat(64), everyMs: 1 };
    writeCheckpoint(spec, { x: Float64Array.of(1, 2) }, 5);
    expect(bits((readCheckpoint(spec)!.state as { x: Float64Array }).x)).toBe(bits([1, 2]));
    const text = readFileSync(spec.file, 'utf8');
    const refused = (t: string, s = spec): InputError => {
      writeFileSync(spec.file, t);
      try { readCheckpoint(s); } catch (e) { return e as InputError; }
      throw new Error('not refused');
    };
    for (const bad of [text.slice(0, text.length - 20), text.replace('"x"', '"y"'), 'garbage']) {
      const e = refused(bad);
      expect(e).toBeInstanceOf(InputError);
      expect(e.field).toBe('checkpoint');
      expect(e.message).toMatch(/truncated or corrupt: delete .*k\.json to restart run eta=1\/sim=0 from its beginning/);
    }
    expect(refused(text, { ...spec, fingerprint: 'b'.repeat(64) }).message).toMatch(/of another sweep \(fingerprint aaaaaaaaaaaa…\): delete/);
    expect(refused(text, { ...spec, key: 'eta=2/sim=0' }).message).toMatch(/of run eta=1\/sim=0/);
  });
});

describe('training loops resume bit for bit', () => {
  it.each([[1, 'f64'], [2, 'f64'], [1, 'f32'], [2, 'f32']] as const)('train (d = %i, %s): stopped at a chunk, continued from its snapshot', async (d, precision) => {
    const be = await createBackend('wasm');
    const data = Dataset.sample(be, { n: 8, d, seed: 1 });
    const opts = { ...noiseAt(0.2), eta: 0.1, B: 16, epochs: 900, seed: 3, chunk: 100 };
    const net = (): Net => Net.experiment(be, { dIn: d, dOut: d, m: 40, seed: 2, precision });
    const whole = net();
    const ref = train(whole, data, opts);
    let saved: TrainState | undefined;
    train(net(), data, { ...opts, onChunk: (e, _l, snap) => { if (e === 400) saved = snap(); } });
    const second = net();
    const out = train(second, data, { ...opts, resume: decodeExact(JSON.parse(JSON.stringify(encodeExact(saved)))) as TrainState });
    expect(bits(second.params.view())).toBe(bits(whole.params.view()));
    if (precision === 'f32') expect(bits(second.params32!.view())).toBe(bits(whole.params32!.view()));
    expect(out).toEqual(ref);
    expect(() => train(second, data, { ...opts, resume: { ...saved!, epochs: 450 } })).toThrow(/chunk boundary/);
  });

  it.each(['f64', 'f32'] as const)('trainDiffusion (%s): stopped at any step, continued from its snapshot (open loss window included)', async (precision) => {
    const be = await createBackend('wasm');
    const data = Dataset.sample(be, { n: 6, d: 2, seed: 4 });
    const schedule = timeGrid({ tMin: 0.01, weighting: 'sigma', muRate: 1 });
    const opts = { schedule, eta: 0.05, B: 64, epochs: 120, seed: 5, traceEvery: 25 };
    const net = (): Net => Net.experiment(be, { dIn: 3, dOut: 2, m: 30, seed: 6, precision });
    const whole = net();
    const ref = trainDiffusion(whole, data, opts);
    let saved: TrainState | undefined;
    trainDiffusion(net(), data, { ...opts, onStep: (e, snap) => { if (e === 37) saved = snap(); } });
    const second = net();
    const out = trainDiffusion(second, data, { ...opts, resume: saved });
    expect(saved!.window!.steps).toBe(12);
    expect(bits(second.params.view())).toBe(bits(whole.params.view()));
    if (precision === 'f32') expect(bits(second.params32!.view())).toBe(bits(whole.params32!.view()));
    expect(out).toEqual(ref);
  });
});

describe('bigstep run with checkpoints', () => {
  // One fig2 run of ~600k SGD steps (several seconds), a trace point every 10k steps.
  const args = ['run', 'fig2', '--workers', '1', '--set', 'ts=[0.2]', '--set', 'etas=[0.1]', '--set', 'epochs=[600000]',
    '--set', 'sims=1', '--set', 'draws=300', '--set', 'tracePoints=60'];
  const sweep = (out: string) => join(out, 'fig2/quick');
  const ckpt = (out: string) => join(sweep(out), 'checkpoints', 'd=1__t=0.2__eta=0.1__sim=0.json');
  const hash = (f: string) => (existsSync(f) ? createHash('sha256').update(readFileSync(f)).digest('hex') : '');
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const result = (out: string) => {
    const line = JSON.parse(readFileSync(join(sweep(out), 'runs.jsonl'), 'utf8'));
    const dir = join(sweep(out), 'artifacts');
    return { metrics: line.metrics, artifact: readFileSync(join(dir, readdirSync(dir)[0]), 'utf8') };
  };
  let reference: ReturnType<typeof result>;
  const referenceRun = () => {
    if (reference) return reference;
    const out = fresh();
    const r = spawnSync(process.execPath, [BIN, ...args, '--out', out], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    return (reference = result(out));
  };
  /** Start the run; resolves once it has written a checkpoint newer than `since` (or exited). */
  async function startUntilCheckpoint(out: string, extra: string[] = []) {
    const since = hash(ckpt(out));
    const child = spawn(process.execPath, [BIN, ...args, '--out', out, '--checkpoint-every', '0.2', ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '', exited = false;
    child.stderr!.on('data', (d) => { stderr += d; });
    const done = new Promise<number | null>((r) => child.on('exit', (code) => { exited = true; r(code); }));
    for (let i = 0; i < 600 && !exited && hash(ckpt(out)) === since; i++) await sleep(25);
    return { child, done, stderr: () => stderr, exited: () => exited };
  }

  it('killed with SIGKILL at 10 random moments and resumed each time: the bits of an uninterrupted run', async () => {
    const want = referenceRun();
    const out = fresh();
    let resumedFromCheckpoint = 0;
    for (let k = 0; k < 10; k++) {
      if (existsSync(ckpt(out))) resumedFromCheckpoint++;
      const run = await startUntilCheckpoint(out);
      expect(run.exited(), run.stderr()).toBe(false);
      await sleep(Math.random() * 300);
      run.child.kill('SIGKILL');
      await run.done;
    }
    expect(resumedFromCheckpoint).toBeGreaterThanOrEqual(9);
    expect(existsSync(join(sweep(out), 'runs.jsonl')) ? readFileSync(join(sweep(out), 'runs.jsonl'), 'utf8') : '').toBe('');
    const last = spawnSync(process.execPath, [BIN, ...args, '--out', out, '--checkpoint-every', '0.2'], { encoding: 'utf8' });
    expect(last.status, last.stderr).toBe(0);
    expect(result(out)).toEqual(want);
    expect(existsSync(ckpt(out))).toBe(false); // gone once the run's line is in runs.jsonl
  }, 240_000);

  it('SIGTERM: the running run saves its checkpoint and the process exits with 143 within 10 s; the rerun continues', async () => {
    const want = referenceRun();
    const out = fresh();
    const run = await startUntilCheckpoint(out);
    const t0 = performance.now();
    run.child.kill('SIGTERM');
    expect(await run.done).toBe(143);
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect(run.stderr()).toMatch(/SIGTERM: the 1 running run saves its checkpoint and stop/);
    expect(existsSync(ckpt(out))).toBe(true);
    const last = spawnSync(process.execPath, [BIN, ...args, '--out', out], { encoding: 'utf8' });
    expect(last.status, last.stderr).toBe(0);
    expect(result(out)).toEqual(want);
  }, 120_000);

  it('refuses a foreign checkpoint with what to do, and never mixes it in', () => {
    const out = fresh();
    mkdirSync(join(sweep(out), 'checkpoints'), { recursive: true });
    writeCheckpoint({ file: ckpt(out), key: 'd=1/t=0.2/eta=0.1/sim=0', fingerprint: 'c'.repeat(64), everyMs: 1 }, { train: {}, trace: {} }, 0);
    const r = spawnSync(process.execPath, [BIN, ...args, '--out', out], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    const err = JSON.parse(r.stderr.trim().split('\n').at(-1)!).error;
    expect(err.field).toBe('checkpoint');
    expect(err.message).toMatch(/another sweep .* delete .* to restart run d=1\/t=0\.2\/eta=0\.1\/sim=0 from its beginning/);
  });

  it('a long run reports its step, loss and ETA on the terminal and in progress.log', async () => {
    const out = fresh();
    const r = spawnSync(process.execPath, [BIN, ...args, '--set', 'epochs=[200000]', '--out', out], {
      encoding: 'utf8', env: { ...process.env, BIGSTEP_PROGRESS_MS: '0,0' },
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/d=1\/t=0\.2\/eta=0\.1\/sim=0: step \d+ of 200000 \(\d+%\), loss [\d.]+, elapsed \d+:\d\d, ETA \d+:\d\d/);
    const log = readFileSync(join(sweep(out), 'progress.log'), 'utf8');
    expect(log).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ d=1\/t=0\.2\/eta=0\.1\/sim=0: step \d+ of 200000/m);
    expect(log).toMatch(/d=1\/t=0\.2\/eta=0\.1\/sim=0: done in \d+:\d\d\n$/);
  });
});
