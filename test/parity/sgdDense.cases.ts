// sgdDense must give bit-identical parameters, losses, generator state and step count on
// both backends: the draws are bit-identical (rng.cases.ts) and every sum is taken in the
// same order (assembly/kernels/netBlocks.ts header).
import { scratchLength } from '../../src/backend/index.js';
import type { Backend } from '../../src/backend/index.js';
import { experimentParams, gaussianParams, theoryParams } from '../helpers/nets.js';
import type { Outputs, ParityCase } from '../helpers/parity.js';
import { seededNormals, snapshot } from '../helpers/parity.js';

export interface SgdRun {
  label: string;
  d: number; m: number; n: number; B: number; epochs: number;
  mu: number; sigma: number; eta: number; trainW1: number; seed: number;
  params: () => Float64Array;
  x: () => Float64Array;
}

/** Run sgdDense from `seed`; outputs everything the call writes, and the step count. */
export function runSgd(be: Backend, r: SgdRun): Outputs {
  const params = be.f64From(r.params()), x = be.f64From(r.x());
  const rng = be.f64(6), losses = be.f64(r.epochs);
  const scratch = be.f64(scratchLength.sgdDense(r.d, r.m, r.B));
  be.rngSeed(rng, r.seed);
  const done = be.sgdDense(params, r.d, r.m, x, r.n, r.mu, r.sigma, r.eta, r.B, r.epochs, r.trainW1,
    rng, losses, scratch);
  const out = { done, params: snapshot(params), losses: snapshot(losses).slice(0, Math.min(done + 1, r.epochs)), rng: snapshot(rng) };
  for (const buf of [params, x, rng, losses, scratch]) buf.free();
  return out;
}

// t = 0.2: (mu, sigma) = (e^-0.2, sqrt(1 - e^-0.4))
const MU = Math.exp(-0.2), SIGMA = Math.sqrt(1 - Math.exp(-0.4));

export const runs: SgdRun[] = [
  { label: 'paper size d=10 experiment model, 1000 epochs', d: 10, m: 1000, n: 20, B: 50, epochs: 1000,
    mu: MU, sigma: SIGMA, eta: 0.05, trainW1: 1, seed: 2025,
    params: () => experimentParams(1, 10, 1000, 10), x: () => seededNormals(2, 200) },
  { label: 'paper size d=1 experiment model, 1000 epochs', d: 1, m: 1000, n: 20, B: 50, epochs: 1000,
    mu: MU, sigma: SIGMA, eta: 0.5, trainW1: 1, seed: 7,
    params: () => experimentParams(3, 1, 1000, 1), x: () => seededNormals(4, 20) },
  { label: 'd=1 theory model (trainW1 = 0, w1 = ±1), m=101 (odd)', d: 1, m: 101, n: 20, B: 50, epochs: 300,
    mu: MU, sigma: SIGMA, eta: 0.1, trainW1: 0, seed: 8,
    params: () => theoryParams(5, 101), x: () => seededNormals(6, 20) },
  { label: 'm=1, n=1, B=1', d: 1, m: 1, n: 1, B: 1, epochs: 200,
    mu: 0.95, sigma: 0.31, eta: 0.05, trainW1: 1, seed: 9,
    params: () => gaussianParams(7, 1, 1, 1), x: () => seededNormals(8, 1) },
  { label: 'd=3, m=7, n=5, B=19 (odd sizes), small sigma', d: 3, m: 7, n: 5, B: 19, epochs: 200,
    mu: 0.999, sigma: 0.05, eta: 0.01, trainW1: 1, seed: 10,
    params: () => gaussianParams(9, 3, 7, 3), x: () => seededNormals(10, 15) },
  { label: 'diverging run (eta = 50): stops early, finite parameters', d: 2, m: 16, n: 10, B: 20, epochs: 200,
    mu: MU, sigma: SIGMA, eta: 50, trainW1: 1, seed: 11,
    params: () => experimentParams(11, 2, 16, 2), x: () => seededNormals(12, 20) },
];

export const cases: ParityCase[] = runs.map((r): ParityCase => ({
  kernel: 'sgdDense', label: r.label, tol: { default: 0 }, run: (be) => runSgd(be, r),
}));
