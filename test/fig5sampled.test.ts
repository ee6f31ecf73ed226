// fig5 at d = 10 (and d = 2): the `sampled` estimator from fig2's d-D artifacts — tiny widths.
import { describe, expect, it } from 'vitest';
import { sharpnessSampled } from '../src/analysis/sharpnessSampled.js';
import { fig2, fig5 } from '../src/experiments/index.js';
import type { Fig2Config } from '../src/experiments/fig2.js';
import { DEFAULT_SAMPLED_DRAWS, type Fig5Config } from '../src/experiments/fig5.js';
import { deriveSeed } from '../src/experiments/seeds.js';
import type { ExperimentId, PresetName, RunArtifact, RunContext } from '../src/experiments/types.js';
import { Dataset } from '../src/model/dataset.js';
import { Net } from '../src/model/net.js';
import { noiseAt } from '../src/model/schedule.js';
import { configError } from './helpers/configError.js';
import { wasm } from './helpers/parity.js';

const SWEEP = 7;
const tiny2: Fig2Config = {
  ...fig2.presets.quick, m: 16, ds: [10], ts: [0.2], etas: [0.1, 0.05], epochs: [100, 150], sims: 2, draws: 16,
  tracePoints: 1, traceSharpness: 'none',
};
const tiny5: Fig5Config = { ...fig5.presets.quick, d: 10, params: ['all'], m: 16, etas: [0.1, 0.05], epochs: [100, 150], sims: 2, draws: 30 };

function store(): Map<string, RunArtifact> {
  const s = new Map<string, RunArtifact>();
  for (const spec of fig2.runs(tiny2)) {
    const out = fig2.run(wasm, tiny2, spec, { sweep: SWEEP, run: deriveSeed(SWEEP, spec.key) }, { preset: 'quick', artifact: () => undefined });
    s.set(spec.key, JSON.parse(JSON.stringify(out.artifact)));
  }
  return s;
}

describe('fig5 at d = 10: sampled sharpness', () => {
  const arts = store();
  const ctx: RunContext = { preset: 'quick', artifact: (_e: ExperimentId, _p: PresetName, k: string) => arts.get(k) };

  it('config: d = 10 needs params ["all"]; the default draws; notebook sharpness is 1-D only', () => {
    expect(fig5.schema.safeParse(tiny5).success).toBe(true);
    expect(DEFAULT_SAMPLED_DRAWS).toBe(200);
    const bad = fig5.schema.safeParse({ ...tiny5, sharpnessMethod: 'notebook' });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0].path).toEqual(['sharpnessMethod']);
    expect(configError(fig5.schema, { ...tiny5, draws: 0 })).toMatchObject({ path: 'draws', allowed: 'an integer >= 1' });
  });

  it('runs read d = 10 artifacts; metrics = sharpnessSampled on the derived sample and withKinks beside it; rows are (all, sampled) and (all, withKinks)', () => {
    const specs = fig5.runs(tiny5);
    expect(specs.map((s) => s.key)).toEqual(fig2.runs(tiny2).map((s) => s.key));
    const outs = specs.map((spec) => fig5.run(wasm, tiny5, spec, { sweep: SWEEP, run: 1 }, ctx));
    const a = arts.get(specs[0].key)!;
    const data = Dataset.from(wasm, a.x, 10), net = Net.fromModel(wasm, a.model, 10, 10);
    const direct = sharpnessSampled(net, data, noiseAt(0.2), { draws: 30, eta: 0.1, seed: deriveSeed(SWEEP, 'sharpness-sample/d=10/t=0.2/sim=0') });
    net.free(); data.free();
    expect(outs[0].metrics.sharpnessSampled).toBe(direct.value);
    for (const o of outs) {
      expect(o.metrics.lanczosConvergedSampled).toBe(1);
      expect(o.metrics.lambdaMinSampled).toBeLessThanOrEqual(o.metrics.sharpnessSampled);
      expect(Number.isFinite(o.metrics.sharpnessWithKinks)).toBe(true);
      expect(o.metrics.sharpnessWithKinks).not.toBe(o.metrics.sharpnessSampled);
    }
    const rows = fig5.summarize(tiny5, specs.map((s, i) => ({ key: s.key, fingerprint: 'f', config: {}, seed: SWEEP, metrics: outs[i].metrics, version: 't', durationMs: 1 })));
    expect(rows.map((r) => [r.d, r.eta, r.params, r.estimator, r.runs])).toEqual([
      [10, 0.1, 'all', 'sampled', 2], [10, 0.1, 'all', 'withKinks', 2], [10, 0.05, 'all', 'sampled', 2], [10, 0.05, 'all', 'withKinks', 2],
    ]);
    expect(typeof (rows[0].sharpness as { mean: number }).mean).toBe('number');
    // lossReduction 'mean' = the Hessian of the loss / d
    const mean = fig5.run(wasm, { ...tiny5, lossReduction: 'mean' }, specs[0], { sweep: SWEEP, run: 1 }, ctx);
    expect(mean.metrics.sharpnessSampled).toBeCloseTo(outs[0].metrics.sharpnessSampled / 10, 15);
  });
});
