// SPEC §5 switches 5–7 (sharpnessMethod, excessRiskMethod, lossReduction) and `protocol`:
// resolution, validation, and that each one changes the result. Tiny widths.
import { describe, expect, it } from 'vitest';
import { configError } from './helpers/configError.js';
import { riskMonteCarlo } from '../src/analysis/riskMonteCarlo.js';
import { sharpnessExact } from '../src/analysis/sharpness.js';
import { sharpnessNotebook } from '../src/analysis/sharpnessSampled.js';
import { freeTrained, trainPoint } from '../src/experiments/common.js';
import { fig2, fig5 } from '../src/experiments/index.js';
import type { Fig2Config } from '../src/experiments/fig2.js';
import type { Fig5Config } from '../src/experiments/fig5.js';
import { resolveProtocol } from '../src/experiments/protocol.js';
import { deriveSeed } from '../src/experiments/seeds.js';
import type { RunArtifact, RunContext } from '../src/experiments/types.js';
import { excessRiskExact } from '../src/analysis/exact1d.js';
import { Dataset } from '../src/model/dataset.js';
import { Net } from '../src/model/net.js';
import { noiseAt } from '../src/model/schedule.js';
import { train } from '../src/model/train.js';
import { wasm } from './helpers/parity.js';

const SWEEP = 7;
const tiny2: Fig2Config = {
  ...fig2.presets.quick, m: 20, ds: [1], ts: [0.2], etas: [0.1], epochs: [300], sims: 1, draws: 200,
  tracePoints: 2, traceSharpness: 'all',
};
const seedsOf = (key: string) => ({ sweep: SWEEP, run: deriveSeed(SWEEP, key) });
const run2 = (c: Fig2Config) => {
  const spec = fig2.runs(c)[0];
  return fig2.run(wasm, c, spec, seedsOf(spec.key), { preset: 'quick', artifact: () => undefined });
};

describe('protocol switches', () => {
  it('resolve: paper by default, notebook sets all three, explicit fields win', () => {
    expect(resolveProtocol({})).toEqual({ sharpnessMethod: 'lanczos', excessRiskMethod: 'identity', lossReduction: 'sum' });
    expect(resolveProtocol({ protocol: 'notebook' })).toEqual({ sharpnessMethod: 'notebook', excessRiskMethod: 'notebook', lossReduction: 'mean' });
    expect(resolveProtocol({ protocol: 'notebook', lossReduction: 'sum' }).lossReduction).toBe('sum');
    expect(resolveProtocol({ protocol: 'paper', excessRiskMethod: 'notebook' }).excessRiskMethod).toBe('notebook');
  });

  it('validation names the field and the allowed values; presets unchanged', () => {
    const refused = (c: object) => configError(fig2.schema, { ...tiny2, ...c });
    expect(refused({ protocol: 'jax' })).toMatchObject({ path: 'protocol', message: 'protocol: got "jax"; allowed: "paper", "notebook"' });
    expect(refused({ sharpnessMethod: 'power' }).allowed).toBe('"lanczos", "notebook"');
    expect(refused({ excessRiskMethod: 'x' }).allowed).toBe('"identity", "notebook"');
    expect(refused({ lossReduction: 'avg' }).allowed).toBe('"sum", "mean"');
    expect(fig5.schema.safeParse({ ...fig5.presets.paper, protocol: 'notebook' }).success).toBe(true);
    expect('protocol' in fig2.presets.paper).toBe(false);
  });

  it('sharpnessMethod: notebook = |λ| of power iterations on the grid loss, differs from the exact λ_max (trace and fig5)', () => {
    const a = run2(tiny2), b = run2({ ...tiny2, sharpnessMethod: 'notebook' });
    expect(b.artifact.trace!.loss).toEqual(a.artifact.trace!.loss);
    const sa = a.artifact.trace!.sharpness!, sb = b.artifact.trace!.sharpness!;
    expect(sb.every((v) => v >= 0)).toBe(true);
    expect(sb.some((v, i) => Math.abs(v - sa[i]) > 1e-3 * Math.abs(sa[i]))).toBe(true);
    // fig5 at d = 1 on that artifact
    const store = new Map<string, RunArtifact>([[a.artifact.key, JSON.parse(JSON.stringify(a.artifact))]]);
    const ctx: RunContext = { preset: 'quick', artifact: (_e, _p, k) => store.get(k) };
    const c5: Fig5Config = { ...fig5.presets.quick, m: 20, etas: [0.1], epochs: [300], sims: 1 };
    const spec = fig5.runs(c5)[0];
    const lan = fig5.run(wasm, c5, spec, seedsOf(spec.key), ctx), nb = fig5.run(wasm, { ...c5, protocol: 'notebook' }, spec, seedsOf(spec.key), ctx);
    expect(Object.keys(nb.metrics)).toEqual(['sharpnessNotebook']);
    expect(nb.metrics.sharpnessNotebook).not.toBeCloseTo(lan.metrics.sharpnessAll, 6);
    const rows = fig5.summarize({ ...c5, protocol: 'notebook' }, [{ key: spec.key, fingerprint: 'f', config: {}, seed: 1, metrics: nb.metrics, version: 't', durationMs: 1 }]);
    expect(rows.map((r) => [r.params, r.estimator])).toEqual([['all', 'notebook']]);
  });

  it('sharpnessNotebook: 20 power iterations approach |λ|max of the grid-loss Hessian from below', () => {
    const noise = noiseAt(0.2), data = Dataset.sample(wasm, { n: 10, d: 1, seed: 3 });
    const net = Net.experiment(wasm, { dIn: 1, dOut: 1, m: 10, seed: 4 });
    train(net, data, { ...noise, eta: 0.1, B: 50, epochs: 500, seed: 5 });
    const v20 = sharpnessNotebook(net, data, noise), v200 = sharpnessNotebook(net, data, noise, { iterations: 200 });
    expect(v20).toBeLessThanOrEqual(v200 * (1 + 1e-9));
    expect(v20).toBeGreaterThan(0.5 * v200);
    const ex = sharpnessExact(net, data, noise, 'all').value;
    expect(v200).not.toBeCloseTo(ex, 6); // a different loss (uniform grid, no kinks)
    net.free(); data.free();
  });

  it('excessRiskMethod: notebook = difference of two MC risks, differs from the identity, agrees with the exact value within its error', () => {
    const a = run2(tiny2), b = run2({ ...tiny2, excessRiskMethod: 'notebook' });
    expect(b.metrics.excessRiskExact).toBe(a.metrics.excessRiskExact);
    expect(b.metrics.excessRisk).not.toBe(a.metrics.excessRisk);
    expect(Math.abs(b.metrics.excessRisk - b.metrics.excessRiskExact)).toBeLessThan(5 * b.metrics.excessRiskMonteCarloStderr);
    // riskMonteCarlo against the exact risks
    const noise = noiseAt(0.2), data = Dataset.sample(wasm, { n: 8, d: 1, seed: 11 });
    const net = Net.experiment(wasm, { dIn: 1, dOut: 1, m: 10, seed: 12 });
    const ex = excessRiskExact(net, data, noise);
    const rn = riskMonteCarlo(net, data, noise, 4000, 13), rs = riskMonteCarlo('sstar', data, noise, 4000, 14);
    expect(Math.abs(rn.value - ex.risk)).toBeLessThan(4 * rn.stderr);
    expect(Math.abs(rs.value - ex.riskSStar)).toBeLessThan(4 * rs.stderr);
    net.free(); data.free();
  });

  it('lossReduction: mean at d = 10 is training with eta/d and the loss / d', () => {
    const c: Fig2Config = { ...tiny2, ds: [10], m: 12, etas: [0.5], epochs: [100], tracePoints: 1, traceSharpness: 'none', draws: 20 };
    const p = { d: 10, t: 0.2, eta: 0.5, epochs: 100, sim: 0 }, seeds = seedsOf('k');
    const sum = trainPoint(wasm, c, 'k', p, seeds), mean = trainPoint(wasm, { ...c, lossReduction: 'mean' }, 'k', p, seeds);
    const ref = trainPoint(wasm, c, 'k', { ...p, eta: 0.05 }, seeds);
    expect(mean.artifact.model).toEqual(ref.artifact.model);
    expect(mean.metrics.finalLoss).toBe(ref.metrics.finalLoss / 10);
    expect(mean.artifact.model).not.toEqual(sum.artifact.model);
    expect(mean.metrics.excessRisk).not.toBe(sum.metrics.excessRisk);
    for (const r of [sum, mean, ref]) freeTrained(r);
  });
});
