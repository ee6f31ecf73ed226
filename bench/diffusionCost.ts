// Projected cost of the diffusion protocols at paper scale (fig3, fig4) from measured step
// times: one training step of the time-conditioned model (m = 1000, B = 5000, n = 10) at each
// dimension of fig4, serial Wasm and on 2 threads (the data-parallel gradient), and one
// generation (1000 samples × 100 Euler–Maruyama steps with the learned score). Prints a table
// and the projected single-machine wall time of each preset.
//   npm run build && npx tsx bench/diffusionCost.ts [d,d,...] [f64|f32]   (the training precision, default f64)
import { createBackend } from '../src/backend/index.js';
import { fig3 } from '../src/experiments/fig3.js';
import { fig4 } from '../src/experiments/fig4.js';
import { Dataset } from '../src/model/dataset.js';
import { SerialGradient, timeGrid, trainDiffusion, type BatchGradient } from '../src/model/diffusion.js';
import { Net } from '../src/model/net.js';
import { sampleLearned } from '../src/model/sample.js';
import { createParallelGradient } from '../src/runner/parallelGradient.js';

const be = await createBackend('wasm');
const ds = process.argv[2] ? process.argv[2].split(',').map(Number) : fig4.presets.paper.ds;
const precision = process.argv[3] === 'f32' ? 'f32' : 'f64';
const m = 1000, B = 5000, n = 10;
const schedule = timeGrid({ tMin: 0.01, weighting: 'sigma', muRate: 1 });

/** Seconds per training step at dimension d (at least `minSeconds` of steps, after one warm-up step). */
function stepSeconds(d: number, gradient: BatchGradient, minSeconds = 1.5): number {
  const data = Dataset.sample(be, { n, d, seed: 1, scale: 2 });
  const net = Net.experiment(be, { dIn: d + 1, dOut: d, m, seed: 2, precision });
  // A small eta keeps every step finite whatever d (the cost does not depend on eta).
  const train = (epochs: number, seed: number) => trainDiffusion(net, data, { schedule, eta: 1e-4, B, epochs, seed, gradient });
  // Several steps per call, as in a run (a call allocates its batch buffers once).
  const perCall = d <= 100 ? 5 : 1;
  train(1, 3);
  let steps = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < minSeconds * 1000) { train(perCall, 4 + steps); steps += perCall; }
  const s = (performance.now() - t0) / 1000 / steps;
  net.free(); data.free();
  return s;
}

function sampleSeconds(d: number): number {
  const net = Net.experiment(be, { dIn: d + 1, dOut: d, m, seed: 2, precision });
  const t0 = performance.now();
  sampleLearned(net, { N: 1000, seed: 5 }).free();
  const s = (performance.now() - t0) / 1000;
  net.free();
  return s;
}

const fmt = (s: number): string => (s < 1 ? `${(s * 1e3).toFixed(1)} ms` : s < 120 ? `${s.toFixed(1)} s` : s < 7200 ? `${(s / 60).toFixed(0)} min` : `${(s / 3600).toFixed(1)} h`);

const serial = new SerialGradient();
const two = await createParallelGradient({ threads: 2 });
const perD = new Map<number, { serial: number; two: number; sample: number }>();
console.log(`precision ${precision}`);
console.log('   d   step (1 thread)   step (2 threads)   generation (1000 × 100)');
for (const d of ds) {
  const row = { serial: stepSeconds(d, serial), two: stepSeconds(d, two), sample: sampleSeconds(d) };
  perD.set(d, row);
  console.log(`${String(d).padStart(4)}   ${fmt(row.serial).padStart(15)}   ${fmt(row.two).padStart(16)}   ${fmt(row.sample).padStart(23)}`);
}
await two.close();

// fig4 paper: per d, sims runs of `epochs` steps (2 threads each, one run at a time) plus
// sets × 2 generations (learned, s*; the s* and Gaussian sets are cheaper and left out).
const p4 = fig4.presets.paper;
let total4 = 0;
for (const d of p4.ds) {
  const r = perD.get(d);
  if (!r) continue;
  total4 += p4.sims * (p4.epochs * r.two + p4.sets * r.sample);
}
const measured = p4.ds.every((d) => perD.has(d));
console.log(`\nfig4 paper (${p4.ds.join(', ')}; ${p4.sims} sims × ${p4.epochs} steps, 2 threads): ${measured ? '' : 'measured dimensions only: '}${fmt(total4)}`);
const r2 = perD.get(2);
if (r2) {
  const p3 = fig3.presets.paper;
  const steps = p3.epochs.reduce((a, b) => a + b, 0);
  console.log(`fig3 paper (etas ${p3.etas.join(', ')}; ${steps} steps in all, 2 threads): ${fmt(steps * r2.two)}`);
}
