// sgd1dF32 must agree bit for bit: the TS twin mirrors every f32 operation of the Wasm kernel
// (sortBatch32, the exact bucket counts, the four-lane update). Runs of sgd1d.cases.ts on the f32
// rounding of their parameters and data, plus m around the four-neuron lane group and kinks
// placed exactly at an f32 batch point.
import type { Backend } from '../../src/backend/index.js';
import { scratchLength } from '../../src/backend/index.js';
import { Xoshiro, rngSeed } from '../../src/backend/ts/rng.js';
import type { Outputs, ParityCase } from '../helpers/parity.js';
import { seededNormals, snapshot } from '../helpers/parity.js';
import { experimentModel, theoryModel, withZeroW1, type Sgd1dRun } from './sgd1d.cases.js';

export function runSgd1dF32(be: Backend, r: Sgd1dRun): Outputs {
  const { m, n, B, epochs } = r;
  const params = be.f32From(r.params ?? experimentModel(m, 11));
  const x = be.f32From(r.x ?? seededNormals(12, n));
  const rng = be.f64(6);
  be.rngSeed(rng, r.seed ?? 2025);
  const scratch = be.f32(scratchLength.sgd1dF32(m, B));
  const losses = be.f64(epochs);
  const calls = r.calls ?? 1;
  let done = 0, returned = 0;
  for (let c = 0; c < calls; c++) {
    const e = Math.floor(epochs * (c + 1) / calls) - Math.floor(epochs * c / calls);
    const part = be.f64(Math.max(e, 1));
    const k = be.sgd1dF32(params, m, x, n, r.mu ?? 0.81, r.sigma ?? 0.57, r.eta ?? 0.1, B, e, r.trainW1 ?? 1, rng, part, scratch);
    losses.view().set(snapshot(part).slice(0, Math.min(k + 1, e)), done);
    returned += k;
    if (k < e) break;
    done += e;
  }
  return { params: snapshot(params), losses: snapshot(losses), returned, rng: snapshot(rng) };
}

/** The first batch point Y_0 of the first step in f32 (the kernel's own arithmetic, replayed). */
function firstBatchPoint32(seed: number, x: Float32Array, B: number, mu: number, sigma: number): number {
  const st = new Float64Array(6);
  rngSeed(st, seed);
  const g = new Xoshiro(st);
  const idx: number[] = [];
  for (let b = 0; b < B; b++) idx.push(Math.floor(x.length * g.uniform()));
  const fr = Math.fround;
  return fr(fr(fr(mu) * x[idx[0]]) + fr(fr(sigma) * fr(g.normal())));
}

const tieX = seededNormals(12, 20);
/** Neurons 0 (w1 = +1) and 1 (w1 = -1) with their f32 kink exactly at the f32 Y_0. */
function tieModel32(m: number): Float64Array {
  const p = theoryModel(m, 5);
  const y0 = firstBatchPoint32(7, Float32Array.from(tieX), 50, 0.81, 0.57);
  p[0] = 1; p[m] = -y0;
  p[1] = -1; p[m + 1] = y0;
  return p;
}

const run = (label: string, r: Sgd1dRun): ParityCase => ({ kernel: 'sgd1dF32', label, tol: { default: 0 }, run: (be) => runSgd1dF32(be, r) });

export const cases: ParityCase[] = [
  run('experiment model, m = 1000, B = 50, 300 epochs', { m: 1000, n: 20, B: 50, epochs: 300 }),
  run('theory model (w1 = ±1 fixed), 300 epochs', { m: 1000, n: 20, B: 50, epochs: 300, trainW1: 0, params: theoryModel(1000, 13) }),
  run('600 epochs in 7 calls', { m: 300, n: 20, B: 50, epochs: 600, calls: 7 }),
  run('m = 1', { m: 1, n: 20, B: 50, epochs: 200 }),
  run('m = 5, 6, 7 (lane tails): m = 7', { m: 7, n: 20, B: 50, epochs: 200 }),
  run('m = 6', { m: 6, n: 20, B: 50, epochs: 200 }),
  run('n = 1', { m: 100, n: 1, B: 50, epochs: 200 }),
  run('B = 1', { m: 100, n: 20, B: 1, epochs: 300 }),
  run('B = 63 (K = 8)', { m: 101, n: 20, B: 63, epochs: 200 }),
  run('B = 64 (K = 16)', { m: 101, n: 20, B: 64, epochs: 200 }),
  run('B = 500', { m: 300, n: 20, B: 500, epochs: 50 }),
  run('data far apart, small sigma', { m: 200, n: 5, B: 20, epochs: 300, x: Float64Array.from([-40, -10, 0, 15, 60]), mu: 0.95, sigma: 0.05, eta: 0.001 }),
  run('w1 = 0 neurons', { m: 64, n: 20, B: 30, epochs: 300, params: withZeroW1() }),
  run('kink exactly at a batch point (w1 = ±1, f32)', { m: 40, n: 20, B: 50, epochs: 100, trainW1: 0, seed: 7, x: tieX, params: tieModel32(40) }),
  run('diverging run (eta = 50)', { m: 100, n: 20, B: 50, epochs: 1000, eta: 50 }),
];
