// f32/f64 speed ratios of the training steps, measured interleaved (issue 14): on a shared,
// loaded machine two bench rows measured a minute apart see different loads, so here each round
// times a short burst of f64 steps and then the same burst in f32, and the ratio is the median
// over rounds of (f64 time / f32 time) — both halves of a round see about the same load.
// Workloads (the performance targets' three): fig1 step (d = 1, m = 1000, B = 50: sgd1d vs
// sgd1dF32), fig2 step at d = 10 (sgdDense vs sgdDenseF32), fig3 step (d = 2, m = 1000,
// B = 5000: trainDiffusion, serial and on 2 threads), and the two peak probes.
// Usage: npx tsx bench/f32Speed.ts [rounds]   (output: one line per workload)
import { createBackend, RNG_STATE_LENGTH, scratchLength, type Backend, type Precision } from '../src/backend/index.js';
import { Dataset } from '../src/model/dataset.js';
import { SerialGradient, timeGrid, trainDiffusion, type BatchGradient } from '../src/model/diffusion.js';
import { Net } from '../src/model/net.js';
import { createParallelGradient } from '../src/runner/parallelGradient.js';

const ROUNDS = Number(process.argv[2] ?? 15);
const PAPER = { n: 20, m: 1000, B: 50, mu: Math.exp(-0.2), sigma: Math.sqrt(1 - Math.exp(-0.4)), eta: 0.1 };

/** A closure that runs `steps` SGD steps of the score model in `precision`. */
function sgdBurst(be: Backend, d: number, precision: Precision, steps: number): () => void {
  const { n, m, B, mu, sigma, eta } = PAPER;
  const data = Dataset.sample(be, { n, d, seed: 1 });
  const net = Net.experiment(be, { dIn: d, dOut: d, m, seed: 2, precision });
  const rng = be.f64(RNG_STATE_LENGTH);
  be.rngSeed(rng, 3);
  if (precision === 'f32') {
    const x = be.f32From(data.x.view()), p = net.params32!;
    const s = be.f32(d === 1 ? scratchLength.sgd1dF32(m, B) : scratchLength.sgdDenseF32(d, m, B));
    return d === 1 ? () => { be.sgd1dF32(p, m, x, n, mu, sigma, eta, B, steps, 1, rng, null, s); }
      : () => { be.sgdDenseF32(p, d, m, x, n, mu, sigma, eta, B, steps, 1, rng, null, s); };
  }
  const s = be.f64(d === 1 ? scratchLength.sgd1d(m, B) : scratchLength.sgdDense(d, m, B));
  return d === 1 ? () => { be.sgd1d(net.params, m, data.x, n, mu, sigma, eta, B, steps, 1, rng, null, s); }
    : () => { be.sgdDense(net.params, d, m, data.x, n, mu, sigma, eta, B, steps, 1, rng, null, s); };
}

/** A closure that runs `steps` fig3 training steps in `precision` with `gradient`. */
function diffusionBurst(be: Backend, precision: Precision, gradient: BatchGradient, steps: number): () => void {
  const data = Dataset.sample(be, { n: 10, d: 2, seed: 16, scale: 2 });
  const net = Net.experiment(be, { dIn: 3, dOut: 2, m: PAPER.m, seed: 17, precision });
  const schedule = timeGrid({ tMin: 0.01, weighting: 'sigma', muRate: 1 });
  let seed = 18;
  return () => { trainDiffusion(net, data, { schedule, eta: 0.05, B: 5000, epochs: steps, seed: seed++, gradient }); };
}

const median = (v: number[]): number => { const s = [...v].sort((a, b) => a - b); return s[s.length >> 1]; };

/** Median over rounds of t64/t32, and the median times per step (µs). */
function interleave(name: string, f64: () => void, f32: () => void, steps: number): void {
  f64(); f32(); // warm up
  const ratios: number[] = [], t64: number[] = [], t32: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    let t = performance.now(); f64(); const a = performance.now() - t;
    t = performance.now(); f32(); const b = performance.now() - t;
    ratios.push(a / b); t64.push((1000 * a) / steps); t32.push((1000 * b) / steps);
  }
  const q = [...ratios].sort((x, y) => x - y);
  console.log(`${name.padEnd(44)} f64 ${median(t64).toFixed(1).padStart(8)} µs  f32 ${median(t32).toFixed(1).padStart(8)} µs  ` +
    `f32/f64 speed ${median(ratios).toFixed(2)}x (rounds: ${q[0].toFixed(2)}–${q[q.length - 1].toFixed(2)})`);
}

const wasm = await createBackend('wasm');
const it = 100_000;
interleave('peak probe (f64x2 vs f32x4 lanes, per flop)', () => wasm.peak(2 * it), () => wasm.peakF32(it), 1);
interleave('fig1 step: d = 1, m = 1000, B = 50 (1 core)', sgdBurst(wasm, 1, 'f64', 2000), sgdBurst(wasm, 1, 'f32', 2000), 2000);
interleave('fig2 step: d = 10, m = 1000, B = 50 (1 core)', sgdBurst(wasm, 10, 'f64', 40), sgdBurst(wasm, 10, 'f32', 40), 40);
const serial = new SerialGradient(), two = await createParallelGradient({ threads: 2 });
interleave('fig3 step: d = 2, m = 1000, B = 5000 (1 core)', diffusionBurst(wasm, 'f64', serial, 2), diffusionBurst(wasm, 'f32', serial, 2), 2);
interleave('fig3 step: d = 2, m = 1000, B = 5000 (2 threads)', diffusionBurst(wasm, 'f64', two, 2), diffusionBurst(wasm, 'f32', two, 2), 2);
serial.close();
await two.close();
