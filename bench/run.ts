// `npm run bench`: every kernel, wasm vs ts, at the paper's sizes, with tinybench.
// Prints a table (bench/table.ts) and writes the scratch record bench/results.json (git-ignored;
// the documented record is bench/reference.json, a copy of one whole run on an idle machine):
//   {"peakGflops": P, "peakF32Gflops": P32, "machine": {cpu, cores, node, date},
//    "rows": [{"kernel", "backend", "precision", "d", "m", "B", "hz", "gflops"}, ...]}
// - peakGflops: the `peak` probe (register-only f64x2 multiply-adds) measured in this run;
//   peakF32Gflops: the `peakF32` probe (f32x4). Every row has a `precision` ('f64' or 'f32',
//   issue 14) and its %peak is against its own probe;
// - groups sgd and diffusion measure the training steps in both precisions (f32 rows: the f32x4
//   kernels sgd1dF32 / sgdDenseF32 / denoiseLossGradF32, same sizes, same dense flop count);
// - sgdEpoch rows (one per d and backend, experiment model): hz = single SGD steps per second,
//   gflops = hz · B·m·(4·d_in + 6·d_out) / 1e9, the dense count whatever the algorithm does
//   (d = 1 runs the sorted-kink kernel sgd1d, d = 10 the dense kernel sgdDense);
// - withKinks row (group "withKinks"): whole `withKinks` sharpness estimates per second at the
//   fig3 size (d = 2, m = 1000, 200 rows per point, 64 kink draws per neuron);
// - other rows: hz = kernel calls per second; gflops from the dense count where one is
//   defined (netForward B·m·(2 d_in + 2 d_out), netBackward B·m·(4 d_in + 6 d_out)), else null;
// - diffusionStep rows (group "diffusion"): one fig3 training step (trainDiffusion: batch draw,
//   chunked gradient, update) at d = 2, n = 10, m = 1000, B = 5000 — serial Wasm, serial TS
//   twin, and Wasm on 2 threads (backend "wasm x2", src/runner/parallelGradient.ts); hz = steps
//   per second, gflops from the dense count B·m·(4 d_in + 6 d_out) with d_in = 3, d_out = 2.
// - group "sampling" (SPEC §2 fig3): one whole generation per call — sampleLearned (N = B = 1000
//   samples × 100 EM steps, time-conditioned net dIn = 3, dOut = 2, m = 1000), sampleSStar
//   (n = 10), sampleGaussianFit (N = 1000, n = 10), and mmdUnbiased of 1000 vs 1000 at d = 2.
// - group "wasserstein": the exact W2 (kernel w2Assignment: cost matrix + Jonker–Volgenant) and
//   the sliced W2 (100 directions) between two sets of 1000 standard normal points at d = 2;
//   hz = distances per second (B holds n).
// BENCH_ONLY=group,group (sgd, net, sStar, other, exact, auxiliary, sampling, wasserstein, diffusion, withKinks) measures only
// those groups (and the peak probe) and merges their rows into bench/results.json, replacing
// rows of the same kernel, backend and sizes.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { Bench } from 'tinybench';
import { benchTable, fmtTime, type BenchRecord, type BenchRow } from './table.js';
import { createBackend, RNG_STATE_LENGTH, scratchLength, type Backend, type Precision } from '../src/backend/index.js';
import { sharpnessExact } from '../src/analysis/sharpness.js';
import { diffusionLoss } from '../src/analysis/denoisingLoss.js';
import { sharpnessDenoising } from '../src/analysis/sharpnessSampled.js';
import { Dataset } from '../src/model/dataset.js';
import { Net } from '../src/model/net.js';
import { train } from '../src/model/train.js';
import { SerialGradient, timeGrid, trainDiffusion, type BatchGradient } from '../src/model/diffusion.js';
import { createParallelGradient } from '../src/runner/parallelGradient.js';
import { sampleGaussianFit, sampleLearned, sampleSStar } from '../src/model/sample.js';
import { slicedW2 } from '../src/analysis/wasserstein.js';

type Row = BenchRow;

const PAPER = { n: 20, m: 1000, B: 50, mu: Math.exp(-0.2), sigma: Math.sqrt(1 - Math.exp(-0.4)), eta: 0.1 };
const TIME_MS = Number(process.env.BENCH_TIME_MS ?? 400);

/** Time `fn` (which does `units` units of work per call) and return units per second. */
async function measure(name: string, fn: () => void, units = 1): Promise<number> {
  const bench = new Bench({ time: TIME_MS, warmupTime: 100, iterations: 3 });
  bench.add(name, fn);
  await bench.run();
  const r = bench.tasks[0].result as { period?: number; state: string };
  if (r.period === undefined) throw new Error(`bench ${name}: ${r.state}`);
  return (1000 / r.period) * units;
}

function sgdRows(be: Backend, d: number, precision: Precision = 'f64'): Promise<Row> {
  const { n, m, B, mu, sigma, eta } = PAPER;
  const data = Dataset.sample(be, { n, d, seed: 1 });
  const net = Net.experiment(be, { dIn: d, dOut: d, m, seed: 2, precision });
  const rng = be.f64(RNG_STATE_LENGTH);
  be.rngSeed(rng, 3);
  const steps = d === 1 ? (be.name === 'wasm' ? 200 : 50) : (be.name === 'wasm' ? 5 : 1);
  let run: () => number;
  if (precision === 'f32') {
    const x = be.f32From(data.x.view()), p = net.params32!;
    const scratch = be.f32(d === 1 ? scratchLength.sgd1dF32(m, B) : scratchLength.sgdDenseF32(d, m, B));
    run = d === 1
      ? () => be.sgd1dF32(p, m, x, n, mu, sigma, eta, B, steps, 1, rng, null, scratch)
      : () => be.sgdDenseF32(p, d, m, x, n, mu, sigma, eta, B, steps, 1, rng, null, scratch);
  } else {
    const scratch = be.f64(d === 1 ? scratchLength.sgd1d(m, B) : scratchLength.sgdDense(d, m, B));
    run = d === 1
      ? () => be.sgd1d(net.params, m, data.x, n, mu, sigma, eta, B, steps, 1, rng, null, scratch)
      : () => be.sgdDense(net.params, d, m, data.x, n, mu, sigma, eta, B, steps, 1, rng, null, scratch);
  }
  run(); // warm the kinks' order
  return measure(`sgdEpoch d=${d} ${be.name} ${precision}`, run, steps).then((hz) => ({
    kernel: 'sgdEpoch', backend: be.name, precision, d, m, B, hz, gflops: (hz * B * m * (4 * d + 6 * d)) / 1e9,
  }));
}

async function netRows(be: Backend, dIn: number, dOut: number, B: number): Promise<Row[]> {
  const m = PAPER.m;
  const net = Net.experiment(be, { dIn, dOut, m, seed: 4 });
  const X = be.f64(B * dIn), out = be.f64(B * dOut), gOut = be.f64(B * dOut), grad = be.f64(net.size);
  const rng = be.f64(RNG_STATE_LENGTH);
  be.rngSeed(rng, 5);
  be.rngNormals(rng, X, B * dIn);
  be.rngNormals(rng, gOut, B * dOut);
  const scratch = be.f64(scratchLength.net(dIn, m, dOut));
  const d = dOut;
  const fwd = await measure(`netForward ${be.name}`, () => be.netForward(net.params, dIn, m, dOut, X, B, out, scratch));
  const bwd = await measure(`netBackward ${be.name}`, () => be.netBackward(net.params, dIn, m, dOut, X, B, gOut, grad, scratch));
  return [
    { kernel: 'netForward', backend: be.name, d, m, B, hz: fwd, gflops: (fwd * B * m * (2 * dIn + 2 * dOut)) / 1e9 },
    { kernel: 'netBackward', backend: be.name, d, m, B, hz: bwd, gflops: (bwd * B * m * (4 * dIn + 6 * dOut)) / 1e9 },
  ];
}

async function sStarRows(be: Backend): Promise<Row[]> {
  const { n, mu, sigma } = PAPER;
  const rows: Row[] = [];
  for (const d of [1, 2, 10]) {
    const p = 1000;
    const data = Dataset.sample(be, { n, d, seed: 6 });
    const y = be.f64(p * d), value = be.f64(p * d), d1 = be.f64(p), d2 = be.f64(p), jac = be.f64(p * d * d);
    const rng = be.f64(RNG_STATE_LENGTH);
    be.rngSeed(rng, 7);
    be.rngNormals(rng, y, p * d);
    const hz = d === 1
      ? await measure(`sStar1d ${be.name}`, () => be.sStar1d(data.x, n, mu, sigma, y, p, value, d1, d2), p)
      : await measure(`sStarNd ${be.name}`, () => be.sStarNd(data.x, n, d, mu, sigma, y, p, value, jac), p);
    rows.push({ kernel: d === 1 ? 'sStar1d' : 'sStarNd', backend: be.name, d, m: null, B: null, hz, gflops: null });
  }
  return rows;
}

async function otherRows(be: Backend): Promise<Row[]> {
  const { n, m, mu, sigma } = PAPER;
  const rng = be.f64(RNG_STATE_LENGTH);
  be.rngSeed(rng, 8);
  const normals = be.f64(100_000);
  const rows: Row[] = [{
    kernel: 'rngNormals', backend: be.name, d: null, m: null, B: null, gflops: null,
    hz: await measure(`rngNormals ${be.name}`, () => be.rngNormals(rng, normals, 100_000), 100_000),
  }];
  const data = Dataset.sample(be, { n, d: 1, seed: 9 });
  const net = Net.experiment(be, { dIn: 1, dOut: 1, m, seed: 10 });
  const out = be.f64(2), scratch = be.f64(scratchLength.excessRisk(1, m));
  const draws = 500;
  rows.push({
    kernel: 'excessRiskMC', backend: be.name, d: 1, m, B: draws, gflops: null,
    hz: await measure(`excessRiskMC ${be.name}`, () => be.excessRiskMC(net.params, 1, m, data.x, n, mu, sigma, draws, rng, out, scratch)),
  });
  return rows;
}

/** The exact 1-D analysis at n = 20, m = 1000 for both models (theory: w1 = ±1; experiment:
 *  w1 ~ N(0, 1)), each trained 2000 steps at eta = 0.1 first so the kinks sit among the data:
 *  gradient (exactRisk1d with its gradient), dense Hessian assembly (hessian1d, 3m × 3m),
 *  one Hessian–vector product (hessianVector1d), and the Lanczos sharpness (theory = (w2, b),
 *  all = (w1, b, w2)). `B` holds the model kind's parameter count (2m or 3m). */
async function exactRows(be: Backend): Promise<Row[]> {
  const { n, m, mu, sigma } = PAPER;
  const rows: Row[] = [];
  const data = Dataset.sample(be, { n, d: 1, seed: 11 });
  for (const kind of ['theory', 'experiment'] as const) {
    const net = kind === 'theory' ? Net.theory(be, { m, seed: 12 }) : Net.experiment(be, { dIn: 1, dOut: 1, m, seed: 12 });
    train(net, data, { mu, sigma, eta: 0.1, B: 50, epochs: 2000, seed: 13, trainW1: kind === 'experiment' });
    const grad = be.f64(3 * m), gs = be.f64(scratchLength.exactRisk1d(m, n));
    const H = be.f64(9 * m * m), hs = be.f64(scratchLength.hessian1d(m, n));
    const v = be.f64(3 * m), hv = be.f64(3 * m), vs = be.f64(scratchLength.hessianVector1d(m, n));
    v.view().fill(1);
    const label = `${kind} ${be.name}`;
    const row = (kernel: string, hz: number, P: number): Row => ({ kernel: `${kernel}:${kind}`, backend: be.name, d: 1, m, B: P, hz, gflops: null });
    rows.push(row('exactGradient', await measure(`gradient ${label}`, () => be.exactRisk1d(net.params, m, data.x, n, mu, sigma, grad, gs)), 3 * m));
    rows.push(row('hessian1d', await measure(`hessian ${label}`, () => be.hessian1d(net.params, m, data.x, n, mu, sigma, H, hs)), 3 * m));
    rows.push(row('hessianVector1d', await measure(`Hv ${label}`, () => be.hessianVector1d(net.params, m, data.x, n, mu, sigma, v, hv, vs)), 3 * m));
    for (const params of ['theory', 'all'] as const) {
      rows.push(row(`sharpness-${params}`, await measure(`sharpness ${params} ${label}`, () => sharpnessExact(net, data, { mu, sigma }, params)), params === "all" ? 3 * m : 2 * m));
    }
    for (const b of [grad, gs, H, hs, v, hv, vs]) b.free();
    net.free();
  }
  return rows;
}

/** The remaining kernels at the sizes they run at: one Lanczos reorthogonalisation pass
 *  (k = 60 vectors of P = 3000), erfc on 1e5 points, and one sampled-loss Hessian–vector
 *  product at d = 10, m = 1000 on N = 4000 rows (fig5 at d = 10: 200 draws per point);
 *  `B` holds k, the count, and N. */
async function auxiliaryRows(be: Backend): Promise<Row[]> {
  const rows: Row[] = [];
  const rng = be.f64(RNG_STATE_LENGTH);
  be.rngSeed(rng, 14);
  const k = 60, P = 3000;
  const Q = be.f64(k * P), w = be.f64(P), h = be.f64(k);
  be.rngNormals(rng, Q, k * P);
  be.rngNormals(rng, w, P);
  rows.push({ kernel: 'gramSchmidt', backend: be.name, d: null, m: null, B: k, gflops: null,
    hz: await measure(`gramSchmidt ${be.name}`, () => be.gramSchmidt(Q, k, P, w, h)) });
  const count = 100_000, xs = be.f64(count), out = be.f64(count);
  be.rngNormals(rng, xs, count);
  rows.push({ kernel: 'erfcVector', backend: be.name, d: null, m: null, B: count, gflops: null,
    hz: await measure(`erfcVector ${be.name}`, () => be.erfcVector(xs, count, out), count) });
  const d = 10, m = PAPER.m, N = 4000;
  const net = Net.experiment(be, { dIn: d, dOut: d, m, seed: 15 });
  const U = be.f64(N * d), T = be.f64(N * d), v = be.f64(net.size), Hv = be.f64(net.size);
  be.rngNormals(rng, U, N * d);
  be.rngNormals(rng, T, N * d);
  be.rngNormals(rng, v, net.size);
  const scratch = be.f64(scratchLength.sampledHessianVector(d, m, d));
  rows.push({ kernel: 'sampledHessianVector', backend: be.name, d, m, B: N, gflops: null,
    hz: await measure(`sampledHessianVector ${be.name}`, () => be.sampledHessianVector(net.params, d, m, d, U, T, N, v, Hv, scratch)) });
  return rows;
}

/** One fig3 training step (SPEC §2: d = 2, n = 10 from N(0, 2² I), m = 1000, B = 5000, times ∝
 *  sigma on [0.01, 1]) on `be` with `gradient`; `steps` steps per timed call. */
async function diffusionRow(be: Backend, gradient: BatchGradient, label: string, steps: number, precision: Precision = 'f64'): Promise<Row> {
  const d = 2, n = 10, m = PAPER.m, B = 5000;
  const data = Dataset.sample(be, { n, d, seed: 16, scale: 2 });
  const net = Net.experiment(be, { dIn: d + 1, dOut: d, m, seed: 17, precision });
  const schedule = timeGrid({ tMin: 0.01, weighting: 'sigma', muRate: 1 });
  let seed = 18;
  const run = (): void => { trainDiffusion(net, data, { schedule, eta: 0.05, B, epochs: steps, seed: seed++, gradient }); };
  run();
  const hz = await measure(`diffusionStep ${label} ${precision}`, run, steps);
  net.free(); data.free();
  return { kernel: 'diffusionStep', backend: label, precision, d, m, B, hz, gflops: (hz * B * m * (4 * (d + 1) + 6 * d)) / 1e9 };
}

async function diffusionRows(wasm: Backend, ts: Backend): Promise<Row[]> {
  const serial = new SerialGradient();
  const two = await createParallelGradient({ threads: 2 });
  try {
    const rows: Row[] = [];
    for (const precision of ['f64', 'f32'] as const) {
      rows.push(
        await diffusionRow(wasm, serial, 'wasm', 5, precision),
        await diffusionRow(ts, serial, 'ts', 1, precision),
        await diffusionRow(wasm, two, 'wasm x2', 5, precision),
      );
      const [w, t, w2] = rows.slice(-3).map((r) => r.hz);
      console.log(`diffusion step (fig3, B = 5000, ${precision}): wasm/ts ${(w / t).toFixed(1)}x, 2 threads/1 thread ${(w2 / w).toFixed(2)}x, ` +
        `2 threads ${fmtTime(1 / w2)} per step (helper took ${two.helperChunks} chunks)`);
    }
    return rows;
  } finally {
    serial.close();
    await two.close();
  }
}

/** Group "sampling": whole generations at the fig3 sizes (d = 2, N = 1000, 100 steps). */
async function samplingRows(be: Backend): Promise<Row[]> {
  const d = 2, N = 1000, m = PAPER.m, n = 10;
  const net = Net.experiment(be, { dIn: d + 1, dOut: d, m, seed: 16 });
  const data = Dataset.sample(be, { n, d, seed: 17, scale: 2 });
  const row = (kernel: string, hz: number, mm: number | null, B: number, precision: Precision = 'f64'): Row =>
    ({ kernel, backend: be.name, precision, d, m: mm, B, hz, gflops: null });
  const rows: Row[] = [
    row('sampleLearned', await measure(`sampleLearned ${be.name}`, () => sampleLearned(net, { N, seed: 1 }).free()), m, N),
    row('sampleLearned', await measure(`sampleLearned ${be.name} f32`, () => sampleLearned(net, { N, seed: 1, precision: 'f32' }).free()), m, N, 'f32'),
    row('sampleSStar', await measure(`sampleSStar ${be.name}`, () => sampleSStar(data, { N, seed: 2 }).free()), null, N),
    row('sampleGaussianFit', await measure(`sampleGaussianFit ${be.name}`, () => sampleGaussianFit(data, { N, seed: 3 }).free()), null, N),
  ];
  const rng = be.f64(RNG_STATE_LENGTH), X = be.f64(N * d), Y = be.f64(N * d), out = be.f64(4);
  be.rngSeed(rng, 18);
  be.rngNormals(rng, X, N * d);
  be.rngNormals(rng, Y, N * d);
  rows.push(row('mmdUnbiased', await measure(`mmdUnbiased ${be.name}`, () => be.mmdUnbiased(X, N, Y, N, d, 1, out)), null, N));
  for (const b of [rng, X, Y, out]) b.free();
  net.free();
  data.free();
  return rows;
}

/** Group "wasserstein": W2 between two sets of N = 1000 standard normal points in d = 2 — the
 *  exact assignment kernel (one call: costs + Jonker–Volgenant) and slicedW2 (100 directions). */
async function wassersteinRows(be: Backend): Promise<Row[]> {
  const d = 2, N = 1000;
  const rng = be.f64(RNG_STATE_LENGTH), X = be.f64(N * d), Y = be.f64(N * d), out = be.f64(2);
  const scratch = be.f64(scratchLength.w2Assignment(N, d));
  be.rngSeed(rng, 19);
  be.rngNormals(rng, X, N * d);
  be.rngNormals(rng, Y, N * d);
  const row = (kernel: string, hz: number): Row => ({ kernel, backend: be.name, d, m: null, B: N, hz, gflops: null });
  const rows = [
    row('w2Assignment', await measure(`w2Assignment ${be.name}`, () => be.w2Assignment(X, Y, N, d, out, null, null, scratch))),
    row('slicedW2 (K = 100)', await measure(`slicedW2 ${be.name}`, () => slicedW2(be, X, N, Y, N, d, { directions: 100 }))),
  ];
  for (const b of [rng, X, Y, out, scratch]) b.free();
  return rows;
}

/** sharpnessDenoising 'withKinks' at the fig3 size: diffusion loss over n = 10 points in d = 2
 *  (N(0, 2² I)) and 100 times in [0.01, 1] weighted ∝ sigma(t), time-conditioned net
 *  (dIn = 3, dOut = 2, m = 1000, experiment initialisation), 200 rows per point (fig5's default
 *  draws), 64 kink draws per neuron; hz = whole estimates per second (kink blocks + Lanczos).
 *  Wasm only (the TS backend takes seconds per call). */
async function withKinksRow(be: Backend): Promise<Row> {
  const times = Array.from({ length: 100 }, (_, k) => 0.01 + (0.99 * k) / 99);
  const data = Dataset.sample(be, { n: 10, d: 2, seed: 16, scale: 2 });
  const loss = diffusionLoss(data, { times, weights: times.map((t) => Math.sqrt(-Math.expm1(-2 * t))), muRate: 1 });
  const m = PAPER.m, net = Net.experiment(be, { dIn: 3, dOut: 2, m, seed: 17 });
  const hz = await measure(`withKinks sharpness ${be.name}`,
    () => sharpnessDenoising(net, loss, { estimator: 'withKinks', draws: 200, kinkDraws: 64, seed: 18, eta: 2 }));
  return { kernel: 'withKinks (fig3 size)', backend: be.name, d: 2, m, B: 2000, gflops: null, hz };
}

async function main(): Promise<void> {
  const only = (process.env.BENCH_ONLY ?? '').split(',').filter(Boolean);
  const want = (group: string): boolean => only.length === 0 || only.includes(group);
  const wasm = await createBackend('wasm'), ts = await createBackend('ts');
  const iterations = 200_000;
  const peakHz = await measure('peak wasm', () => wasm.peak(iterations));
  const peakGflops = (peakHz * iterations * 48) / 1e9;
  const tsPeakHz = await measure('peak ts', () => ts.peak(iterations));
  const peak32Hz = await measure('peakF32 wasm', () => wasm.peakF32(iterations));
  const peakF32Gflops = (peak32Hz * iterations * 96) / 1e9;
  const tsPeak32Hz = await measure('peakF32 ts', () => ts.peakF32(iterations / 10)) / 10;
  const rows: Row[] = [
    { kernel: 'peak', backend: 'wasm', precision: 'f64', d: null, m: null, B: null, hz: peakHz, gflops: peakGflops },
    { kernel: 'peak', backend: 'ts', precision: 'f64', d: null, m: null, B: null, hz: tsPeakHz, gflops: (tsPeakHz * iterations * 48) / 1e9 },
    { kernel: 'peakF32', backend: 'wasm', precision: 'f32', d: null, m: null, B: null, hz: peak32Hz, gflops: peakF32Gflops },
    { kernel: 'peakF32', backend: 'ts', precision: 'f32', d: null, m: null, B: null, hz: tsPeak32Hz, gflops: (tsPeak32Hz * iterations * 96) / 1e9 },
  ];
  for (const be of [wasm, ts]) {
    if (want('sgd')) for (const d of [1, 10]) rows.push(await sgdRows(be, d), await sgdRows(be, d, 'f32'));
    if (want('net')) rows.push(...await netRows(be, 1, 1, 50), ...await netRows(be, 10, 10, 50), ...await netRows(be, 3, 2, 5000));
    if (want('sStar')) rows.push(...await sStarRows(be));
    if (want('other')) rows.push(...await otherRows(be));
    if (want('exact')) rows.push(...await exactRows(be));
    if (want('auxiliary')) rows.push(...await auxiliaryRows(be));
    if (want('sampling')) rows.push(...await samplingRows(be));
    if (want('wasserstein')) rows.push(...await wassersteinRows(be));
  }
  if (want('diffusion')) rows.push(...await diffusionRows(wasm, ts));
  if (want('withKinks')) rows.push(await withKinksRow(wasm));
  const file = new URL('./results.json', import.meta.url);
  const rowKey = (r: Row): string => `${r.kernel}|${r.backend}|${r.d}|${r.m}|${r.B}|${r.precision ?? 'f64'}`;
  for (const r of rows) r.precision ??= 'f64';
  const fresh = new Set(rows.map(rowKey));
  const kept: Row[] = only.length > 0 && existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as { rows: Row[] }).rows.filter((r) => !fresh.has(rowKey(r)))
    : [];
  const machine = { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.versions.node, date: new Date().toISOString().slice(0, 10) };
  const record: BenchRecord = { peakGflops, peakF32Gflops, machine, rows: [...kept, ...rows] };
  writeFileSync(file, JSON.stringify(record, null, 2) + '\n');
  console.log(`peak probes: ${peakGflops.toFixed(1)} GFLOP/s (wasm f64x2, one core), ${peakF32Gflops.toFixed(1)} GFLOP/s (wasm f32x4) on ${machine.cpu}\n`);
  console.log(benchTable({ peakGflops, peakF32Gflops, rows }).join('\n'));
  console.log('\nbench/results.json is this run\'s scratch record; to make it the documented one:\n' +
    '  cp bench/results.json bench/reference.json && npm run docs');
}

await main();
