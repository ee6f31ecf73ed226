// The Backend contract: every kernel's name, typed inputs and outputs, in one place (the f32
// kernels of issue 14 in ./contractF32.ts, which Kernels extends).
//
// A kernel exists twice with the same name and signature: assembly/kernels/<file>.ts (Wasm,
// SIMD) and src/backend/ts/<file>.ts (pure TypeScript). Kernel functions take buffers and
// scalars; the two backends below are thin adaptors that hand a kernel Wasm pointers or
// Float64Array (Float32Array) views of the same `F64` (`F32`) handles. The compiler holds both to this file: the TS
// twins (src/backend/ts/kernels.ts) against TwinSignature, the Wasm exports (typed by the
// declarations asc writes to build/bigstep.d.ts) against WasmSignature, and both adaptors
// against Kernels. test/parity.test.ts walks KERNEL_NAMES, so a kernel without parity cases
// fails a test.
//
// Parameter layout of a two-layer network (width m, input dIn, output dOut), "neuron-major"
// so that the inner loops run over neurons l = 0..m-1 with f64x2 lanes:
//   params = [ w1 (dIn × m): w1[k*m + l] | b (m): b[l] | w2 (dOut × m): w2[j*m + l] ]
//   s_theta(y)_j = (1/m) Σ_l w2[j*m+l] · relu(Σ_k w1[k*m+l] y_k + b[l])
// so P = m (dIn + 1 + dOut); in 1-D this is the order "w1,b,w2" of SPEC §3's Hessian.
// Matrices of points (data x, inputs y, batches X) are row-major: x[i*d + k].

import type { KernelsF32 } from './contractF32.js';

export type BackendName = 'wasm' | 'ts';

/** A Float64 array owned by a backend. In the Wasm backend it lives in linear memory at a
 *  16-byte-aligned offset; `view()` always returns a live view (re-taken if memory grew), so
 *  never keep a view across a kernel call that can allocate — call `view()` again. */
export interface F64 {
  readonly length: number;
  view(): Float64Array;
  /** Release the memory; the handle must not be used afterwards. */
  free(): void;
}

/** A Float32 array owned by a backend: the buffers of f32 training (issue 14). Same ownership
 *  rules as F64 — 16-byte aligned in Wasm memory, `view()` re-taken after any call that can
 *  allocate (memory growth detaches old views), `free()` once by whoever allocated it. */
export interface F32 {
  readonly length: number;
  view(): Float32Array;
  /** Release the memory; the handle must not be used afterwards. */
  free(): void;
}

/** Arithmetic of training and sampling: 'f64' (f64x2 kernels, the default) or 'f32' (f32x4
 *  kernels, the authors' JAX float32). Analysis is always f64. */
export type Precision = 'f64' | 'f32';
export const PRECISIONS: readonly Precision[] = ['f64', 'f32'];

/** Slots of a generator state buffer (xoshiro256** words, cached normal, its flag). */
export const RNG_STATE_LENGTH = 6;

/** The kernels. `null` for an optional output buffer means "do not compute it".
 *  Preconditions (validated above this layer, in src/model/validate.ts, never in a kernel):
 *  n, m, B >= 1, sigma > 0, buffers at least as long as stated; output buffers never overlap
 *  inputs (sStarNd, for one, builds its mean in the value rows as it goes). */
export interface Kernels extends KernelsF32 {
  /** Seed the generator in `state` (RNG_STATE_LENGTH slots) from an integer in [0, 2^53). */
  rngSeed(state: F64, seed: number): void;
  /** out[0..count) ← uniforms on [0, 1), continuing the stream in `state`. */
  rngUniforms(state: F64, out: F64, count: number): void;
  /** out[0..count) ← standard normals (polar method), continuing the stream in `state`. */
  rngNormals(state: F64, out: F64, count: number): void;

  /** 1-D empirical optimal score (6) at p points y: value s*(y), derivative (9) and second
   *  derivative, by log-sum-exp around the most likely data point. */
  sStar1d(x: F64, n: number, mu: number, sigma: number, y: F64, p: number,
    value: F64, derivative: F64 | null, secondDerivative: F64 | null): void;
  /** d-D empirical optimal score (6) at p points y (p × d): value (p × d) and Jacobian
   *  (p × d × d, row-major per point: J[a][c] = ∂s*_a/∂y_c). */
  sStarNd(x: F64, n: number, d: number, mu: number, sigma: number, y: F64, p: number,
    value: F64, jacobian: F64 | null): void;

  /** Batched forward pass: out (B × dOut) ← s_theta(X) for X (B × dIn).
   *  scratch: scratchLength.net(dIn, m, dOut). */
  netForward(params: F64, dIn: number, m: number, dOut: number, X: F64, B: number,
    out: F64, scratch: F64): void;
  /** Batched backward pass: grad (P) ← Σ_b J_theta(X_b)ᵀ gOut_b, the gradient of
   *  Σ_b <gOut_b, s_theta(X_b)> (overwritten, not accumulated). ReLU'(0) = 0.
   *  scratch: scratchLength.net(dIn, m, dOut). */
  netBackward(params: F64, dIn: number, m: number, dOut: number, X: F64, B: number,
    gOut: F64, grad: F64, scratch: F64): void;

  /** `epochs` SGD steps (SPEC §1) of the score-matching loss on data x (n × d) at noise
   *  (mu, sigma), network dIn = dOut = d; trainW1 = 0 keeps w1 fixed (theory model).
   *  losses (length epochs) receives each step's batch loss when given. Returns the number
   *  of steps completed: fewer than `epochs` means step (returned + 1) had a non-finite loss
   *  (written to losses[returned]) and was not applied. scratch: scratchLength.sgdDense(d, m, B). */
  sgdDense(params: F64, d: number, m: number, x: F64, n: number, mu: number, sigma: number,
    eta: number, B: number, epochs: number, trainW1: number, rng: F64,
    losses: F64 | null, scratch: F64): number;
  /** The same SGD in 1-D without a B × m loop: the batch is sorted, each neuron's kink is
   *  placed in one of the B + 1 gaps between batch points by an exact count, and every sum
   *  is a prefix or suffix sum over the gaps: O(m √B + B²) per step. Same draws and contract
   *  as sgdDense with d = 1 (agreement to rounding; test/sgd1d.test.ts).
   *  scratch: scratchLength.sgd1d(m, B). */
  sgd1d(params: F64, m: number, x: F64, n: number, mu: number, sigma: number,
    eta: number, B: number, epochs: number, trainW1: number, rng: F64,
    losses: F64 | null, scratch: F64): number;

  /** Monte Carlo excess risk (1/n) Σ_i E_{p_i} ||s_theta(Y) - s*(Y)||² with `draws` noises
   *  per data point: out[0] ← estimate, out[1] ← its standard error (stratified by point).
   *  scratch: scratchLength.excessRisk(d, m). */
  excessRiskMC(params: F64, d: number, m: number, x: F64, n: number, mu: number, sigma: number,
    draws: number, rng: F64, out: F64, scratch: F64): void;

  /** Exact 1-D risk R_n(s_theta) (eq. 5, closed-form Gaussian integrals between the sorted
   *  kinks); writes the gradient (3m, order w1, b, w2) into `grad` unless null.
   *  O(n m + m log m). scratch: scratchLength.exactRisk1d(m, n). */
  exactRisk1d(params: F64, m: number, x: F64, n: number, mu: number, sigma: number,
    grad: F64 | null, scratch: F64): number;
  /** Exact dense Hessian of R_n, 3m × 3m row-major, order w1, b, w2: Gauss–Newton, residual
   *  and kink parts (SPEC §1, sign of the kink term corrected). Exactly symmetric.
   *  O(n m + m²). scratch: scratchLength.hessian1d(m, n). */
  hessian1d(params: F64, m: number, x: F64, n: number, mu: number, sigma: number,
    H: F64, scratch: F64): void;
  /** Exact matrix-free Hessian–vector product Hv (3m) ← ∇²R_n v, same Hessian as hessian1d.
   *  O(n m + m log m); the scratch caches the moments of the last (params, x, mu, sigma), so
   *  repeated products at the same point cost O(m). scratch: scratchLength.hessianVector1d(m, n),
   *  kept between calls (zero-filled at first). */
  hessianVector1d(params: F64, m: number, x: F64, n: number, mu: number, sigma: number,
    v: F64, Hv: F64, scratch: F64): void;
  /** out[i] ← erfc(x[i]) for i < count (the erfc of the exact kernels; relative error < 1e-15
   *  where erfc(x) is a normal number). */
  erfcVector(x: F64, count: number, out: F64): void;

  /** One classical Gram–Schmidt pass for Lanczos' full reorthogonalisation:
   *  h[0..k) ← Qᵀ w, then w ← w − Q h, with Q the k × P row-major Lanczos vectors. */
  gramSchmidt(Q: F64, k: number, P: number, w: F64, h: F64): void;

  /** Hessian–vector product of a sampled denoising loss L(θ) = (1/N) Σ_k ||net_θ(U_k) − T_k||²
   *  (inputs U: N × dIn, targets T: N × dOut; src/analysis/denoisingLoss.ts builds them for the
   *  score and the diffusion model) WITHOUT kink terms (ReLU'' = 0: the estimator `sampled` of
   *  SPEC §1, autograd's exact R-op): Hv (m(dIn+1+dOut), overwritten) ←
   *  (2/N) Σ_k [J_kᵀ J_k v + Σ_j f_kj ∇²net_j(U_k) v]. O(N (dIn + dOut) m). ReLU'(0) = 0.
   *  scratch: scratchLength.sampledHessianVector(dIn, m, dOut). */
  sampledHessianVector(params: F64, dIn: number, m: number, dOut: number, U: F64, T: F64, N: number,
    v: F64, Hv: F64, scratch: F64): void;

  /** Draw a diffusion batch of B rows (time-conditioned model, SPEC §2 fig3) from data x (n × d)
   *  on a time grid (times, mus, sigmas, cumWeights: nTimes each; cumWeights nondecreasing,
   *  last = 1). Draw order per row b, in this order: one uniform → i = floor(n U) (clamped),
   *  one uniform → time index k by inverse CDF (smallest k with U < cumWeights[k]), d normals →
   *  z. Writes U row b (d + 1) = (times[k], mus[k]·x_i + sigmas[k]·z) and Z row b (d) = z. */
  diffusionBatch(x: F64, n: number, d: number, times: F64, mus: F64, sigmas: F64, cumWeights: F64,
    nTimes: number, B: number, rng: F64, U: F64, Z: F64): void;
  /** Fused forward + backward of the denoising loss on `rows` rows (U: rows × dIn, Z: rows × dOut):
   *  returns Σ_b ||s_theta(U_b) − Z_b||² and overwrites grad (P = m(dIn+1+dOut)) with its
   *  gradient. Equals netForward + netBackward(gOut = 2(s − Z)) bit for bit. ReLU'(0) = 0.
   *  scratch: scratchLength.denoiseLossGrad(dIn, m, dOut). */
  denoiseLossGrad(params: F64, dIn: number, m: number, dOut: number, U: F64, Z: F64, rows: number,
    grad: F64, scratch: F64): number;
  /** One Euler–Maruyama step of the backward OU SDE (SPEC §2 fig3/fig4):
   *  Y (N × d) ← Y + h (Y + 2·scoreScale·score) + √(2h) ξ, ξ: N·d normals row-major from rng;
   *  scoreScale = -1/sigma(t_k) for a network r_theta, 1 for s*. If U is given it receives
   *  rows (nextT, Y_new) (N × (d+1)), the next network input. */
  reverseSdeStep(Y: F64, N: number, d: number, h: number, score: F64, scoreScale: number,
    rng: F64, nextT: number, U: F64 | null): void;
  /** out (N × d) ← draws from N(x̄, Ĉ) fitted to x (n × d), Ĉ the unbiased covariance, as
   *  x̄ + (1/√(n-1)) Σ_i (x_i - x̄) g_i, g ~ N(0, I_n) (no factorisation; degenerate when
   *  n <= d, on the data's affine hull). n >= 2. Each row uses n normals of the stream. */
  gaussianFitSample(x: F64, n: number, d: number, N: number, rng: F64, out: F64): void;
  /** Unbiased MMD² with k(a,b) = exp(-||a-b||²/(2·bandwidth²)) between X (nx × d) and
   *  Y (ny × d): out[0] = kxx + kyy - 2 kxy, out[1..3] = kxx, kyy (means over i ≠ j), kxy
   *  (mean over all pairs). nx, ny >= 2. O((nx + ny)² d). */
  mmdUnbiased(X: F64, nx: number, Y: F64, ny: number, d: number, bandwidth: number, out: F64): void;
  /** Exact W2² between equal-size sets X, Y (n × d): min over permutations π of
   *  (1/n) Σ_i ||x_i − y_π(i)||², a dense linear assignment solved by Jonker–Volgenant (column
   *  reduction, shortest augmenting paths with potentials). out[0] ← W2², out[1] ← the dual
   *  objective (1/n)(Σu + Σv) (= out[0] at the optimum, up to rounding); matching (n) ← π(i)
   *  and potentials (2n) ← (u, v) when given. A non-finite cost gives out = (NaN, NaN).
   *  O(n² d + n³) worst case. scratch: scratchLength.w2Assignment(n, d). */
  w2Assignment(X: F64, Y: F64, n: number, d: number, out: F64, matching: F64 | null, potentials: F64 | null,
    scratch: F64): void;

  /** Benchmark probe: `iterations` rounds of register-only f64x2 multiply-adds on 12
   *  independent chains; returns a checksum (so nothing is optimised away). 48 flops/round. */
  peak(iterations: number): number;
}

export type KernelName = keyof Kernels;

export const KERNEL_NAMES: readonly KernelName[] = [
  'rngSeed', 'rngUniforms', 'rngNormals',
  'sStar1d', 'sStarNd',
  'netForward', 'netBackward', 'sgdDense', 'sgd1d',
  'excessRiskMC',
  'peak',
  'exactRisk1d', 'hessian1d', 'hessianVector1d', 'erfcVector',
  'gramSchmidt', 'sampledHessianVector',
  'diffusionBatch', 'denoiseLossGrad',
  'reverseSdeStep', 'gaussianFitSample', 'mmdUnbiased', 'w2Assignment',
  'netForwardF32', 'netBackwardF32', 'sgdDenseF32', 'sgd1dF32',
  'diffusionBatchF32', 'denoiseLossGradF32', 'reverseSdeStepF32', 'peakF32',
];

/** Kernels that share one file, by family name: assembly/kernels/<family>.ts and its twin
 *  src/backend/ts/<family>.ts. Every other kernel K lives alone in assembly/kernels/K.ts and
 *  src/backend/ts/K.ts (test/kernelFiles.test.ts holds both sides, the Wasm module's face and
 *  the parity case files to this rule). */
export const KERNEL_FAMILIES = {
  /** one xoshiro256** stream: seeding, uniforms, polar normals (and the generator the other kernels draw from) */
  rng: ['rngSeed', 'rngUniforms', 'rngNormals'],
  /** the batched two-layer ReLU network, forward and backward (and the blocks sgdDense and diffusion reuse) */
  reluNet: ['netForward', 'netBackward'],
  /** the time-conditioned model's training: a diffusion batch, and its fused loss + gradient */
  diffusion: ['diffusionBatch', 'denoiseLossGrad'],
  /** reluNet in f32 (f32x4 blocks: netBlocksF32.ts) */
  reluNetF32: ['netForwardF32', 'netBackwardF32'],
  /** diffusion in f32 */
  diffusionF32: ['diffusionBatchF32', 'denoiseLossGradF32'],
} as const satisfies Record<string, readonly KernelName[]>;

/** Rows per block in the network kernels (their scratch does not grow with the batch);
 *  must equal ROW_BLOCK in assembly/kernels/reluNet.ts (test/parity/reluNet.cases.ts runs
 *  B = 33 > 2 blocks, which a mismatch would break). */
export const NET_ROW_BLOCK = 16;

/** Draws per chunk in excessRiskMC (both backends process draws in chunks of this size). */
export const EXCESS_RISK_CHUNK = 256;

/** Padded parameters and gradient, then h, δ, (y, 1), c, s of NET_ROW_BLOCK rows
 *  (assembly/kernels/reluNet.ts netLayout); m padded to a multiple of 8. */
const netScratch = (dIn: number, m: number, dOut: number): number => {
  const mPad = Math.ceil(m / 8) * 8;
  return 2 * (dIn + 1 + dOut) * mPad + 2 * NET_ROW_BLOCK * mPad + NET_ROW_BLOCK * (dIn + 1 + 2 * dOut);
};

/** The f32 network's scratch (f32 slots, assembly/kernels/reluNetF32.ts netLayout32): padded
 *  parameters and gradient, h and δ of NET_ROW_BLOCK rows with m padded to a multiple of 16
 *  (one group = four f32x4), then (y, 1), c, s of the row block. */
const netScratchF32 = (dIn: number, m: number, dOut: number): number => {
  const mPad = Math.ceil(m / 16) * 16;
  return 2 * (dIn + 1 + dOut) * mPad + 2 * NET_ROW_BLOCK * mPad + NET_ROW_BLOCK * (dIn + 1 + 2 * dOut);
};

/** Scratch lengths (in f64 slots; the F32 kernels' in f32 slots) the kernels expect; shared by both backends. */
const even = (k: number): number => k + (k & 1);
/** The core of the exact 1-D kernels (assembly/kernels/exact1dCore.ts, coreLayout). */
const exact1dCore = (m: number, n: number): number => 2 + 7 * even(m) + 7 * even(m + 1) + 7 * even(m + 2) + 8 * even(n);
export const scratchLength = {
  net: netScratch,
  /** The network's scratch (dIn = dOut = d), then the batch noise z (B·d) and indices (B). */
  sgdDense: (d: number, m: number, B: number): number => netScratch(d, m, d) + B * d + 1 + B,
  sgd1d: (m: number, B: number): number => 4 * m + 22 * B + 96,
  /** The chunk's points, network values and s* values (3·CHUNK·d), then the network's scratch. */
  excessRisk: (d: number, m: number): number => 3 * EXCESS_RISK_CHUNK * d + netScratch(d, m, d),
  exactRisk1d: (m: number, n: number): number => exact1dCore(m, n),
  hessian1d: (m: number, n: number): number => exact1dCore(m, n) + 6 * even(m + 2) + 12 * even(m),
  hessianVector1d: (m: number, n: number): number =>
    even(8 + 3 * m + n) + exact1dCore(m, n) + 2 * even(m + 1) + 2 * even(m),
  /** h, dh of a pair of rows (even(m) each), then f, g of each (even(dOut) each); dIn unused. */
  sampledHessianVector: (dIn: number, m: number, dOut: number): number => 4 * even(m) + 4 * even(dOut),
  /** The network's scratch (assembly/kernels/diffusion.ts uses reluNet.ts's netLayout). */
  denoiseLossGrad: (dIn: number, m: number, dOut: number): number => netScratch(dIn, m, dOut),
  /** The cost matrix (n·n), centred Yᵀ (d·n), the means x̄, ȳ and a centred row (d each), seven
   *  blocks of n f64 (u, v, working v, path lengths, final lengths, path, free mask), then four
   *  i32 arrays of n (assembly/kernels/w2Assignment.ts); every block even. The 8·n² bytes of the
   *  cost matrix dominate. */
  w2Assignment: (n: number, d: number): number =>
    even(n * n) + even(n * d) + 3 * even(d) + 7 * even(n) + 4 * even((n + 1) >> 1),
  /** f32 slots. */
  netF32: netScratchF32,
  /** f32 slots: the f32 network's scratch, then z (B·d, rounded up to a multiple of 4) and the indices (B). */
  sgdDenseF32: (d: number, m: number, B: number): number => netScratchF32(d, m, d) + Math.ceil((B * d) / 4) * 4 + B,
  /** f32 slots (assembly/kernels/sgd1dF32.ts layout). */
  sgd1dF32: (m: number, B: number): number => 4 * m + 22 * B + 224,
  /** f32 slots. */
  denoiseLossGradF32: (dIn: number, m: number, dOut: number): number => netScratchF32(dIn, m, dOut),
};

/** A kernel's parameter as its pure-TypeScript twin takes it: a buffer handle becomes the
 *  typed array behind it (`F64 | null` → `Float64Array | null`, F32 → Float32Array), scalars
 *  stay as they are. */
export type TwinArg<A> = A extends F64 ? Float64Array : A extends F32 ? Float32Array : A;
/** A kernel's parameter as its Wasm export takes it: a buffer handle becomes its byte offset in
 *  linear memory and `null` the offset 0 (AssemblyScript `usize`); scalars stay as they are. */
export type WasmArg<A> = A extends F64 | F32 | null ? number : A;

/** The signature of kernel K's TypeScript twin, derived from the contract: same parameters in
 *  the same order with F64 → Float64Array, same result. */
export type TwinSignature<K extends KernelName> = Kernels[K] extends (...args: infer P) => infer R
  ? (...args: { [I in keyof P]: TwinArg<P[I]> }) => R : never;
/** The signature of kernel K's Wasm export, derived from the contract (F64 → pointer). */
export type WasmSignature<K extends KernelName> = Kernels[K] extends (...args: infer P) => infer R
  ? (...args: { [I in keyof P]: WasmArg<P[I]> }) => R : never;

/** Every twin by kernel name; src/backend/ts/kernels.ts is checked against it (`satisfies`
 *  plus SameSignature: no missing or extra parameter, no changed parameter or result type). */
export type Twins = { [K in KernelName]: TwinSignature<K> };

/** true when F and G are the same function type (parameters and result, arity included;
 *  plain assignability would let a twin drop trailing parameters). */
export type SameSignature<F, G> =
  (<T>() => T extends F ? 1 : 2) extends (<T>() => T extends G ? 1 : 2) ? true : false;

export interface Backend extends Kernels {
  readonly name: BackendName;
  /** A zero-filled buffer of `length` f64 (16-byte aligned in Wasm). */
  f64(length: number): F64;
  /** A buffer holding a copy of `values`. */
  f64From(values: ArrayLike<number>): F64;
  /** A zero-filled buffer of `length` f32 (16-byte aligned in Wasm). */
  f32(length: number): F32;
  /** A buffer holding `values` rounded to f32 (round to nearest even, as Math.fround). */
  f32From(values: ArrayLike<number>): F32;
}
