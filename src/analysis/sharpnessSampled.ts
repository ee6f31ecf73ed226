// Sharpness of the SAMPLED loss (SPEC §1, estimator `sampled`): the signed λ_max of the
// Hessian of L(θ) = (1/N) Σ_k ||s_θ(Y_k) + Z_k/σ||² on a fixed noise sample (the score loss of
// denoisingLoss.ts, `draws` rows per point), by Lanczos on the kernel sampledHessianVector
// (exact R-op, no kink terms: ReLU'' = 0, as autograd and the authors' notebooks). For a finite sample this is E_sample[∇² loss]; as the sample grows it
// tends to the exact Hessian of R_n MINUS its kink part (in 1-D: hessianExact − kinkPart1d).
// Also the notebook's variant (SPEC §5 item 5): |λ| from 20 power iterations on the loss
// evaluated at the fixed grid Z ∈ linspace(-2, 2, 500) for every training point.
import { scratchLength } from '../backend/contract.js';
import type { Dataset } from '../model/dataset.js';
import { InputError } from '../model/errors.js';
import type { Net } from '../model/net.js';
import { integer, oneOf, seed as checkSeed } from '../model/validate.js';
import { checkShape, drawLossSample, lossSampleFromNoise, scoreLoss, type DenoisingLoss, type LossSample } from './denoisingLoss.js';
import { addKinkProduct, kinkBlocks } from './kinkTerms.js';
import { extremeEigenvalues, standardNormals, type SymmetricOperator } from './lanczos.js';
import { stabilityBound } from './sharpness.js';

export interface NoiseOptions { mu: number; sigma: number }

/** The notebook's quadrature grid: Z = linspace(-2, 2, points) for every training point (1-D). */
export function gridSample(data: Dataset, noise: NoiseOptions, points = 500): LossSample {
  if (data.d !== 1) throw new InputError('x', 'a non-empty array of finite numbers (1-D data)', `points of dimension ${data.d}`);
  const loss = scoreLoss(data, noise?.mu, noise?.sigma);
  const z = new Float64Array(data.n * points);
  for (let i = 0; i < data.n; i++) for (let k = 0; k < points; k++) z[i * points + k] = -2 + (4 * k) / (points - 1);
  return lossSampleFromNoise(data.backend, loss, points, z, null);
}

/** v ↦ ∇²L̂ v (all parameters, contract layout) on a fixed sample, no kink terms. Buffers
 *  allocated once; free(). */
export function sampledHessianOperator(net: Net, sample: LossSample): SymmetricOperator & { free(): void } {
  checkShape(net, sample);
  const be = net.backend, { dIn, m, dOut } = net.shape;
  const size = net.size;
  const vb = be.f64(size), hv = be.f64(size), scratch = be.f64(scratchLength.sampledHessianVector(dIn, m, dOut));
  return {
    size,
    apply(v: Float64Array, out: Float64Array): void {
      vb.view().set(v);
      be.sampledHessianVector(net.params, dIn, m, dOut, sample.U, sample.T, sample.N, vb, hv, scratch);
      out.set(hv.view());
    },
    free(): void { vb.free(); hv.free(); scratch.free(); },
  };
}

export interface SampledSharpness {
  /** Signed λ_max of the sampled-loss Hessian (all parameters). */
  value: number;
  lambdaMin: number;
  stabilityBound: number | null;
  iterations: number;
  converged: boolean;
  estimator: 'sampled';
  draws: number;
  seed: number;
}

export type DenoisingEstimator = 'sampled' | 'withKinks';
export const DENOISING_ESTIMATORS: readonly DenoisingEstimator[] = ['sampled', 'withKinks'];

export interface DenoisingSharpness {
  /** Signed λ_max of the estimated Hessian (all parameters). */
  value: number;
  lambdaMin: number;
  stabilityBound: number | null;
  estimator: DenoisingEstimator;
  iterations: number;
  converged: boolean;
  draws: number;
  kinkDraws?: number;
  seed: number;
}

export interface DenoisingSharpnessOptions {
  estimator: DenoisingEstimator;
  /** Sample rows per training point (drawLossSample). */
  draws: number;
  /** Conditional draws per neuron for `withKinks` (default 64; kinkTerms.ts). */
  kinkDraws?: number;
  seed: number;
  eta?: number;
  maxIterations?: number;
}

/** Sharpness of a denoising loss (SPEC §1): `sampled` = the Hessian of the loss on a fixed
 *  sample of `draws` rows per point from `seed` (no kink terms); `withKinks` adds each neuron's
 *  kink block K_l (kinkTerms.ts, computed once, its draws from seed + 1 mod 2^53). Lanczos to
 *  relative 1e-8 on λ_max (λ_min only to 1e-3: it sits in a cluster near 0), at most 300
 *  products (maxIterations). */
export function sharpnessDenoising(net: Net, loss: DenoisingLoss, opts: DenoisingSharpnessOptions): DenoisingSharpness {
  const estimator = oneOf('estimator', opts?.estimator, DENOISING_ESTIMATORS);
  checkShape(net, loss);
  const seed = checkSeed('seed', opts.seed), draws = integer('draws', opts.draws, 1);
  const bound = opts.eta === undefined ? null : stabilityBound(net.shape.m, opts.eta);
  const kinkDraws = estimator === 'withKinks' ? integer('kinkDraws', opts.kinkDraws ?? 64, 1) : undefined;
  const kinks = kinkDraws === undefined ? null
    : kinkBlocks(net, loss, { kinkDraws, seed: seed === Number.MAX_SAFE_INTEGER ? 0 : seed + 1 });
  const sample = drawLossSample(net.backend, loss, draws, seed);
  const op = sampledHessianOperator(net, sample);
  const full: SymmetricOperator = kinks === null ? op
    : { size: op.size, apply: (v, out) => { op.apply(v, out); addKinkProduct(kinks, v, out); } };
  try {
    const r = extremeEigenvalues(net.backend, full, { tol: 1e-8, tolMin: 1e-3, maxIterations: opts.maxIterations ?? 300 });
    return {
      value: r.lambdaMax, lambdaMin: r.lambdaMin, stabilityBound: bound, estimator, iterations: r.iterations,
      converged: r.converged, draws, ...(kinkDraws === undefined ? {} : { kinkDraws }), seed,
    };
  } finally { op.free(); sample.free(); }
}

/** The `sampled` sharpness of the score loss at (mu, sigma) (sharpnessDenoising on scoreLoss). */
export function sharpnessSampled(net: Net, data: Dataset, noise: NoiseOptions,
  opts: { draws: number; seed: number; eta?: number; maxIterations?: number }): SampledSharpness {
  const r = sharpnessDenoising(net, scoreLoss(data, noise?.mu, noise?.sigma), { ...opts, estimator: 'sampled' });
  return { ...r, estimator: 'sampled' };
}

/** The notebook's sharpness (SPEC §5 item 5): |λ| after `iterations` power iterations
 *  (v ← Hv/||Hv||, λ = vᵀHv) of the grid-loss Hessian, all parameters, no kink terms; the
 *  start vector is standard normal from `seed`. Not signed, and not converged in general. */
export function sharpnessNotebook(net: Net, data: Dataset, noise: NoiseOptions,
  opts: { iterations?: number; points?: number; seed?: number } = {}): number {
  const its = integer('iterations', opts.iterations ?? 20, 1), seed = checkSeed('seed', opts.seed ?? 1);
  const sample = gridSample(data, noise, opts.points ?? 500);
  const op = sampledHessianOperator(net, sample);
  try {
    const P = op.size, v = standardNormals(net.backend, P, seed), w = new Float64Array(P);
    let lambda = 0;
    for (let it = 0; it < its; it++) {
      let nv = 0;
      for (let i = 0; i < P; i++) nv += v[i] * v[i];
      nv = Math.sqrt(nv);
      for (let i = 0; i < P; i++) v[i] /= nv;
      op.apply(v, w);
      lambda = 0;
      for (let i = 0; i < P; i++) lambda += v[i] * w[i];
      v.set(w);
    }
    return Math.abs(lambda);
  } finally { op.free(); sample.free(); }
}
