// Sharpness of the SAMPLED loss (SPEC §1, estimator `sampled`): the signed λ_max of the
// Hessian of L(θ) = (1/N) Σ_k ||s_θ(Y_k) + Z_k/σ||² on a fixed noise sample, by Lanczos on the
// kernel sampledHessianVector (exact R-op, no kink terms: ReLU'' = 0, as autograd and the
// authors' notebooks). For a finite sample this is E_sample[∇² loss]; as the sample grows it
// tends to the exact Hessian of R_n MINUS its kink part (in 1-D: hessianExact − kinkPart1d).
// Also the notebook's variant (SPEC §5 item 5): |λ| from 20 power iterations on the loss
// evaluated at the fixed grid Z ∈ linspace(-2, 2, 500) for every training point.
import type { Backend, F64 } from '../backend/contract.js';
import { RNG_STATE_LENGTH, scratchLength } from '../backend/contract.js';
import { Xoshiro, rngSeed } from '../backend/ts/rng.js';
import type { Dataset } from '../model/dataset.js';
import { InputError } from '../model/errors.js';
import type { Net } from '../model/net.js';
import { integer, noiseLevel, seed as checkSeed } from '../model/validate.js';
import { extremeEigenvalues, type SymmetricOperator } from './lanczos.js';
import { stabilityBound } from './sharpness.js';

export interface NoiseOptions { mu: number; sigma: number }

/** A fixed sample: rows Y (N × d) and offsets R = Z/σ (N × d) in backend memory. */
export interface LossSample { Y: F64; R: F64; N: number; d: number; free(): void }

/** Rows from given noises Z (per training point i, `perPoint` rows of d): Y = μ x_i + σ Z, R = Z/σ. */
function sampleFromNoise(be: Backend, data: Dataset, noise: NoiseOptions, z: Float64Array, perPoint: number): LossSample {
  const { mu, sigma } = noiseLevel(noise?.mu, noise?.sigma);
  const d = data.d, n = data.n, N = n * perPoint;
  const Y = be.f64(N * d), R = be.f64(N * d);
  const x = data.x.view(), y = Y.view(), r = R.view();
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < perPoint; k++) {
      const row = (i * perPoint + k) * d;
      for (let c = 0; c < d; c++) {
        const zc = z[row + c];
        y[row + c] = mu * x[i * d + c] + sigma * zc;
        r[row + c] = zc / sigma;
      }
    }
  }
  return { Y, R, N, d, free: () => { Y.free(); R.free(); } };
}

/** `draws` standard-normal noises per training point from the backend generator seeded with
 *  `seed` (consumed in row order: point i, draw k, coordinate c). */
export function drawSample(data: Dataset, noise: NoiseOptions, draws: number, seed: number): LossSample {
  const be = data.backend;
  const N = data.n * integer('draws', draws, 1);
  const rng = be.f64(RNG_STATE_LENGTH), z = be.f64(N * data.d);
  try {
    be.rngSeed(rng, checkSeed('seed', seed));
    be.rngNormals(rng, z, N * data.d);
    return sampleFromNoise(be, data, noise, z.view(), draws);
  } finally { rng.free(); z.free(); }
}

/** The notebook's quadrature grid: Z = linspace(-2, 2, points) for every training point (1-D). */
export function gridSample(data: Dataset, noise: NoiseOptions, points = 500): LossSample {
  if (data.d !== 1) throw new InputError('x', 'a non-empty array of finite numbers (1-D data)', `points of dimension ${data.d}`);
  const z = new Float64Array(data.n * points);
  for (let i = 0; i < data.n; i++) for (let k = 0; k < points; k++) z[i * points + k] = -2 + (4 * k) / (points - 1);
  return sampleFromNoise(data.backend, data, noise, z, points);
}

/** v ↦ ∇²L v (all parameters, contract layout) on a fixed sample. Buffers allocated once; free(). */
export function sampledHessianOperator(net: Net, sample: LossSample): SymmetricOperator & { free(): void } {
  const be = net.backend, { dIn, m, dOut } = net.shape, d = sample.d;
  if (dIn !== d || dOut !== d) {
    throw new InputError('model', `a network with input and output dimension ${d} (the data's)`, `dIn = ${dIn}, dOut = ${dOut}`);
  }
  const size = net.size;
  const vb = be.f64(size), hv = be.f64(size), scratch = be.f64(scratchLength.sampledHessianVector(d, m));
  return {
    size,
    apply(v: Float64Array, out: Float64Array): void {
      vb.view().set(v);
      be.sampledHessianVector(net.params, d, m, sample.Y, sample.R, sample.N, vb, hv, scratch);
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

/** Sampled sharpness: `draws` noises per training point from `seed`, Lanczos to relative 1e-8
 *  on λ_max (λ_min only to 1e-3: it sits in a cluster near 0), at most 300 products. */
export function sharpnessSampled(net: Net, data: Dataset, noise: NoiseOptions,
  opts: { draws: number; seed: number; eta?: number; maxIterations?: number }): SampledSharpness {
  const bound = opts.eta === undefined ? null : stabilityBound(net.shape.m, opts.eta);
  const sample = drawSample(data, noise, opts.draws, opts.seed);
  const op = sampledHessianOperator(net, sample);
  try {
    const r = extremeEigenvalues(net.backend, op, { tol: 1e-8, tolMin: 1e-3, maxIterations: opts.maxIterations ?? 300 });
    return {
      value: r.lambdaMax, lambdaMin: r.lambdaMin, stabilityBound: bound, iterations: r.iterations,
      converged: r.converged, estimator: 'sampled', draws: opts.draws, seed: opts.seed,
    };
  } finally { op.free(); sample.free(); }
}

/** The notebook's sharpness (SPEC §5 item 5): |λ| after `iterations` power iterations
 *  (v ← Hv/||Hv||, λ = vᵀHv) of the grid-loss Hessian, all parameters, no kink terms; the
 *  start vector is standard normal from `seed`. Not signed, and not converged in general. */
export function sharpnessNotebook(net: Net, data: Dataset, noise: NoiseOptions,
  opts: { iterations?: number; points?: number; seed?: number } = {}): number {
  const its = integer('iterations', opts.iterations ?? 20, 1);
  const sample = gridSample(data, noise, opts.points ?? 500);
  const op = sampledHessianOperator(net, sample);
  try {
    const P = op.size, v = new Float64Array(P), w = new Float64Array(P);
    const state = new Float64Array(6);
    rngSeed(state, opts.seed ?? 1);
    const g = new Xoshiro(state);
    for (let i = 0; i < P; i++) v[i] = g.normal();
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
