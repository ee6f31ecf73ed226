// The experiments fig1, fig2, fig5: configs and presets, run keys and seeds, tiny sweeps end to
// end on both backends, summaries and their statistics.
import { beforeAll, describe, expect, it } from 'vitest';
import { configError } from './helpers/configError.js';
import type { Backend } from '../src/backend/index.js';
import { runSeeds } from '../src/experiments/common.js';
import { EXPERIMENTS, fig1, fig2, fig5 } from '../src/experiments/index.js';
import type { Fig1Config } from '../src/experiments/fig1.js';
import type { Fig2Config } from '../src/experiments/fig2.js';
import type { Fig5Config } from '../src/experiments/fig5.js';
import { deriveSeed, fnv1a64, splitmix64 } from '../src/experiments/seeds.js';
import { studentTQuantile as tQuantile, tInterval } from '../src/analysis/stats.js';
import type {
  Experiment, ExperimentId, FinishedRun, PresetName, RunArtifact, RunContext, RunOutput, SummaryRow,
} from '../src/experiments/types.js';
import { ts, wasm } from './helpers/parity.js';

const SWEEP = 7;

/** Every run of a config in-process; artifacts go to (and are read from) `store`. */
function sweep<C>(be: Backend, ex: Experiment<C>, config: C, store: Map<string, RunArtifact>, preset: PresetName = 'quick') {
  const ctx: RunContext = { preset, artifact: (e: ExperimentId, p: PresetName, k: string) => store.get(`${e}/${p}/${k}`) };
  const outs = new Map<string, RunOutput>();
  for (const spec of ex.runs(config)) {
    const out = ex.run(be, config, spec, { sweep: SWEEP, run: deriveSeed(SWEEP, spec.key) }, ctx);
    // what the runner writes and reads back: JSON (a NaN would come back as null)
    expect(JSON.parse(JSON.stringify(out))).toEqual(out);
    store.set(`${ex.id}/${preset}/${spec.key}`, JSON.parse(JSON.stringify(out.artifact)));
    outs.set(spec.key, out);
  }
  return outs;
}

const finished = (key: string, metrics: Record<string, number>): FinishedRun =>
  ({ key, fingerprint: 'f', config: {}, seed: SWEEP, metrics, version: 'test', durationMs: 1 });

const tiny1: Fig1Config = {
  ...fig1.presets.quick, m: 20, ts: [0.2], etas: [0.5, 0.1], epochs: [150, 200], draws: 64,
  tracePoints: 2, traceSharpness: 'all', gridSize: 9,
};
const tiny2: Fig2Config = {
  ...fig2.presets.quick, m: 20, ds: [1, 2], ts: [0.2], etas: [0.5, 0.1], epochs: [150, 200], sims: 2, draws: 64,
  tracePoints: 2, traceSharpness: 'theory',
};
const tiny5: Fig5Config = { ...fig5.presets.quick, m: 20, etas: [0.5, 0.1], epochs: [150, 200], sims: 2 };

describe('configs', () => {
  it.each(Object.values(EXPERIMENTS).flatMap((ex) => (['quick', 'paper'] as const).map((p) => [ex.id, p, ex] as const)))(
    '%s %s preset validates', (_id, preset, ex) => {
      expect(ex.schema.parse(ex.presets[preset])).toEqual(ex.presets[preset]);
    });

  it('paper presets are appendix E', () => {
    const p1 = fig1.presets.paper, p2 = fig2.presets.paper, p5 = fig5.presets.paper;
    expect([p1.n, p1.m, p1.B, p1.model, p1.ts, p1.etas, p1.epochs]).toEqual([20, 1000, 50, 'experiment', [0.2, 0.05], [0.5, 0.1, 0.05], [5000, 25000, 50000]]);
    expect([p2.ds, p2.etas, p2.epochs, p2.sims, p2.draws]).toEqual([[1, 10], [0.5, 0.1, 0.05, 0.01], [5000, 25000, 50000, 200000], 30, 5000]);
    expect([p5.source, p5.d, p5.t, p5.params, p5.sims]).toEqual(['paper', 1, 0.2, ['theory', 'all'], 30]);
    expect(fig2.presets.quick.etas).toEqual(p2.etas);
    expect(fig1.presets.quick.etas).toEqual(p1.etas);
  });

  const refused = (ex: Experiment, patch: Record<string, unknown>) => configError(ex.schema, { ...(ex.presets.paper as object), ...patch });

  it('rejects bad fields, naming the field and the allowed values', () => {
    expect(refused(fig2, { etas: [0.5, -0.1, 0.05, 0.01] })).toMatchObject({ path: 'etas[1]', allowed: 'a finite number > 0' });
    expect(refused(fig2, { B: 0 })).toMatchObject({ path: 'B', allowed: 'an integer >= 1', message: 'B: got 0; allowed: an integer >= 1' });
    expect(refused(fig1, { B: 2.5 }).path).toBe('B');
    expect(refused(fig2, { model: 'big' })).toMatchObject({ path: 'model', allowed: '"experiment", "theory"' });
    expect(refused(fig2, { model: 'theory' })).toMatchObject({ path: 'model', allowed: expect.stringContaining('d = 1') });
    expect(refused(fig2, { epochs: [5000] })).toMatchObject({ path: 'epochs', allowed: expect.stringContaining('one integer >= 1 per eta') });
    expect(refused(fig2, { etas: [0.5, 0.5, 0.1, 0.01] })).toMatchObject({ path: 'etas[1]', allowed: 'distinct values (0.5 repeats)' });
    expect(refused(fig2, { ds: [1, 0] }).path).toBe('ds[1]');
    expect(refused(fig2, { sims: 0 }).path).toBe('sims');
    expect(refused(fig2, { draws: 1 })).toMatchObject({ path: 'draws', allowed: 'an integer >= 2' });
    expect(refused(fig1, { traceSharpness: 'some' }).allowed).toBe('"none", "theory", "all"');
    expect(refused(fig1, { ts: [0.2, Infinity] })).toMatchObject({ path: 'ts[1]', allowed: 'a number in (0, 15]' });
    expect(refused(fig1, { gridSize: 1 }).path).toBe('gridSize');
    expect(refused(fig1, { colour: 'red' }).message).toContain('colour');
    expect(refused(fig5, { d: 10 })).toMatchObject({ path: 'params', allowed: expect.stringContaining('["all"] at d = 10') });
    expect(refused(fig5, { d: 0 }).path).toBe('d');
    expect(refused(fig5, { params: ['theory', 'sampled'] }).path).toBe('params[1]');
    expect(refused(fig5, { source: 'big' })).toMatchObject({ path: 'source', allowed: 'the fig2 preset to read: "quick", "paper"' });
    expect(fig1.schema.safeParse({ ...fig1.presets.paper, model: 'theory' }).success).toBe(true); // 1-D
  });
});

describe('runs and seeds', () => {
  it('keys are unique, stable and name the setting', () => {
    for (const ex of Object.values(EXPERIMENTS)) {
      for (const preset of ['quick', 'paper'] as const) {
        const keys = ex.runs(ex.presets[preset]).map((r) => r.key);
        expect(new Set(keys).size).toBe(keys.length);
        expect(ex.runs(ex.presets[preset]).map((r) => r.key)).toEqual(keys);
      }
    }
    expect(fig1.runs(fig1.presets.paper).map((r) => r.key)).toEqual(
      ['t=0.2/eta=0.5', 't=0.2/eta=0.1', 't=0.2/eta=0.05', 't=0.05/eta=0.5', 't=0.05/eta=0.1', 't=0.05/eta=0.05']);
    const k2 = fig2.runs(fig2.presets.paper);
    expect(k2).toHaveLength(2 * 2 * 4 * 30);
    expect(k2[0]).toEqual({ key: 'd=1/t=0.2/eta=0.5/sim=0', setting: { d: 1, t: 0.2, mu: Math.exp(-0.2), sigma: Math.sqrt(1 - Math.exp(-0.4)), eta: 0.5, epochs: 5000, sim: 0 } });
    expect(k2.at(-1)!.key).toBe('d=10/t=0.05/eta=0.01/sim=29');
    // fig5 reads exactly fig2's d = 1, t = 0.2 runs
    const fig2Keys = new Set(k2.map((r) => r.key));
    const k5 = fig5.runs(fig5.presets.paper).map((r) => r.key);
    expect(k5).toHaveLength(4 * 30);
    expect(k5.every((k) => fig2Keys.has(k) && k.startsWith('d=1/t=0.2/'))).toBe(true);
  });

  it('deriveSeed: FNV-1a 64 and splitmix64 reference values, 53-bit, stable', () => {
    expect(fnv1a64(new Uint8Array(0)).toString(16)).toBe('cbf29ce484222325');
    expect(fnv1a64(new TextEncoder().encode('a')).toString(16)).toBe('af63dc4c8601ec8c');
    expect(splitmix64(0n).toString(16)).toBe('e220a8397b1dcdaf');
    expect(deriveSeed(1, 'data/x')).toBe(3682166239502642);
    const seeds = ['a', 'b', 'data/d=1/t=0.2/sim=0', 'data/d=1/t=0.2/sim=1'].flatMap((l) => [0, 1, 2 ** 53 - 1].map((s) => deriveSeed(s, l)));
    expect(new Set(seeds).size).toBe(seeds.length);
    for (const s of seeds) expect(Number.isSafeInteger(s) && s >= 0).toBe(true);
    expect(() => deriveSeed(-1, 'a')).toThrow(/sweep/);
  });

  it('data, initial network and evaluation noise depend on (d, t, sim) only; SGD noise on the run', () => {
    const at = (eta: number, sim: number, t = 0.2) => runSeeds({ d: 1, t, eta, epochs: 1, sim }, { sweep: SWEEP, run: deriveSeed(SWEEP, `${eta}/${sim}`) });
    const [a, b, c, d] = [at(0.5, 0), at(0.1, 0), at(0.5, 1), at(0.5, 0, 0.05)];
    expect([b.data, b.init, b.mc]).toEqual([a.data, a.init, a.mc]);
    expect(b.sgd).not.toBe(a.sgd);
    for (const other of [c, d]) {
      expect(other.data).not.toBe(a.data);
      expect(other.init).not.toBe(a.init);
    }
  });
});

describe('tiny sweeps end to end', () => {
  const stores = { wasm: new Map<string, RunArtifact>(), ts: new Map<string, RunArtifact>() };
  type Outs = { f1: Map<string, RunOutput>; f2: Map<string, RunOutput>; f5: Map<string, RunOutput> };
  let W: Outs, T: Outs;
  beforeAll(() => {
    [W, T] = (['wasm', 'ts'] as const).map((name) => {
      const be = name === 'wasm' ? wasm : ts, store = stores[name];
      return { f1: sweep(be, fig1, tiny1, store), f2: sweep(be, fig2, tiny2, store), f5: sweep(be, fig5, tiny5, store) };
    });
  });

  it('fig1: metrics, trace and curves', () => {
    expect(W.f1.size).toBe(2);
    for (const out of W.f1.values()) {
      expect(Object.keys(out.metrics).sort()).toEqual(['excessRisk', 'excessRiskExact', 'excessRiskMonteCarloStderr', 'finalLoss']);
      const { curve, trace } = out.artifact;
      expect(curve!.grid).toHaveLength(9);
      expect(curve!.grid[0]).toBeCloseTo(Math.min(...(curve!.data)) - 0.5, 12);
      expect(curve!.sStar.every(Number.isFinite) && curve!.sTheta.every(Number.isFinite)).toBe(true);
      expect(trace!.epoch.at(-1)).toBe(Number(out.artifact.key.endsWith('0.5') ? 150 : 200));
      expect(trace!.epoch).toHaveLength(2);
      expect(trace!.sharpness).toHaveLength(2);
      // the last exact excess risk of the trace is the final one
      expect(trace!.excessRiskExact!.at(-1)).toBe(out.metrics.excessRiskExact);
    }
  });

  it('fig2: data shared across eta within (t, sim), new across sims; d = 2 has no exact value', () => {
    const x = (key: string) => W.f2.get(key)!.artifact.x;
    expect(x('d=1/t=0.2/eta=0.1/sim=0')).toEqual(x('d=1/t=0.2/eta=0.5/sim=0'));
    expect(x('d=1/t=0.2/eta=0.1/sim=1')).toEqual(x('d=1/t=0.2/eta=0.5/sim=1'));
    expect(x('d=1/t=0.2/eta=0.5/sim=1')).not.toEqual(x('d=1/t=0.2/eta=0.5/sim=0'));
    expect(x('d=2/t=0.2/eta=0.1/sim=1')).toEqual(x('d=2/t=0.2/eta=0.5/sim=1'));
    expect((x('d=2/t=0.2/eta=0.5/sim=0') as number[][])[0]).toHaveLength(2);
    const m2 = W.f2.get('d=2/t=0.2/eta=0.5/sim=0')!.metrics;
    expect(Object.keys(m2).sort()).toEqual(['excessRisk', 'excessRiskMonteCarloStderr', 'finalLoss']);
    expect(W.f2.get('d=1/t=0.2/eta=0.5/sim=0')!.metrics.excessRiskExact).toBeGreaterThan(0);
    // fig1's data at t is fig2's simulation 0 at the same sweep seed (the same label)
    expect(W.f1.get('t=0.2/eta=0.5')!.artifact.x).toEqual(x('d=1/t=0.2/eta=0.5/sim=0'));
  });

  it('fig5: exact sharpness from fig2 artifacts, theory and all', () => {
    expect([...W.f5.keys()]).toEqual(fig5.runs(tiny5).map((r) => r.key));
    for (const [key, out] of W.f5) {
      expect(out.artifact.model).toEqual(stores.wasm.get(`fig2/quick/${key}`)!.model);
      expect(out.metrics.lanczosConvergedTheory).toBe(1);
      expect(out.metrics.lanczosConvergedAll).toBe(1);
      expect(out.metrics.lambdaMinAll).toBeLessThanOrEqual(out.metrics.sharpnessAll);
      // (w2, b) is a principal block: its largest eigenvalue cannot exceed the full one's
      expect(out.metrics.sharpnessTheory).toBeLessThanOrEqual(out.metrics.sharpnessAll * (1 + 1e-9) + 1e-15);
    }
    const missing: RunContext = { preset: 'quick', artifact: () => undefined };
    expect(() => fig5.run(wasm, tiny5, fig5.runs(tiny5)[0], { sweep: 1, run: 1 }, missing)).toThrow(/run `bigstep run fig2 --preset quick`/);
  });

  it('the ts backend gives the same metrics (SGD bit-identical, analysis to 1e-9)', () => {
    for (const f of ['f1', 'f2', 'f5'] as const) {
      for (const [key, out] of W[f]) {
        const other = T[f].get(key)!;
        expect(Object.keys(other.metrics).sort()).toEqual(Object.keys(out.metrics).sort());
        if (out.metrics.finalLoss !== undefined) expect(other.metrics.finalLoss).toBe(out.metrics.finalLoss);
        for (const [k, v] of Object.entries(out.metrics)) {
          expect(Math.abs(other.metrics[k] - v), `${f} ${key} ${k}`).toBeLessThanOrEqual(1e-9 * Math.max(1e-6, Math.abs(v)));
        }
        expect(other.artifact.model).toEqual(out.artifact.model);
      }
    }
  });

  it('summaries of the tiny sweeps: one row per point, no NaN', () => {
    const runsOf = (outs: Map<string, RunOutput>) => [...outs].map(([k, o]) => finished(k, o.metrics));
    const s1 = fig1.summarize(tiny1, runsOf(W.f1)), s2 = fig2.summarize(tiny2, runsOf(W.f2)), s5 = fig5.summarize(tiny5, runsOf(W.f5));
    expect(s1.map((r) => [r.t, r.eta, r.runs, typeof r.excessRisk])).toEqual([[0.2, 0.5, 1, 'number'], [0.2, 0.1, 1, 'number']]);
    expect(s2.map((r) => [r.d, r.eta, r.runs, r.excessRiskExact === undefined])).toEqual([[1, 0.5, 2, false], [1, 0.1, 2, false], [2, 0.5, 2, true], [2, 0.1, 2, true]]);
    expect(s5.map((r) => [r.eta, r.params, r.estimator])).toEqual([[0.5, 'theory', 'exact'], [0.5, 'all', 'exact'], [0.1, 'theory', 'exact'], [0.1, 'all', 'exact']]);
    for (const rows of [s1, s2, s5]) expect(JSON.parse(JSON.stringify(rows))).toEqual(rows);
  });
});

describe('divergence', () => {
  it('a diverged run reports only divergedAtEpoch, a finite artifact, and fig5 passes it on', () => {
    const store = new Map<string, RunArtifact>();
    const c2: Fig2Config = { ...tiny2, ds: [1], etas: [1e4], epochs: [100], sims: 1 };
    const [out] = sweep(wasm, fig2, c2, store).values();
    expect(Object.keys(out.metrics)).toEqual(['divergedAtEpoch']);
    expect(out.metrics.divergedAtEpoch).toBeGreaterThanOrEqual(1);
    const [o5] = sweep(wasm, fig5, { ...tiny5, etas: [1e4], epochs: [100], sims: 1 }, store).values();
    expect(o5.metrics).toEqual(out.metrics);
  });
});

describe('summaries', () => {
  const key = (eta: number, sim: number) => `d=1/t=0.2/eta=${eta}/sim=${sim}`;
  const cfg: Fig2Config = { ...fig2.presets.quick, etas: [0.5, 0.1], epochs: [10, 20], ts: [0.2], sims: 4 };
  const runs = [
    finished(key(0.5, 0), { excessRisk: 1, excessRiskExact: 1.5, finalLoss: 2 }),
    finished(key(0.5, 1), { excessRisk: 2, excessRiskExact: 2.5, finalLoss: 2 }),
    finished(key(0.5, 2), { excessRisk: 3, excessRiskExact: 3.5, finalLoss: 2 }),
    finished(key(0.5, 3), { divergedAtEpoch: 12 }),
    finished(key(0.1, 0), { excessRisk: 0.25, excessRiskExact: 0.5, finalLoss: 1 }),
    finished('d=9/t=1/eta=3/sim=0', { excessRisk: 99 }), // not of this sweep: ignored
  ];

  it('means and 95% t-intervals, diverged runs counted and left out', () => {
    const rows = fig2.summarize(cfg, runs);
    expect(rows).toHaveLength(2);
    const [a, b] = rows as [SummaryRow, SummaryRow];
    const half = 4.302652729749464 * 1 / Math.sqrt(3); // t_{0.975,2} · sd / sqrt(n), sd = 1
    expect(a).toMatchObject({ d: 1, t: 0.2, eta: 0.5, epochs: 10, runs: 4, diverged: 1, stabilityBound: 2 / (1000 * 0.5) });
    const ex = a.excessRisk as { mean: number; lo: number; hi: number };
    expect(ex.mean).toBe(2);
    expect(ex.lo).toBeCloseTo(2 - half, 12);
    expect(ex.hi).toBeCloseTo(2 + half, 12);
    expect((a.excessRiskExact as { mean: number }).mean).toBe(2.5);
    expect(a.mu).toBeCloseTo(0.8187307530779818, 15);
    expect(b).toMatchObject({ eta: 0.1, runs: 1, diverged: 0, excessRisk: 0.25, excessRiskExact: 0.5, stabilityBound: 0.02 });
    expect(JSON.parse(JSON.stringify(rows))).toEqual(rows);
  });

  it('all runs diverged: the row has counts and no metric', () => {
    const [row] = fig2.summarize(cfg, [finished(key(0.5, 0), { divergedAtEpoch: 3 })]);
    expect(row).toMatchObject({ runs: 1, diverged: 1 });
    expect(row.excessRisk).toBeUndefined();
  });

  it('fig5 rows carry params, estimator, the bound and how many runs are at or below it', () => {
    const c5: Fig5Config = { ...fig5.presets.quick, etas: [0.5], epochs: [10], sims: 3 };
    const rows = fig5.summarize(c5, [
      finished(key(0.5, 0), { sharpnessTheory: 0.001, sharpnessAll: 0.003 }),
      finished(key(0.5, 1), { sharpnessTheory: 0.003, sharpnessAll: 0.005 }),
      finished(key(0.5, 2), { divergedAtEpoch: 4 }),
    ]);
    expect(rows.map((r) => [r.params, r.estimator, r.runs, r.diverged, r.belowBound, r.stabilityBound])).toEqual(
      [['theory', 'exact', 3, 1, 2, 0.004], ['all', 'exact', 3, 1, 1, 0.004]]);
    expect((rows[0].sharpness as { mean: number }).mean).toBeCloseTo(0.002, 15);
  });
});

describe('stats', () => {
  it('Student-t 0.975 quantiles', () => {
    const table: [number, number][] = [[1, 12.7062], [2, 4.3027], [5, 2.5706], [29, 2.0452], [100, 1.9840]];
    for (const [df, q] of table) expect(tQuantile(0.975, df)).toBeCloseTo(q, 4);
    expect(tQuantile(0.975, 1)).toBeCloseTo(12.706204736174707, 11); // tan(0.475 pi)
    expect(tQuantile(0.975, 2)).toBeCloseTo(4.302652729749464, 11); // closed form for df = 2
    expect(tQuantile(0.975, 10 ** 9)).toBeCloseTo(1.959963984540054, 6); // the normal limit (incomplete beta loses ~1e-7 at df = 1e9)
    expect(tQuantile(0.975, 100_000)).toBeGreaterThan(tQuantile(0.975, 10 ** 9)); // decreasing in df
    expect(tQuantile(0.025, 5)).toBe(-tQuantile(0.975, 5));
  });

  it('tInterval', () => {
    const half = 3.18244630528371 * Math.sqrt(5 / 3) / 2;
    expect(tInterval([1, 2, 3, 4])).toEqual({
      mean: 2.5, lo: expect.closeTo(2.5 - half, 12), hi: expect.closeTo(2.5 + half, 12),
    });
    expect(tInterval([1])).toBe(1); // one run: a plain number (SPEC §4)
    expect(() => tInterval([1, NaN])).toThrow(/non-finite/);
  });
});
