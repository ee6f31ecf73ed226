// One training run of fig1/fig2 (src/experiments/common.ts trainPoint) read back from its
// artifact: the trace sits on the grid every = ceil(epochs / tracePoints), its last point is the
// final state (exact excess risk and sharpness recomputed from the saved parameters), the
// notebooks' mean loss divides the reported losses by d, and the helpers that guard metrics.
import { describe, expect, it } from 'vitest';
import { excessRiskExact } from '../src/analysis/exact1d.js';
import { sharpnessExact } from '../src/analysis/sharpness.js';
import { assertFinite, finiteOnly, freeTrained, trainPoint, type TrainingConfig } from '../src/experiments/common.js';
import { fig2 } from '../src/experiments/index.js';
import { Dataset } from '../src/model/dataset.js';
import { Net } from '../src/model/net.js';
import { noiseAt } from '../src/model/schedule.js';
import { wasm } from './helpers/parity.js';

const base: TrainingConfig = { ...fig2.presets.quick, n: 6, m: 24, B: 8, draws: 200, tracePoints: 4, traceExcessRisk: true, traceSharpness: 'all' };
const seeds = { sweep: 11, run: 12 };

describe('trainPoint: the trace and the final metrics', () => {
  it('1-D: points at every = ceil(epochs/tracePoints); the last is the final state', () => {
    const p = { d: 1, t: 0.2, eta: 0.1, epochs: 90, sim: 0 };
    const r = trainPoint(wasm, base, 'k', p, seeds);
    try {
      const tr = r.artifact.trace!;
      expect(tr.epoch).toEqual([23, 46, 69, 90]);
      expect(tr.loss).toHaveLength(4);
      expect(tr.excessRiskExact).toHaveLength(4);
      expect(tr.sharpness).toHaveLength(4);
      expect(tr.excessRiskExact!.at(-1)).toBe(r.metrics.excessRiskExact);
      expect(tr.loss.at(-1)).toBe(r.metrics.finalLoss);
      // from the artifact alone
      const noise = noiseAt(p.t), data = Dataset.from(wasm, r.artifact.x, 1), net = Net.fromModel(wasm, r.artifact.model, 1, 1);
      expect(excessRiskExact(net, data, noise).value).toBeCloseTo(r.metrics.excessRiskExact, 14);
      expect(sharpnessExact(net, data, noise, 'all').value).toBeCloseTo(tr.sharpness!.at(-1)!, 12);
      expect(sharpnessExact(net, data, noise, 'theory').value).not.toBeCloseTo(tr.sharpness!.at(-1)!, 6);
      net.free(); data.free();
    } finally { freeTrained(r); }
  });

  it('without trace switches: loss only; d > 1 never traces the exact quantities', () => {
    const off = trainPoint(wasm, { ...base, traceExcessRisk: false, traceSharpness: 'none' }, 'k', { d: 1, t: 0.2, eta: 0.1, epochs: 40, sim: 0 }, seeds);
    expect(Object.keys(off.artifact.trace!).sort()).toEqual(['epoch', 'loss']);
    freeTrained(off);
    const d2 = trainPoint(wasm, base, 'k', { d: 2, t: 0.2, eta: 0.1, epochs: 40, sim: 0 }, seeds);
    expect(Object.keys(d2.artifact.trace!).sort()).toEqual(['epoch', 'loss']);
    expect(d2.metrics).not.toHaveProperty('excessRiskExact');
    freeTrained(d2);
  });

  it("the notebooks' mean loss: the same run as eta/d on the summed loss, losses reported / d", () => {
    const p = { d: 2, t: 0.2, eta: 0.2, epochs: 40, sim: 0 };
    const mean = trainPoint(wasm, { ...base, lossReduction: 'mean' }, 'k', p, seeds);
    const sum = trainPoint(wasm, base, 'k', { ...p, eta: 0.1 }, seeds);
    expect(mean.artifact.model).toEqual(sum.artifact.model);
    expect(mean.metrics.finalLoss).toBeCloseTo(sum.metrics.finalLoss / 2, 14);
    expect(mean.artifact.trace!.loss.map((l) => 2 * l)).toEqual(sum.artifact.trace!.loss.map((l) => expect.closeTo(l, 14)));
    expect(mean.metrics.excessRisk).toBe(sum.metrics.excessRisk);
    freeTrained(mean); freeTrained(sum);
  });

  it('a diverged run: only divergedAtEpoch, also in the artifact', () => {
    const r = trainPoint(wasm, base, 'k', { d: 1, t: 0.2, eta: 50, epochs: 200, sim: 0 }, seeds);
    expect(r.diverged).toBe(true);
    expect(Object.keys(r.metrics)).toEqual(['divergedAtEpoch']);
    expect(r.artifact.divergedAtEpoch).toBe(r.metrics.divergedAtEpoch);
    freeTrained(r);
  });
});

describe('metric guards', () => {
  it('finiteOnly drops NaN and ±Infinity, keeps the rest in order', () => {
    expect(finiteOnly({ a: 1, b: NaN, c: -0, d: Infinity, e: -Infinity, f: 2 })).toEqual({ a: 1, c: -0, f: 2 });
  });

  it('assertFinite names the path of the first non-finite number, nested in arrays and objects', () => {
    expect(() => assertFinite({ a: [1, 2, { b: 3 }], c: 'text', d: null })).not.toThrow();
    expect(() => assertFinite({ a: [1, 2, { b: NaN }] })).toThrow('artifact.a[2].b: non-finite number NaN');
    expect(() => assertFinite([0, Infinity], 'metrics')).toThrow('metrics[1]: non-finite number Infinity');
    expect(() => assertFinite(-Infinity, 'x')).toThrow('x: non-finite number -Infinity');
  });
});
