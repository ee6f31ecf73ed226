// f32 against f64 at larger sizes than the tests (issue 14), on paired seeds (the same sweep seed:
// the same data, initial network — rounded in f32 — SGD draws and evaluation noise):
//   A. parameter deviation at the paper's sizes (m = 1000, B = 50): ||θ̂_K − θ_K|| / ||θ_K|| at
//      K = 10 … 10⁴ beside the unamplified rounding random walk sqrt(Σ_k Σ_i ulp(θ_k,i)²/12)/||θ_K||
//      (test/helpers/roundingModel.ts): where the deviation leaves it, activity flips and the
//      dynamics' own instability have taken over;
//   B. fig2's quick preset (d = 1, both noise levels, the paper's etas and epochs, 5 simulations)
//      in both precisions: excess risk per eta (mean, 95% t-interval), the paired per-run
//      differences f32 − f64, divergence counts, and the final exact sharpness (theory
//      parameters, analysis in f64 on the promoted parameters) beside 2/(m eta);
//   C. fig3's quick preset (notebook protocol, m = 200, B = 1000, etas 2, 0.5, 0.05) in both
//      precisions: MMD² to s* and to the fitted Gaussian, memorization, divergence.
// Usage: npx tsx bench/f32Compare.ts [A] [B] [C]  (default all; output in reproduction/f32-compare.txt)
import { cpus, loadavg } from 'node:os';
import { sharpnessExact } from '../src/analysis/sharpness.js';
import { tInterval } from '../src/analysis/stats.js';
import { createBackend, type Precision } from '../src/backend/index.js';
import { fig2, fig3 } from '../src/experiments/index.js';
import { deriveSeed } from '../src/experiments/seeds.js';
import type { Experiment, RunArtifact, RunContext, RunOutput } from '../src/experiments/types.js';
import { Dataset } from '../src/model/dataset.js';
import { Net } from '../src/model/net.js';
import { noiseAt } from '../src/model/schedule.js';
import { train } from '../src/model/train.js';

/** ulp of an f32 value (test/helpers/roundingModel.ts ulp32). */
const ulp32 = (x: number): number => (x === 0 ? 0 : 2 ** (Math.max(Math.floor(Math.log2(Math.abs(x))), -126) - 23));
const norm = (p: ArrayLike<number>): number => { let s = 0; for (let i = 0; i < p.length; i++) s += p[i] * p[i]; return Math.sqrt(s); };
const dist = (p: ArrayLike<number>, q: ArrayLike<number>): number => { let s = 0; for (let i = 0; i < p.length; i++) s += (p[i] - q[i]) ** 2; return Math.sqrt(s); };

const be = await createBackend('wasm');
const want = process.argv.slice(2);
const on = (s: string): boolean => want.length === 0 || want.includes(s);
const SWEEP = 1;
const ctx: RunContext = { preset: 'quick', artifact: () => undefined };
const fmt = (x: number | undefined): string => (x === undefined || !Number.isFinite(x) ? '—' : x.toExponential(2));
const ci = (v: number[]): string => {
  if (v.length === 0) return '—';
  if (v.length === 1) return fmt(v[0]);
  const t = tInterval(v);
  return typeof t === 'number' ? fmt(t) : `${fmt(t.mean)} [${fmt(t.lo)}, ${fmt(t.hi)}]`;
};

function deviation(d: number, eta: number): void {
  const { mu, sigma } = noiseAt(0.2), m = 1000, B = 50, at = [10, 100, 1000, 10_000];
  const data = Dataset.sample(be, { n: 20, d, seed: 1 });
  const a = Net.experiment(be, { dIn: d, dOut: d, m, seed: 2, precision: 'f32' }), b = Net.experiment(be, { dIn: d, dOut: d, m, seed: 2 });
  b.params.view().set(a.params.view());
  let rss = 0;
  const rel: string[] = [], model: string[] = [];
  const snaps = new Map<number, Float64Array>();
  const opts = { mu, sigma, eta, B, epochs: at[at.length - 1], seed: 3, chunk: 10 };
  train(a, data, { ...opts, onChunk: (k) => { if (at.includes(k)) snaps.set(k, a.params.view().slice()); } });
  train(b, data, { ...opts, onChunk: (k) => {
    const p = b.params.view();
    let v = 0;
    for (let i = 0; i < p.length; i++) v += ulp32(Math.fround(p[i])) ** 2 / 12;
    rss += 10 * v; // the chunk's 10 steps, at the chunk's end state
    if (at.includes(k)) {
      const q = snaps.get(k)!, nb = norm(p);
      rel.push(fmt(dist(p, q) / nb));
      model.push(fmt(Math.sqrt(rss) / nb));
    }
  } });
  console.log(`  d = ${String(d).padEnd(2)} eta = ${String(eta).padEnd(4)} K = ${at.join(', ')}: deviation ${rel.join(', ')}; rounding walk ${model.join(', ')}`);
  a.free(); b.free(); data.free();
}

function sweep<C>(ex: Experiment<C>, c: C): Map<string, RunOutput> {
  const out = new Map<string, RunOutput>();
  for (const spec of ex.runs(c)) out.set(spec.key, ex.run(be, c, spec, { sweep: SWEEP, run: deriveSeed(SWEEP, spec.key) }, ctx));
  return out;
}

const groupOf = (key: string): string => key.replace(/\/sim=\d+$/, '');

function compareFig2(): void {
  const base = fig2.presets.quick;
  const res = new Map<Precision, Map<string, RunOutput>>();
  for (const precision of ['f64', 'f32'] as const) {
    const t0 = performance.now();
    res.set(precision, sweep(fig2, { ...base, precision }));
    console.log(`  ${precision}: ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }
  const [r64, r32] = [res.get('f64')!, res.get('f32')!];
  const sharp = (o: RunOutput): number => {
    const art = o.artifact as RunArtifact & { mu: number; sigma: number };
    const net = Net.fromModel(be, art.model, 1, 1), data = Dataset.from(be, art.x);
    const s = sharpnessExact(net, data, { mu: art.mu, sigma: art.sigma }, 'theory').value;
    net.free(); data.free();
    return s;
  };
  for (const g of [...new Set([...r64.keys()].map(groupOf))]) {
    const keys = [...r64.keys()].filter((k) => groupOf(k) === g);
    const ok = (r: Map<string, RunOutput>) => keys.filter((k) => r.get(k)!.metrics.divergedAtEpoch === undefined);
    const ex = (r: Map<string, RunOutput>) => ok(r).map((k) => r.get(k)!.metrics.excessRisk);
    const both = keys.filter((k) => ok(r64).includes(k) && ok(r32).includes(k));
    const diffs = both.map((k) => r32.get(k)!.metrics.excessRisk - r64.get(k)!.metrics.excessRisk);
    const eta = Number(/eta=([^/]+)/.exec(g)![1]);
    console.log(`  ${g.padEnd(18)} excess risk f64 ${ci(ex(r64))}  f32 ${ci(ex(r32))}  f32 − f64 ${ci(diffs)}  ` +
      `diverged ${keys.length - ok(r64).length}/${keys.length} vs ${keys.length - ok(r32).length}/${keys.length}  ` +
      `sharpness f64 ${ci(ok(r64).map((k) => sharp(r64.get(k)!)))}  f32 ${ci(ok(r32).map((k) => sharp(r32.get(k)!)))}  2/(m eta) ${fmt(2 / (base.m * eta))}`);
  }
}

function compareFig3(): void {
  const base = fig3.presets.quick;
  const res = new Map<Precision, Map<string, RunOutput>>();
  for (const precision of ['f64', 'f32'] as const) {
    const t0 = performance.now();
    res.set(precision, sweep(fig3, { ...base, precision }));
    console.log(`  ${precision}: ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }
  for (const key of res.get('f64')!.keys()) {
    const line = (['f64', 'f32'] as const).map((p) => {
      const m = res.get(p)!.get(key)!.metrics;
      return m.divergedAtEpoch !== undefined ? `${p}: diverged at ${m.divergedAtEpoch}`
        : `${p}: MMD² to s* ${fmt(m.mmdToSStar)}, to Gaussian ${fmt(m.mmdToGaussian)}, memorization ${m.memorization?.toFixed(2)}`;
    });
    console.log(`  ${key.padEnd(22)} ${line.join('   ')}`);
  }
}

console.log(`bigstep f32 vs f64 (bench/f32Compare.ts), ${new Date().toISOString().slice(0, 10)}, sweep seed ${SWEEP}, ` +
  `load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores (wall times below are not a speed measurement: bench/f32Speed.ts is)`);
if (on('A')) {
  console.log('A. parameter deviation ||f32 − f64|| / ||f64|| at the paper sizes (m = 1000, B = 50, n = 20, t = 0.2)');
  for (const [d, eta] of [[1, 0.1], [1, 0.5], [10, 0.1], [10, 0.01]]) deviation(d, eta);
}
if (on('B')) { console.log('B. fig2 quick preset (d = 1), both precisions on paired seeds'); compareFig2(); }
if (on('C')) { console.log('C. fig3 quick preset (notebook protocol), both precisions on paired seeds'); compareFig3(); }
