// fig1's curve (src/experiments/fig1.ts curve): s_θ and s* on `size` points evenly spaced over
// [min x − 0.5, max x + 0.5], both from the network and the kernel at exactly those points; a
// non-finite value drops the curve (never a NaN plot). And the diffusion run keys and rows.
import { describe, expect, it } from 'vitest';
import { curve } from '../src/experiments/fig1.js';
import { diffusionRows, diffusionRuns, pointOfDiffusion } from '../src/experiments/diffusionRows.js';
import type { FinishedRun } from '../src/experiments/types.js';
import { Dataset } from '../src/model/dataset.js';
import { Net } from '../src/model/net.js';
import { wasm } from './helpers/parity.js';

describe('fig1 curve', () => {
  it('the grid, s_θ by the network, s* by the kernel, at the same points', () => {
    const data = Dataset.from(wasm, [0.3, -1.2, 2], 1), net = Net.experiment(wasm, { dIn: 1, dOut: 1, m: 8, seed: 3 });
    const c = curve(wasm, net, data, 0.8, 0.6, 5)!;
    expect(c.grid).toEqual([-1.7, -0.65, 0.4, 1.45, 2.5].map((v) => expect.closeTo(v, 14)));
    expect(c.grid[0]).toBe(-1.7);
    expect(c.grid[4]).toBe(2.5);
    expect(c.data).toEqual(Array.from(data.x.view())); // the dataset's points (Dataset.from sorts 1-D data)
    const y = wasm.f64From(c.grid), out = wasm.f64(5), star = wasm.f64(5);
    net.forward(y, 5, out);
    wasm.sStar1d(data.x, 3, 0.8, 0.6, y, 5, star, null, null);
    expect(c.sTheta).toEqual(Array.from(out.view()));
    expect(c.sStar).toEqual(Array.from(star.view()));
    // a network that overflows: no curve
    const big = Net.fromModel(wasm, { w1: [1e300], b: [0], w2: [1e300] }, 1, 1);
    expect(curve(wasm, big, data, 0.8, 0.6, 5)).toBeUndefined();
    y.free(); out.free(); star.free(); net.free(); big.free(); data.free();
  });
});

describe('diffusion runs and rows', () => {
  const run = (key: string, metrics: Record<string, number>): FinishedRun => ({ key, fingerprint: 'f', config: {}, seed: 1, metrics, version: 't', durationMs: 0 });

  it('keys (d, eta, sim) in sweep order, epochs per eta, sets in the setting', () => {
    const specs = diffusionRuns([2, 5], [1, 0.1], [10, 20], 2, 3);
    expect(specs.map((s) => s.key)).toEqual([
      'd=2/eta=1/sim=0', 'd=2/eta=1/sim=1', 'd=2/eta=0.1/sim=0', 'd=2/eta=0.1/sim=1',
      'd=5/eta=1/sim=0', 'd=5/eta=1/sim=1', 'd=5/eta=0.1/sim=0', 'd=5/eta=0.1/sim=1']);
    expect(pointOfDiffusion(specs[2])).toEqual({ d: 2, eta: 0.1, epochs: 20, sim: 0, sets: 3 });
    expect(pointOfDiffusion({ key: 'k', setting: { d: 2, eta: 1, epochs: 5, sim: 1 } }).sets).toBe(1);
  });

  it('rows: one per (d, eta) with runs, in sweep order; duplicates and foreign keys ignored; diverged counted', () => {
    const specs = diffusionRuns([2], [1, 0.1], [10, 20], 2, 1);
    const seen: string[][] = [];
    const rows = diffusionRows(specs, [
      run('d=2/eta=0.1/sim=1', { a: 1 }), run('d=2/eta=0.1/sim=1', { a: 5 }), run('d=2/eta=0.1/sim=0', { divergedAtEpoch: 3 }),
      run('d=3/eta=1/sim=0', { a: 2 }),
    ], 100, (row, rs) => seen.push(rs.map((r) => `${r.key}:${r.metrics.a ?? 'div'}`)));
    expect(rows).toEqual([{ d: 2, eta: 0.1, epochs: 20, m: 100, runs: 2, diverged: 1, stabilityBound: 2 / (100 * 0.1) }]);
    expect(seen).toEqual([['d=2/eta=0.1/sim=1:1', 'd=2/eta=0.1/sim=0:div']]);
  });
});
