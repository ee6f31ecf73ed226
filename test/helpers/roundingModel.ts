// The rounding model that f32 training is held to (test/f32Bound.test.ts, bench/f32Compare.ts).
//
// Let θ_k be the f64 SGD iterates and θ̂_k the f32 ones, from the same f32-representable θ_0 and
// the same draws (the f32 kernels round the f64 stream's normals; indices are identical). One f32
// step is the f64 step from θ̂_k plus a local error e_k:
//   (i)  the new state is rounded to f32: each coordinate moves by at most ulp(θ_i)/2;
//   (ii) the update m·eta·g is formed with about W f32 operations per parameter (the batch sum,
//        B terms; the neuron sums, m; the input sum, d; a few more), each off by a relative u =
//        2^-24 at most, and the inputs x, z are rounded (first order: the same size);
// so, with independent mean-zero rounding errors (the probabilistic model of Higham & Mary,
// SIAM J. Sci. Comput. 41(5), 2019: a sum of W such errors grows like √W u, not W u),
//   E||e_k||² <= v_k := Σ_i (ulp(θ_k,i)/2)² + W u² ||θ_{k+1} − θ_k||²
// (half an ulp is the largest rounding error; its variance would be ulp²/12, so v_k is the
// model's worst case per error, root-sum-squared — a factor √3 above the mean-square).
// The errors travel through the step map Φ_k(θ) = θ − m·eta·∇L(θ), whose Lipschitz factor along
// the path is L_k = ||I − m·eta·H(θ_k)||₂ = max(|1 − m·eta·λ_max|, |1 − m·eta·λ_min|) (H the
// Hessian of the loss: exact in 1-D, the sampled loss's in d-D); with δ_k = θ̂_k − θ_k,
// δ_{k+1} = Φ_k(θ̂_k) − Φ_k(θ_k) + e_k, ||Φ_k(θ̂_k) − Φ_k(θ_k)|| <= L_k ||δ_k|| to first order, so
//   D_K := ||θ̂_K − θ_K||₂ <= B_K := sqrt( Σ_{k<K} (Π_{k<j<K} L_j)² v_k ).
// Where the model stops: an *activity flip* — a pre-activation w1·Y + b within rounding of 0, so
// that ReLU' differs between the two runs — is a discrete event (the gradient of that neuron
// jumps by about m·eta·|w2 c|); `minMargin` measures how close the batch came to one.
import { Xoshiro, rngSeed } from '../../src/backend/ts/rng.js';

export const U32 = 2 ** -24;

/** ulp(x) in binary32 (x representable in f32, x != 0), 0 for x = 0. */
export function ulp32(x: number): number {
  if (x === 0) return 0;
  const e = Math.floor(Math.log2(Math.abs(x)));
  return 2 ** (Math.max(e, -126) - 23);
}

/** v_k of the header at the new state `after`, with `before` the previous one. */
export function localVariance(before: ArrayLike<number>, after: ArrayLike<number>, W: number): number {
  let v = 0, step = 0;
  for (let i = 0; i < after.length; i++) {
    v += (ulp32(after[i]) / 2) ** 2;
    step += (after[i] - before[i]) ** 2;
  }
  return v + W * U32 * U32 * step;
}

/** B_K for each K in `at` (1-based step counts), from the per-step v_k and L_k. */
export function boundAt(v: number[], L: number[], at: number[]): number[] {
  const out: number[] = [];
  let acc = 0;
  for (let k = 0; k < Math.max(...at); k++) {
    acc = acc * L[k] ** 2 + v[k];
    if (at.includes(k + 1)) out.push(Math.sqrt(acc));
  }
  return out;
}

/** A replay of the training stream (train(): per step B uniforms → indices, then B·d normals). */
export class BatchReplay {
  private readonly g: Xoshiro;
  constructor(seed: number, private readonly x: ArrayLike<number>, private readonly n: number, private readonly d: number,
    private readonly B: number, private readonly mu: number, private readonly sigma: number) {
    const st = new Float64Array(6);
    rngSeed(st, seed);
    this.g = new Xoshiro(st);
  }

  /** The next step's batch points Y (B × d, f64). */
  next(): Float64Array {
    const { B, d, n } = this;
    const idx = Array.from({ length: B }, () => Math.min(Math.floor(n * this.g.uniform()), n - 1));
    const Y = new Float64Array(B * d);
    for (let q = 0; q < B * d; q++) {
      const b = Math.floor(q / d), k = q % d;
      Y[q] = this.mu * this.x[idx[b] * d + k] + this.sigma * this.g.normal();
    }
    return Y;
  }
}

/** min over batch rows b and neurons l of |w1_l·Y_b + b_l| (the distance of the batch to an activity flip). */
export function minMargin(params: ArrayLike<number>, d: number, m: number, Y: Float64Array): number {
  let min = Infinity;
  for (let b = 0; b < Y.length / d; b++) {
    for (let l = 0; l < m; l++) {
      let u = params[d * m + l];
      for (let k = 0; k < d; k++) u += params[k * m + l] * Y[b * d + k];
      min = Math.min(min, Math.abs(u));
    }
  }
  return min;
}
