// diffusionBatchF32 and denoiseLossGradF32 must agree bit for bit on both backends (the draws of
// diffusionBatch rounded to f32; the f32 sums of netBlocksF32.ts in the same order).
import { RNG_STATE_LENGTH, scratchLength } from '../../src/backend/index.js';
import type { Backend } from '../../src/backend/index.js';
import { experimentParams, gaussianParams } from '../helpers/nets.js';
import type { Outputs, ParityCase } from '../helpers/parity.js';
import { seededNormals, seededUniforms, snapshot } from '../helpers/parity.js';

interface BatchCase { label: string; n: number; d: number; nTimes: number; B: number; seed: number; weights: () => Float64Array }

function cumulative(w: Float64Array): Float64Array {
  const c = new Float64Array(w.length);
  let s = 0, total = 0;
  for (const v of w) total += v;
  w.forEach((v, k) => { s += v; c[k] = s / total; });
  c[c.length - 1] = 1;
  return c;
}

function runBatch(be: Backend, c: BatchCase): Outputs {
  const times = Float64Array.from({ length: c.nTimes }, (_, k) => 0.01 + (0.99 * k) / Math.max(c.nTimes - 1, 1));
  const x = be.f32From(seededNormals(c.seed, c.n * c.d, 2));
  const t = be.f32From(times), mus = be.f32From(times.map((s) => Math.exp(-s)));
  const sigmas = be.f32From(times.map((s) => Math.sqrt(-Math.expm1(-2 * s))));
  const cum = be.f64From(cumulative(c.weights()));
  const rng = be.f64(RNG_STATE_LENGTH), U = be.f32(c.B * (c.d + 1)), Z = be.f32(c.B * c.d);
  be.rngSeed(rng, c.seed + 1);
  be.diffusionBatchF32(x, c.n, c.d, t, mus, sigmas, cum, c.nTimes, c.B, rng, U, Z);
  return { U: snapshot(U), Z: snapshot(Z), rng: snapshot(rng) };
}

const batches: BatchCase[] = [
  { label: 'fig3 size d=2, n=10, 100 times, B=5000', n: 10, d: 2, nTimes: 100, B: 5000, seed: 1,
    weights: () => Float64Array.from({ length: 100 }, (_, k) => Math.sqrt(-Math.expm1(-2 * (0.01 + 0.01 * k)))) },
  { label: 'odd d=3, n=1, one time', n: 1, d: 3, nTimes: 1, B: 7, seed: 2, weights: () => new Float64Array([1]) },
  { label: 'zero-weight times never drawn, B=1', n: 5, d: 1, nTimes: 4, B: 1, seed: 3, weights: () => new Float64Array([0, 1, 0, 2]) },
  { label: 'uneven weights, d=10', n: 20, d: 10, nTimes: 37, B: 33, seed: 4, weights: () => seededUniforms(5, 37) },
];

interface LossCase { label: string; dIn: number; m: number; dOut: number; rows: number; params: () => Float64Array }

function runLoss(be: Backend, c: LossCase): Outputs {
  const params = be.f32From(c.params());
  const U = be.f32From(seededNormals(20, c.rows * c.dIn)), Z = be.f32From(seededNormals(21, c.rows * c.dOut));
  const grad = be.f32From(new Float64Array(c.m * (c.dIn + 1 + c.dOut)).fill(NaN));
  const scratch = be.f32(scratchLength.denoiseLossGradF32(c.dIn, c.m, c.dOut));
  const loss = be.denoiseLossGradF32(params, c.dIn, c.m, c.dOut, U, Z, c.rows, grad, scratch);
  return { loss, grad: snapshot(grad) };
}

const losses: LossCase[] = [
  { label: 'fig3 model dIn=3, dOut=2, m=1000, 500 rows (one chunk)', dIn: 3, m: 1000, dOut: 2, rows: 500,
    params: () => experimentParams(30, 3, 1000, 2) },
  { label: 'm=13, rows=17 (row block + 1)', dIn: 3, m: 13, dOut: 2, rows: 17, params: () => gaussianParams(31, 3, 13, 2) },
  { label: 'm=1, rows=1, dIn=2, dOut=1', dIn: 2, m: 1, dOut: 1, rows: 1, params: () => gaussianParams(32, 2, 1, 1) },
  { label: 'd=10 time-conditioned (dIn=11), m=64, rows=40', dIn: 11, m: 64, dOut: 10, rows: 40, params: () => experimentParams(33, 11, 64, 10) },
];

export const cases: ParityCase[] = [
  ...batches.map((c): ParityCase => ({ kernel: 'diffusionBatchF32', label: c.label, tol: { default: 0 }, run: (be) => runBatch(be, c) })),
  ...losses.map((c): ParityCase => ({ kernel: 'denoiseLossGradF32', label: c.label, tol: { default: 0 }, run: (be) => runLoss(be, c) })),
];
