// The diffusion experiments (fig3, fig4, fig5diffusion) at tiny scale: metrics and artifacts,
// seeds shared across eta, summaries, the SPEC §5 switches 1–3 and 7 (each changes the result),
// validation, and the figures built from the rows and samples.
import { describe, expect, it } from 'vitest';
import { configError } from './helpers/configError.js';
import { resolveDiffusionProtocol, scheduleOf } from '../src/experiments/diffusion.js';
import type { Fig3Config } from '../src/experiments/fig3.js';
import type { Fig4Config } from '../src/experiments/fig4.js';
import type { Fig5DiffusionConfig } from '../src/experiments/fig5diffusion.js';
import { fig3, fig4, fig5diffusion } from '../src/experiments/index.js';
import { deriveSeed } from '../src/experiments/seeds.js';
import type { FinishedRun, RunArtifact, RunContext, RunOutput } from '../src/experiments/types.js';
import { fig3Spec } from '../src/report/specs/fig3.js';
import { fig4Spec } from '../src/report/specs/fig4.js';
import { wasm } from './helpers/parity.js';

const SWEEP = 11;
const noArtifacts: RunContext = { preset: 'quick', artifact: () => undefined };
const tiny: Fig3Config = {
  ...fig3.presets.paper, n: 5, m: 24, B: 64, timeCount: 10, samples: 60, steps: 20, tracePoints: 4,
  etas: [0.5, 0.05], epochs: [150, 150], sims: 1, sets: 1,
};
const runOne = (c: Fig3Config, j = 0): RunOutput => {
  const spec = fig3.runs(c)[j];
  return fig3.run(wasm, c, spec, { sweep: SWEEP, run: deriveSeed(SWEEP, spec.key) }, noArtifacts);
};
/** Every number anywhere in a spec is finite (JSON.stringify would hide a NaN as null). */
function expectAllFinite(value: unknown, path = 'spec'): void {
  if (typeof value === 'number') expect(Number.isFinite(value), path).toBe(true);
  else if (Array.isArray(value)) value.forEach((v, i) => expectAllFinite(v, `${path}[${i}]`));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) expectAllFinite(v, `${path}.${k}`);
}
const finished = (key: string, out: RunOutput, config: unknown): FinishedRun =>
  ({ key, fingerprint: 'f', config, seed: SWEEP, metrics: out.metrics, version: 'test', durationMs: 1 });

describe('diffusion experiments', () => {
  it('presets follow appendix E (paper) and validate', () => {
    const p = fig3.presets.paper;
    expect([p.d, p.n, p.dataScale, p.m, p.B, p.timeCount, p.samples, p.steps, p.delta, p.bandwidth]).toEqual([2, 10, 2, 1000, 5000, 100, 1000, 100, 0.01, 1]);
    expect(p.etas).toContain(2);
    expect(p.epochs[p.etas.indexOf(2)]).toBe(20_000);
    expect(p.epochs[p.etas.indexOf(0.05)]).toBe(1_000_000);
    const q = fig4.presets.paper;
    expect([q.eta, q.epochs, q.sims, q.sets, q.n]).toEqual([0.5, 50_000, 3, 5, 10]);
    expect(q.ds).toEqual([2, 5, 10, 50, 80, 100, 200, 400, 1000]);
    for (const e of [fig3, fig4, fig5diffusion]) for (const preset of ['quick', 'paper'] as const) {
      expect(e.schema.safeParse(e.presets[preset]).success).toBe(true);
    }
  });

  it('rejects bad fields, naming the field and the allowed values', () => {
    const refused = (c: object) => configError(fig3.schema, { ...tiny, ...c });
    expect(refused({ muSchedule: 'fast' })).toMatchObject({ path: 'muSchedule', allowed: '"paper", "notebook"' });
    expect(refused({ timeWeights: 'flat' }).allowed).toBe('"sigma", "inverseSigma"');
    expect(refused({ trainDelta: 1.5 }).message).toBe('trainDelta: got 1.5; allowed: a number in (0, 1)');
    expect(refused({ delta: 0 }).allowed).toBe('a number in (0, 1)');
    expect(refused({ epochs: [1] }).path).toBe('epochs');
    expect(configError(fig4.schema, { ...fig4.presets.quick, ds: [2, 2] })).toMatchObject({ path: 'ds[1]', allowed: 'distinct values (2 repeats)' });
  });

  it('protocol resolution: paper by default, notebook sets the four, explicit fields win', () => {
    expect(resolveDiffusionProtocol({ timeCount: 100 })).toEqual({ muRate: 1, trainDelta: 0.01, timeWeights: 'sigma', lossReduction: 'sum' });
    expect(resolveDiffusionProtocol({ timeCount: 100, protocol: 'notebook' })).toEqual({ muRate: 2, trainDelta: 0.05, timeWeights: 'inverseSigma', lossReduction: 'mean' });
    expect(resolveDiffusionProtocol({ timeCount: 100, protocol: 'notebook', muSchedule: 'paper' }).muRate).toBe(1);
    const s = scheduleOf({ timeCount: 100 });
    expect(s.times[0]).toBeCloseTo(0.01, 12);
    expect(s.times[99]).toBeCloseTo(1, 12);
    // ∝ sigma(t): the weights grow with t
    expect(s.weights[99]).toBeGreaterThan(s.weights[0]);
    expect(scheduleOf({ timeCount: 100, timeWeights: 'inverseSigma' }).weights[0]).toBeGreaterThan(scheduleOf({ timeCount: 100, timeWeights: 'inverseSigma' }).weights[99]);
  });

  it('fig3 run: finite metrics, samples in the artifact, data and initial net shared across eta', () => {
    const a = runOne(tiny, 0), b = runOne(tiny, 1);
    for (const name of ['mmdToSStar', 'mmdToGaussian', 'mmdSStarToGaussian', 'memorization', 'memorizationSStar', 'finalLoss']) {
      expect(Number.isFinite(a.metrics[name]), name).toBe(true);
    }
    expect(a.metrics.memorization).toBeGreaterThanOrEqual(0);
    expect(a.metrics.memorization).toBeLessThanOrEqual(1);
    expect(a.artifact.x).toEqual(b.artifact.x);
    // The s* reference set is the same for both etas (same data, same generation seed).
    expect(a.metrics.mmdSStarToGaussian).toBe(b.metrics.mmdSStarToGaussian);
    expect(a.metrics.mmdToSStar).not.toBe(b.metrics.mmdToSStar);
    const s = a.artifact.samples!;
    expect(s.learned).toHaveLength(tiny.samples);
    expect(s.sStar[0]).toHaveLength(2);
    expect(a.artifact.trace!.epoch.at(-1)).toBe(150);
    expect(a.artifact.model.b).toHaveLength(tiny.m);
    // The same run twice: bit-identical.
    expect(runOne(tiny, 0).metrics).toEqual(a.metrics);
  });

  it.each([
    ['muSchedule', { muSchedule: 'notebook' }],
    ['trainDelta', { trainDelta: 0.05 }],
    ['timeWeights', { timeWeights: 'inverseSigma' }],
    ['lossReduction', { lossReduction: 'mean' }],
  ] as const)('switch %s changes the trained model', (_name, change) => {
    const a = runOne({ ...tiny, epochs: [60, 60] }), b = runOne({ ...tiny, epochs: [60, 60], ...change });
    expect(b.artifact.model.w2).not.toEqual(a.artifact.model.w2);
  });

  it('a huge eta diverges: only divergedAtEpoch, counted in the summary', () => {
    const c: Fig3Config = { ...tiny, etas: [1e6], epochs: [50] };
    const out = runOne(c);
    expect(Object.keys(out.metrics)).toEqual(['divergedAtEpoch']);
    const rows = fig3.summarize(c, [finished(fig3.runs(c)[0].key, out, c)]);
    expect(rows[0]).toMatchObject({ eta: 1e6, runs: 1, diverged: 1 });
    expect(rows[0].mmdToSStar).toBeUndefined();
  });

  it('fig3 summary and figure; fig4 normalises by MMD²(s*, Gaussian)', () => {
    const outs = fig3.runs(tiny).map((spec, j) => finished(spec.key, runOne(tiny, j), tiny));
    const rows = fig3.summarize(tiny, outs);
    expect(rows.map((r) => r.eta)).toEqual([0.5, 0.05]);
    expect(rows[0].stabilityBound).toBeCloseTo(2 / (tiny.m * 0.5), 12);
    const figure = fig3Spec(rows, [{ label: 'η = 0.05', order: 0, learned: [[0, 1], [1, 2], [NaN, 3]], data: [[0, 0]] }]);
    expect(JSON.stringify(figure)).toContain('MMD²(s_θ samples, s* samples)');
    expectAllFinite(figure); // the NaN sample is dropped, never drawn

    const c4: Fig4Config = { ...fig4.presets.quick, n: 5, m: 16, B: 32, timeCount: 8, samples: 40, steps: 10, ds: [2, 3], eta: 0.1, epochs: 40, sims: 2, sets: 2 };
    const specs = fig4.runs(c4);
    expect(specs.map((s) => s.key)).toEqual(['d=2/eta=0.1/sim=0', 'd=2/eta=0.1/sim=1', 'd=3/eta=0.1/sim=0', 'd=3/eta=0.1/sim=1']);
    const runs4 = specs.map((s) => finished(s.key, fig4.run(wasm, c4, s, { sweep: SWEEP, run: deriveSeed(SWEEP, s.key) }, noArtifacts), c4));
    const m = runs4[0].metrics;
    expect(m.mmdToSStarNormalized).toBeTypeOf('number');
    const rows4 = fig4.summarize(c4, runs4);
    expect(rows4.map((r) => [r.d, r.runs])).toEqual([[2, 2], [3, 2]]);
    expect(rows4[0].mmdToSStarNormalized).toHaveProperty('lo');
    expectAllFinite(fig4Spec(rows4, []));
  });

  it('fig5diffusion: sampled and withKinks sharpness from fig3 artifacts, never training again', () => {
    const c3: Fig3Config = { ...tiny, m: 12, etas: [0.5], epochs: [100] };
    const spec3 = fig3.runs(c3)[0];
    const out3 = fig3.run(wasm, c3, spec3, { sweep: SWEEP, run: deriveSeed(SWEEP, spec3.key) }, noArtifacts);
    const store = new Map<string, RunArtifact>([[spec3.key, JSON.parse(JSON.stringify(out3.artifact))]]);
    const ctx: RunContext = { preset: 'quick', artifact: (e, _p, k) => (e === 'fig3' ? store.get(k) : undefined) };
    // fig3's tiny config follows the paper text; fig5diffusion's quick preset the notebooks: drop it.
    const { protocol: _notebook, ...quick5 } = fig5diffusion.presets.quick;
    const c5: Fig5DiffusionConfig = { ...quick5, m: 12, etas: [0.5], epochs: [100], sims: 1, timeCount: 10, draws: 200, kinkDraws: 16 };
    // A config that would rebuild another loss than fig3 trained on is refused, naming the switches.
    expect(() => fig5diffusion.run(wasm, { ...c5, protocol: 'notebook' }, fig5diffusion.runs(c5)[0], { sweep: SWEEP, run: 1 }, ctx))
      .toThrow(/trained with muRate = 1, trainDelta = 0.01, timeWeights = sigma, lossReduction = sum/);
    const spec5 = fig5diffusion.runs(c5)[0];
    expect(spec5.key).toBe(spec3.key);
    const out5 = fig5diffusion.run(wasm, c5, spec5, { sweep: SWEEP, run: 1 }, ctx);
    expect(Number.isFinite(out5.metrics.sharpnessSampled)).toBe(true);
    expect(Number.isFinite(out5.metrics.sharpnessWithKinks)).toBe(true);
    expect(out5.metrics.sharpnessWithKinks).not.toBe(out5.metrics.sharpnessSampled);
    const rows = fig5diffusion.summarize(c5, [finished(spec5.key, out5, c5)]);
    expect(rows.map((r) => r.estimator)).toEqual(['sampled', 'withKinks']);
    expect(rows[0]).toMatchObject({ params: 'all', stabilityBound: 2 / (12 * 0.5) });
    expect(() => fig5diffusion.run(wasm, c5, spec5, { sweep: SWEEP, run: 1 }, noArtifacts)).toThrow(/run `bigstep run fig3/);
    // another width than the artifact's, a diverged fig3 run passed through, the notebooks' mean loss scaled by 1/d
    expect(() => fig5diffusion.run(wasm, { ...c5, m: 13 }, spec5, { sweep: SWEEP, run: 1 }, ctx)).toThrow(/has width 12, the config says m = 13/);
    const divergedCtx: RunContext = { preset: 'quick', artifact: () => ({ ...store.get(spec5.key)!, divergedAtEpoch: 7 }) };
    expect(fig5diffusion.run(wasm, c5, spec5, { sweep: SWEEP, run: 1 }, divergedCtx).metrics).toEqual({ divergedAtEpoch: 7 });
    const meanArt = { ...store.get(spec5.key)!, diffusionLoss: { ...store.get(spec5.key)!.diffusionLoss!, lossReduction: 'mean' } };
    const meanCtx: RunContext = { preset: 'quick', artifact: () => meanArt };
    const halved = fig5diffusion.run(wasm, { ...c5, lossReduction: 'mean' }, spec5, { sweep: SWEEP, run: 1 }, meanCtx).metrics;
    expect(halved.sharpnessSampled).toBeCloseTo(out5.metrics.sharpnessSampled / 2, 14); // d = 2
    expect(halved.lambdaMinWithKinks).toBeCloseTo(out5.metrics.lambdaMinWithKinks / 2, 14);
  });
});
