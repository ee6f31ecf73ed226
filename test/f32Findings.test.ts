// The quick findings hold in both precisions (issue 14), on paired seeds (same sweep seed, so the
// same data, initial network, SGD draws and evaluation noise; f32 rounds them): tiny versions of
//   fig2 — the excess risk grows with eta (a large learning rate keeps the network away from s*);
//   fig3 — MMD²(learned, s*) grows with eta (a small learning rate generates close to s*, i.e.
//          memorizes), the notebooks' protocol as in the quick preset;
// each with (a) the same eta ordering of the metric's mean in f64 and in f32, and (b) the per-run
// differences f32 − f64 (paired by key): their 95% t-interval contains 0, or lies within a
// quarter of the effect (the f64 difference of the means between the two etas).
// Measured here: fig2 per-run |f32 − f64| up to ~1e-3 (activity flips; most runs ~1e-6) against
// an effect of ~0.25; fig3 up to ~8e-3 at eta = 1 against an effect of ~0.02. A larger
// comparison (paper sizes, divergence rates, final sharpness) is bench/f32Compare.ts.
import { describe, expect, it } from 'vitest';
import { tInterval } from '../src/analysis/stats.js';
import { fig2, fig3 } from '../src/experiments/index.js';
import type { Fig2Config } from '../src/experiments/fig2.js';
import type { Fig3Config } from '../src/experiments/fig3.js';
import { deriveSeed } from '../src/experiments/seeds.js';
import type { Experiment, RunContext } from '../src/experiments/types.js';
import { wasm } from './helpers/parity.js';

const SWEEP = 5;
const ctx: RunContext = { preset: 'quick', artifact: () => undefined };

/** metric per run key, for one config. */
function metrics<C>(ex: Experiment<C>, c: C, name: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const spec of ex.runs(c)) {
    const m = ex.run(wasm, c, spec, { sweep: SWEEP, run: deriveSeed(SWEEP, spec.key) }, ctx).metrics;
    expect(m.divergedAtEpoch, spec.key).toBeUndefined();
    out.set(spec.key, m[name]);
  }
  return out;
}

const etaOf = (key: string): number => Number(/eta=([^/]+)/.exec(key)![1]);
const meanAt = (m: Map<string, number>, eta: number): number => {
  const v = [...m].filter(([k]) => etaOf(k) === eta).map(([, x]) => x);
  return v.reduce((a, b) => a + b, 0) / v.length;
};

function sameFinding(f64: Map<string, number>, f32: Map<string, number>, etas: number[]): void {
  const order = (m: Map<string, number>): number[] => [...etas].sort((a, b) => meanAt(m, a) - meanAt(m, b));
  expect(order(f32)).toEqual(order(f64));
  expect(order(f64)).toEqual([...etas].sort((a, b) => a - b)); // the finding: the metric grows with eta
  const effect = Math.abs(meanAt(f64, etas[0]) - meanAt(f64, etas[1]));
  for (const eta of etas) {
    const diffs = [...f64].filter(([k]) => etaOf(k) === eta).map(([k, v]) => f32.get(k)! - v);
    const ci = tInterval(diffs);
    const covers = typeof ci === 'number' ? ci === 0 : ci.lo <= 0 && ci.hi >= 0;
    const width = typeof ci === 'number' ? Math.abs(ci) : Math.max(Math.abs(ci.lo), Math.abs(ci.hi));
    console.log(`eta = ${eta}: f32 − f64 per run ${diffs.map((d) => d.toExponential(1)).join(', ')}; effect ${effect.toExponential(2)}`);
    expect(covers || width < effect / 4, `eta = ${eta}: interval ${JSON.stringify(ci)} against effect ${effect}`).toBe(true);
  }
}

describe('quick findings in f32 and f64 on paired seeds', () => {
  it('fig2 (tiny): excess risk grows with eta in both precisions; per-run differences small', () => {
    const c: Fig2Config = {
      ...fig2.presets.quick, m: 200, B: 50, n: 20, ts: [0.2], etas: [0.5, 0.05], epochs: [1000, 4000], sims: 4,
      draws: 200, tracePoints: 1, traceExcessRisk: false,
    };
    const a = metrics(fig2, c, 'excessRisk'), b = metrics(fig2, { ...c, precision: 'f32' }, 'excessRisk');
    sameFinding(a, b, c.etas);
  });

  it('fig3 (tiny, notebook protocol): MMD²(learned, s*) grows with eta in both precisions; per-run differences small', () => {
    const c: Fig3Config = {
      ...fig3.presets.quick, n: 5, m: 64, B: 256, timeCount: 20, samples: 200, steps: 30, tracePoints: 2,
      etas: [1, 0.05], epochs: [1000, 3000], sims: 3, sets: 1,
    };
    const a = metrics(fig3, c, 'mmdToSStar'), b = metrics(fig3, { ...c, precision: 'f32' }, 'mmdToSStar');
    sameFinding(a, b, c.etas);
  });
});
