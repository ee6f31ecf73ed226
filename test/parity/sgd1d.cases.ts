import type { Backend } from '../../src/backend/index.js';
import { scratchLength } from '../../src/backend/index.js';
import { Xoshiro, rngSeed } from '../../src/backend/ts/rng.js';
import { experimentParams } from '../helpers/nets.js';
import type { ParityCase } from '../helpers/parity.js';
import { seededNormals, snapshot } from '../helpers/parity.js';

// sgd1d must agree bit for bit: the TS twin mirrors every operation of the Wasm kernel.

export interface Sgd1dRun {
  m: number; n: number; B: number; epochs: number;
  mu?: number; sigma?: number; eta?: number; trainW1?: number; seed?: number;
  /** parameters [w1 | b | w2] and data; default: the experiment model on N(0,1) data */
  params?: Float64Array; x?: Float64Array;
  /** split the epochs over several calls (same scratch) */
  calls?: number;
}

/** The experiment model (appendix E) in 1-D: w1 ~ N(0,1), b = 0, w2 ~ N(0,1). */
export function experimentModel(m: number, seed: number): Float64Array {
  return experimentParams(seed, 1, m, 1);
}

/** The theory model (section 4): w1 = ±1, b ~ N(0,1), w2 ~ N(0,1). */
export function theoryModel(m: number, seed: number): Float64Array {
  const p = new Float64Array(3 * m);
  const signs = seededNormals(seed, m);
  for (let l = 0; l < m; l++) p[l] = signs[l] < 0 ? -1 : 1;
  p.set(seededNormals(seed + 1, m), m);
  p.set(seededNormals(seed + 2, m), 2 * m);
  return p;
}

export function runSgd1d(be: Backend, r: Sgd1dRun) {
  const { m, n, B, epochs } = r;
  const params = be.f64From(r.params ?? experimentModel(m, 11));
  const x = be.f64From(r.x ?? seededNormals(12, n));
  const rng = be.f64(6);
  be.rngSeed(rng, r.seed ?? 2025);
  const scratch = be.f64(scratchLength.sgd1d(m, B));
  const losses = be.f64(epochs);
  const calls = r.calls ?? 1;
  let done = 0, returned = 0;
  for (let c = 0; c < calls; c++) {
    const e = Math.floor(epochs * (c + 1) / calls) - Math.floor(epochs * c / calls);
    const part = be.f64(Math.max(e, 1));
    const k = be.sgd1d(params, m, x, n, r.mu ?? 0.81, r.sigma ?? 0.57, r.eta ?? 0.1, B, e,
      r.trainW1 ?? 1, rng, part, scratch);
    losses.view().set(snapshot(part).slice(0, Math.min(k + 1, e)), done);
    returned += k;
    if (k < e) break;
    done += e;
  }
  return { params: snapshot(params), losses: snapshot(losses), returned, rng: snapshot(rng) };
}

/** The first batch point Y_0 of the first step for this seed (replayed with the TS generator). */
export function firstBatchPoint(seed: number, x: Float64Array, B: number, mu: number, sigma: number): number {
  const st = new Float64Array(6);
  rngSeed(st, seed);
  const g = new Xoshiro(st);
  const idx: number[] = [];
  for (let b = 0; b < B; b++) idx.push(Math.floor(x.length * g.uniform()));
  return mu * x[idx[0]] + sigma * g.normal();
}

/** Theory model whose neurons 0 (w1 = +1) and 1 (w1 = -1) have their kink exactly at Y_0. */
export function tieModel(m: number, x: Float64Array, B: number, seed: number): Float64Array {
  const p = theoryModel(m, 5);
  const y0 = firstBatchPoint(seed, x, B, 0.81, 0.57);
  p[0] = 1; p[m] = -y0;
  p[1] = -1; p[m + 1] = y0;
  return p;
}

const exact = { default: 0 };
const run = (label: string, r: Sgd1dRun): ParityCase => ({
  kernel: 'sgd1d', label, tol: exact, run: (be) => runSgd1d(be, r),
});

export const withZeroW1 = (): Float64Array => {
  const p = experimentModel(64, 21);
  for (let l = 0; l < 64; l += 5) p[l] = 0;                 // w1 = 0 neurons (b = 0: never active)
  for (let l = 1; l < 64; l += 7) { p[l] = 0; p[64 + l] = 0.5; } // w1 = 0, b > 0: always active
  return p;
};

const tieX = seededNormals(12, 20);
/** General w1: neuron 0's kink tau = -(b/w1) equals Y_0 as a float (and here w1 Y_0 + b == 0). */
export const tieGeneral = (): Float64Array => {
  const p = experimentModel(50, 31), y0 = firstBatchPoint(7, tieX, 50, 0.81, 0.57);
  p[0] = 0.37; p[50] = -0.37 * y0;
  while (-(p[50] / p[0]) < y0) p[50] = p[50] - Math.abs(p[50]) * 2 ** -52 - 1e-300;
  while (-(p[50] / p[0]) > y0) p[50] = p[50] + Math.abs(p[50]) * 2 ** -52 + 1e-300;
  return p;
};

export const cases: ParityCase[] = [
  run('experiment model, m = 1000, B = 50, 1000 epochs', { m: 1000, n: 20, B: 50, epochs: 1000 }),
  run('theory model (w1 = ±1 fixed), 1000 epochs', { m: 1000, n: 20, B: 50, epochs: 1000, trainW1: 0, params: theoryModel(1000, 13) }),
  run('1000 epochs in 7 calls', { m: 300, n: 20, B: 50, epochs: 1000, calls: 7 }),
  run('m = 1', { m: 1, n: 20, B: 50, epochs: 200 }),
  run('n = 1', { m: 100, n: 1, B: 50, epochs: 200 }),
  run('m odd (999)', { m: 999, n: 20, B: 50, epochs: 200 }),
  run('B = 1', { m: 100, n: 20, B: 1, epochs: 500 }),
  run('B = 63 (SIMD search, K = 8)', { m: 101, n: 20, B: 63, epochs: 200 }),
  run('B = 64', { m: 101, n: 20, B: 64, epochs: 200 }),
  run('B = 500', { m: 300, n: 20, B: 500, epochs: 100 }),
  run('data far apart, small sigma', { m: 200, n: 5, B: 20, epochs: 300, x: Float64Array.from([-40, -10, 0, 15, 60]), mu: 0.95, sigma: 0.05, eta: 0.001 }),
  run('w1 = 0 neurons', { m: 64, n: 20, B: 30, epochs: 300, params: withZeroW1() }),
  run('kink exactly at a batch point (w1 = ±1)', { m: 40, n: 20, B: 50, epochs: 100, trainW1: 0, seed: 7, x: tieX, params: tieModel(40, tieX, 50, 7) }),
  run('kink exactly at a batch point (general w1)', { m: 50, n: 20, B: 50, epochs: 100, seed: 7, x: tieX, params: tieGeneral() }),
  run('diverging run (eta = 50)', { m: 100, n: 20, B: 50, epochs: 1000, eta: 50 }),
];
