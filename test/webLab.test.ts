// The web lab's browser-free parts in Node: field validation (InputError messages), the training
// sessions (stopping and resuming, i.e. any time slicing, gives the same run), the run row's
// fingerprint (the runner's), and the pure chart specs (compile, no NaN reaches a chart).
import { compile } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { createBackend } from '../src/backend/index.js';
import { liveScoreSpec, sharpnessTraceSpec, trainingTraceSpec } from '../src/report/specs/lab.js';
import { samples2dSpec } from '../src/report/specs/samples2d.js';
import { fingerprint as runnerFingerprint } from '../src/runner/seeds.js';
import { numberOf } from '../web/src/fields.js';
import { DEFAULTS_1D, validate1d } from '../web/src/lab1d/config.js';
import type { Config1d } from '../web/src/lab1d/protocol.js';
import { Session1d } from '../web/src/lab1d/session.js';
import { DEFAULTS_2D, validate2d } from '../web/src/lab2d/config.js';
import type { Config2d } from '../web/src/lab2d/protocol.js';
import { Session2d } from '../web/src/lab2d/session.js';
import { fingerprint, metricsOf } from '../web/src/runRow.js';

describe('web lab fields', () => {
  it('parses field text for the validators', () => {
    expect(numberOf(' 0.5 ')).toBe(0.5);
    expect(numberOf('1e-3')).toBe(0.001);
    expect(numberOf('')).toBeUndefined();
    expect(numberOf('0x10')).toBe('0x10');
    expect(numberOf('abc')).toBe('abc');
  });

  it('accepts the defaults and names every bad field with its allowed values', () => {
    const ok = validate1d(DEFAULTS_1D, [0, 1]);
    expect(ok.errors).toEqual({});
    expect(ok.config).toMatchObject({ t: 0.2, eta: 0.1, m: 1000, B: 50, model: 'experiment', backend: 'wasm' });
    expect(ok.config!.mu).toBeCloseTo(Math.exp(-0.2), 15);
    const bad = validate1d({ ...DEFAULTS_1D, t: '', mu: '1.5', sigma: '', eta: '-1', m: '2.5', model: 'big' }, []);
    expect(bad.config).toBeNull();
    expect(bad.errors).toEqual({
      x: 'x: got an array of length 0; allowed: a non-empty array of finite numbers',
      mu: 'mu: got 1.5; allowed: a number in (0, 1)',
      sigma: 'sigma: got nothing; allowed: a number in (0, 1)',
      eta: 'eta: got -1; allowed: a finite number > 0',
      m: 'm: got 2.5; allowed: an integer in [1, 20000]',
      model: 'model: got "big"; allowed: "experiment", "theory"',
    });
    expect(validate1d(DEFAULTS_1D, [0, 'NaN']).errors.x).toBe('x[1]: got "NaN"; allowed: a non-empty array of finite numbers');
    // precision: absent from an f64 config (its exported row keeps the fingerprint), present for f32
    expect(ok.config).not.toHaveProperty('precision');
    expect(validate1d({ ...DEFAULTS_1D, precision: 'f32' }, [0, 1]).config).toMatchObject({ precision: 'f32' });
    expect(validate1d({ ...DEFAULTS_1D, precision: 'f16' }, [0, 1]).errors).toEqual({ precision: 'precision: got "f16"; allowed: "f64", "f32"' });
    expect(validate2d({ ...DEFAULTS_2D, n: '1' }).errors).toEqual({ n: 'n: got 1; allowed: an integer in [2, 200]' });
    expect(validate2d(DEFAULTS_2D).config).not.toHaveProperty('precision');
    expect(validate2d({ ...DEFAULTS_2D, precision: 'f32' }).config).toMatchObject({ precision: 'f32' });
    expect(validate2d({ ...DEFAULTS_2D, precision: 'double' }).errors).toEqual({ precision: 'precision: got "double"; allowed: "f64", "f32"' });
  });
});

describe('web lab sessions', () => {
  const config1d: Config1d = { x: [-1.2, -0.3, 0.4, 1.5, 2], t: 0.2, mu: Math.exp(-0.2), sigma: Math.sqrt(-Math.expm1(-0.4)), eta: 0.1, m: 40, B: 20, epochs: 1000, model: 'experiment', seed: 3, backend: 'wasm' };

  it('1-D: the run does not depend on how it was sliced (stop/resume), and matches its trace grid', async () => {
    const be = await createBackend('wasm');
    const finish = (budget: number) => {
      const s = new Session1d(be);
      s.start(config1d);
      let slices = 0;
      while (!s.done) { s.run(budget); slices++; }
      const out = { model: s.model(), trace: s.snapshot(false).trace, slices };
      s.free();
      return out;
    };
    const a = finish(0), b = finish(1e6);
    expect(a.slices).toBe(10); // budget 0: one segment (100 steps) per slice
    expect(b.slices).toBe(1);
    expect(a.model).toEqual(b.model);
    expect(a.trace.epoch).toEqual(b.trace.epoch);
    expect(a.trace.loss).toEqual(b.trace.loss);
    expect(a.trace.excessRiskExact).toEqual(b.trace.excessRiskExact);
    expect(a.trace.epoch).toEqual([100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
    expect(a.trace.excessRiskExact.every((v) => v > 0)).toBe(true);
  });

  it('1-D in f32: sliced like f64, the same model bit for bit whatever the slicing; within rounding of f64 early on', async () => {
    const be = await createBackend('wasm');
    const finish = (budget: number, precision?: 'f32') => {
      const s = new Session1d(be);
      s.start({ ...config1d, epochs: 300, ...(precision ? { precision } : {}) });
      while (!s.done) s.run(budget);
      const out = s.model();
      s.free();
      return out;
    };
    const a = finish(0, 'f32'), b = finish(1e6, 'f32'), c = finish(1e6);
    expect(a).toEqual(b);
    expect((a.b as number[]).every((v) => Math.fround(v) === v)).toBe(true);
    const diff = Math.max(...(a.w2 as number[]).map((v, i) => Math.abs(v - (c.w2 as number[])[i])));
    expect(diff).toBeGreaterThan(0);
    expect(diff).toBeLessThan(1e-3);
  });

  it('1-D: a loaded model continues from its parameters; metrics hold numbers only', async () => {
    const be = await createBackend('ts');
    const s = new Session1d(be);
    s.start({ ...config1d, backend: 'ts', epochs: 200 });
    while (!s.done) s.run(1e6);
    const model = s.model();
    const snap = s.snapshot(false);
    const t = new Session1d(be);
    t.load({ ...config1d, backend: 'ts', m: 1 }, model);
    expect(t.model()).toEqual(model);
    const m = metricsOf(snap);
    expect(Object.values(m).every(Number.isFinite)).toBe(true);
    expect(m).toMatchObject({ epochs: 200, stabilityBound: 2 / (40 * 0.1) });
    s.free(); t.free();
  });

  it('2-D: the diffusion run does not depend on its slicing; generation gives samples, memorization and MMD²', async () => {
    const be = await createBackend('wasm');
    const c: Config2d = { n: 5, dataSeed: 1, scale: 2, m: 20, B: 40, eta: 0.5, epochs: 100, seed: 2, N: 50, steps: 20, backend: 'wasm' };
    const finish = (budget: number) => {
      const s = new Session2d(be);
      s.start(c);
      while (!s.done) s.run(budget);
      return s;
    };
    const a = finish(0), b = finish(1e6);
    const ga = a.generate(), gb = b.generate();
    expect(ga.learned).toEqual(gb.learned);
    expect(a.snapshot(false).trace).toEqual(b.snapshot(false).trace);
    expect(a.snapshot(false).trace.epoch).toEqual([25, 50, 75, 100]);
    expect(ga.learned).toHaveLength(50);
    expect(ga.sStar).toHaveLength(50);
    expect(ga.learnedNearest.every((i) => i >= 0 && i < 5)).toBe(true);
    expect(ga.memorizedSStar).toBeGreaterThanOrEqual(0);
    expect(ga.mmdToSStar === null || Number.isFinite(ga.mmdToSStar)).toBe(true);
    // f32: the panel trains the f32 net (another trajectory than f64, the same on both slicings)
    const c32: Config2d = { ...c, precision: 'f32' };
    const f32 = (budget: number) => { const s = new Session2d(be); s.start(c32); while (!s.done) s.run(budget); return s; };
    const p = f32(0), q = f32(1e6);
    expect(p.generate().learned).toEqual(q.generate().learned);
    expect(p.generate().learned).not.toEqual(ga.learned);
    a.free(); b.free(); p.free(); q.free();
  });
});

describe('web lab run row and charts', () => {
  it('fingerprints a run as the runner does (Web Crypto vs node:crypto)', async () => {
    const config = { x: [0.5, -1], eta: 0.1, nested: { b: 1, a: [2, { d: 1, c: 0 }] } };
    expect(await fingerprint(config, 7, 'lab', 'web')).toBe(runnerFingerprint(config, 7, 'lab', 'web'));
  });

  it('specs compile, skip non-finite values and say when there is nothing to draw', () => {
    const score = liveScoreSpec({ grid: [0, 1, 2], sTheta: [0, NaN, 1], sStar: [1, 0, Infinity], data: [0.5], kinks: [1.5, 9], mu: 0.8, sigma: 0.6 });
    // Walk the spec itself: JSON.stringify would hide a NaN as null.
    const finiteEverywhere = (v: unknown): boolean => typeof v === 'number' ? Number.isFinite(v)
      : Array.isArray(v) ? v.every(finiteEverywhere) : v !== null && typeof v === 'object' ? Object.values(v).every(finiteEverywhere) : true;
    expect(finiteEverywhere(score)).toBe(true);
    expect((score as { data: { values: { kind: string }[] } }).data.values.filter((v) => v.kind === 'kink')).toHaveLength(1);
    for (const spec of [
      score,
      trainingTraceSpec({ epoch: [1, 2], loss: [3, NaN], excessRiskExact: [0.1, 0.2] }),
      sharpnessTraceSpec({ epoch: [0, 10], sharpness: [0.4, -0.01], bound: 0.02, params: 'all' }),
      samples2dSpec({ x: [[0, 0], [1, 1]], panels: [{ label: 's*', samples: [[0.1, 0], [0.9, 1.1]], nearest: [0, 1], memorized: [true, false], note: '' }] }),
    ]) {
      expect(() => compile(spec)).not.toThrow();
      expect(finiteEverywhere(spec)).toBe(true);
    }
    expect(JSON.stringify(trainingTraceSpec({ epoch: [], loss: [] }))).toContain('no data yet');
    expect(JSON.stringify(sharpnessTraceSpec({ epoch: [], sharpness: [], bound: NaN, params: '' }))).toContain('no data yet');
  });
});

describe('npm run lab', () => {
  it('a taken port is an error naming the port (never a silent move); a bad PORT names the field', async () => {
    const { createServer } = await import('node:net');
    const { spawnSync } = await import('node:child_process');
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const lab = new URL('../web/lab.mjs', import.meta.url).pathname;
      const r = spawnSync(process.execPath, [lab], { env: { ...process.env, PORT: String(port) }, encoding: 'utf8' });
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`port ${port} on 127.0.0.1 is taken`);
      const bad = spawnSync(process.execPath, [lab], { env: { ...process.env, PORT: 'http' }, encoding: 'utf8' });
      expect(bad.status).toBe(1);
      expect(bad.stderr).toContain('PORT: got "http"; allowed: an integer in [1, 65535]');
    } finally {
      blocker.close();
    }
  });
});
