// The 2-Wasserstein distance between sample sets (the paper's diffusion conclusions hold "with
// other bandwidths and with the Wasserstein distance"; Villani 2009, Def. 6.1):
//   W2²(μ, ν) = min over couplings γ of μ and ν of E_γ ||x − y||².
// - w2: exact, equal sizes. Between uniform empirical measures of n points each the optimal
//   coupling is a permutation (Birkhoff–von Neumann), so W2²(X, Y) = min_π (1/n) Σ_i ||x_i − y_π(i)||²,
//   a linear assignment solved by the kernel w2Assignment (Jonker–Volgenant: column reduction,
//   then shortest augmenting paths with potentials; O(n² d) costs, O(n³) worst case, n = 1000
//   at d = 2 in a fraction of a second). Error: optimal up to rounding; the duality gap
//   w2Squared − dualObjective (>= 0 up to rounding) certifies it, relative error ≲ n·eps.
// - slicedW2: for high d and any sizes (Rabin et al. 2011; Bonneel et al. 2015),
//   SW2²(X, Y) = mean over K directions θ_k ~ uniform on the unit sphere of W2²(θ_kᵀX, θ_kᵀY),
//   each 1-D W2² exact by the quantile (sorted) coupling, W2²(a, b) = ∫_0^1 (F_a⁻¹(t) − F_b⁻¹(t))² dt
//   (sizes na ≠ nb: the breakpoints i/na, j/nb merged in integer units of 1/(na·nb)).
//   The directions come from the project's rng (rngSeed(seed), K·d normals, each row normalised):
//   reproducible and identical on both backends. O(K (nx + ny)(d + log n)). Since projection on
//   a unit vector is 1-Lipschitz, each W2²(θᵀX, θᵀY) <= W2²(X, Y): SW2 <= W2 (any K); in d = 1
//   the directions are ±1 exactly and SW2 = W2. standardError is the Monte Carlo error of the
//   mean over directions (sd/√K), not a sampling error of X, Y.
// - gaussianW2Squared: the closed form between Gaussians (Dowson & Landau 1982; Olkin &
//   Pukelsheim 1982; Givens & Shortt 1984),
//   W2²(N(m1, S1), N(m2, S2)) = ||m1 − m2||² + tr(S1 + S2 − 2 (S1^{1/2} S2 S1^{1/2})^{1/2}),
//   with tr((S1^{1/2} S2 S1^{1/2})^{1/2}) = Σ_k √λ_k(Lᵀ S2 L), S1 = L Lᵀ (Cholesky; LᵀS2L has the
//   eigenvalues of S1 S2). Error: Jacobi eigenvalues to a few ulps of ‖LᵀS2L‖, so √λ is good to
//   ~√(eps‖LᵀS2L‖) absolute near a zero eigenvalue, to ~eps relative otherwise.
// The null level. The empirical W2 is biased upward: W2² is jointly convex, so by Jensen
// E W2²(X, Y) >= W2²(μ, ν) for X ~ μⁿ, Y ~ νⁿ; and |W2(X, Y) − W2(μ, ν)| <= W2(X, μ) + W2(Y, ν)
// (triangle inequality), where μ = E[the empirical measure of an independent X' ~ μⁿ], so by
// convexity of W2²(X, ·), E W2²(X, μ) <= E W2²(X, X'): each term is, in mean square, at most
// the null level — the same distance between two independent sets of one distribution at the
// same sizes, computed with the same API:
//   const nullLevel = w2(be, Xa, n, Xb, n, d).w2;   // Xa, Xb: two independent n-samples of μ
// (or slicedW2 with the same directions and seed). A generated set whose distance to a fresh
// sample of the target is within the null level shows no difference from it at this n.
import type { Backend, F64 } from '../backend/contract.js';
import { RNG_STATE_LENGTH, scratchLength } from '../backend/contract.js';
import { z } from 'zod';
import { InputError, describe } from '../model/errors.js';
import { integer, integerSchema, validate } from '../model/validate.js';
import { symmetricEigenvalues } from './eigen.js';

/** Largest n for the exact assignment: its dense cost matrix takes 8·n² bytes (800 MB here). */
export const MAX_ASSIGNMENT_SIZE = 10_000;
/** Directions of slicedW2 unless told. */
export const SLICED_DIRECTIONS = 100;

export interface W2Distance {
  /** W2(X, Y) = √w2Squared. */
  w2: number;
  /** min_π (1/n) Σ_i ||x_i − y_π(i)||². */
  w2Squared: number;
  /** (1/n)(Σ u_i + Σ v_j) of the final potentials: = w2Squared at the optimum, up to rounding. */
  dualObjective: number;
  /** The optimal assignment: x_i is coupled with y_matching[i]. */
  matching: Int32Array;
}

export interface SlicedW2Options {
  /** Number K of random directions (default SLICED_DIRECTIONS). */
  directions?: number;
  /** Seed of the directions' stream (default 0). */
  seed?: number;
}

export interface SlicedW2 {
  /** √sw2Squared. */
  sw2: number;
  /** Mean over the K directions of the 1-D W2² between the projections. */
  sw2Squared: number;
  /** sd/√K of the per-direction values (NaN when K = 1): the error of the mean over directions. */
  standardError: number;
  /** Per direction, the 1-D W2² (K values). */
  perDirection: Float64Array;
}

/** Check a sample set (rows × d) resident in `be`: long enough, every value finite. */
function checkSet(field: string, X: F64, rows: number, d: number, rowsName: string): Float64Array {
  if (X.length < rows * d) throw new InputError(field, `a buffer of at least ${rowsName}·d = ${rows * d} values`, `${X.length}`);
  const v = X.view();
  for (let k = 0; k < rows * d; k++) {
    if (!Number.isFinite(v[k])) throw new InputError(field, 'finite values', describe(v[k]), `${field}[${k}]`);
  }
  return v;
}

/** Exact W2 between X (nx × d) and Y (ny × d), both resident in `be`; nx = ny. */
export function w2(be: Backend, X: F64, nx: number, Y: F64, ny: number, d: number): W2Distance {
  integer('nx', nx, 1, MAX_ASSIGNMENT_SIZE);
  integer('ny', ny, 1);
  integer('d', d, 1);
  if (ny !== nx) {
    throw new InputError('ny', 'nx = ny (exact assignment needs equal sizes); use slicedW2 for unequal sizes', `${ny} (nx = ${nx})`);
  }
  checkSet('X', X, nx, d, 'nx');
  checkSet('Y', Y, ny, d, 'ny');
  const n = nx;
  const out = be.f64(2), matching = be.f64(n), scratch = be.f64(scratchLength.w2Assignment(n, d));
  try {
    be.w2Assignment(X, Y, n, d, out, matching, null, scratch);
    const [w2Squared, dualObjective] = out.view();
    // Unreachable with finite inputs (checked above); kept so that a NaN never passes as a distance.
    if (!Number.isFinite(w2Squared)) throw new Error(`w2: the assignment failed (W2² = ${w2Squared})`);
    return { w2: Math.sqrt(w2Squared), w2Squared, dualObjective, matching: Int32Array.from(matching.view()) };
  } finally {
    for (const b of [out, matching, scratch]) b.free();
  }
}

const slicedOptions = z.strictObject({
  directions: integerSchema(1, 1_000_000).optional(),
  seed: integerSchema(0).optional(),
});

/** K unit directions (K × d, row-major): K·d normals from rngSeed(seed), each row normalised
 *  (a zero row — probability 0 — becomes e_1). */
export function sliceDirections(be: Backend, K: number, d: number, seed: number): Float64Array {
  const state = be.f64(RNG_STATE_LENGTH), g = be.f64(K * d);
  try {
    be.rngSeed(state, seed);
    be.rngNormals(state, g, K * d);
    const dirs = g.view().slice();
    for (let k = 0; k < K; k++) {
      let s = 0;
      for (let c = 0; c < d; c++) s += dirs[k * d + c] * dirs[k * d + c];
      const r = Math.sqrt(s);
      for (let c = 0; c < d; c++) dirs[k * d + c] = r > 0 ? dirs[k * d + c] / r : c === 0 ? 1 : 0;
    }
    return dirs;
  } finally {
    state.free();
    g.free();
  }
}

/** Sliced W2 between X (nx × d) and Y (ny × d), both resident in `be`; any sizes. */
export function slicedW2(be: Backend, X: F64, nx: number, Y: F64, ny: number, d: number,
  options: SlicedW2Options = {}): SlicedW2 {
  integer('nx', nx, 1);
  integer('ny', ny, 1);
  integer('d', d, 1);
  const { directions: K = SLICED_DIRECTIONS, seed = 0 } = validate(slicedOptions, options);
  const x = checkSet('X', X, nx, d, 'nx').slice(0, nx * d), y = checkSet('Y', Y, ny, d, 'ny').slice(0, ny * d);
  const dirs = sliceDirections(be, K, d, seed);
  const px = new Float64Array(nx), py = new Float64Array(ny), perDirection = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    project(x, nx, d, dirs, k * d, px);
    project(y, ny, d, dirs, k * d, py);
    perDirection[k] = w2Squared1dSorted(px.sort(), py.sort());
  }
  let mean = 0;
  for (const v of perDirection) mean += v;
  mean /= K;
  let ss = 0;
  for (const v of perDirection) ss += (v - mean) * (v - mean);
  const standardError = K > 1 ? Math.sqrt(ss / (K - 1) / K) : NaN;
  return { sw2: Math.sqrt(mean), sw2Squared: mean, standardError, perDirection };
}

/** out[i] ← Σ_c θ_c x_ic for the direction at dirs[off .. off + d). */
function project(x: Float64Array, n: number, d: number, dirs: Float64Array, off: number, out: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let c = 0; c < d; c++) s += dirs[off + c] * x[i * d + c];
    out[i] = s;
  }
}

/** Exact W2² between the 1-D empirical measures of sorted a and sorted b (any sizes): the
 *  quantile coupling. Equal sizes: (1/n) Σ_i (a_i − b_i)². Otherwise a_i holds [i·nb, (i+1)·nb)
 *  and b_j holds [j·na, (j+1)·na) in units of 1/(na·nb), integers (exact for na·nb < 2^53). */
export function w2Squared1dSorted(a: Float64Array, b: Float64Array): number {
  const na = a.length, nb = b.length;
  if (na === 0 || nb === 0) throw new InputError(na === 0 ? 'a' : 'b', 'a non-empty sorted array', 'an empty array');
  let s = 0;
  if (na === nb) {
    for (let i = 0; i < na; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
    return s / na;
  }
  let i = 0, j = 0, t = 0;
  while (i < na && j < nb) {
    const ea = (i + 1) * nb, eb = (j + 1) * na, e = Math.min(ea, eb);
    const diff = a[i] - b[j];
    s += (e - t) * (diff * diff);
    t = e;
    if (ea === e) i++;
    if (eb === e) j++;
  }
  return s / (na * nb);
}

/** W2² between N(m1, S1) and N(m2, S2) in closed form (header); S1 symmetric positive definite,
 *  S2 symmetric positive semi-definite, both d × d row-major. */
export function gaussianW2Squared(m1: ArrayLike<number>, S1: ArrayLike<number>, m2: ArrayLike<number>,
  S2: ArrayLike<number>): number {
  const d = m1.length;
  if (d < 1) throw new InputError('m1', 'a non-empty mean vector', 'an empty array');
  if (m2.length !== d) throw new InputError('m2', `a mean vector of length ${d} (that of m1)`, `length ${m2.length}`);
  for (const [name, S] of [['S1', S1], ['S2', S2]] as const) {
    if (S.length !== d * d) throw new InputError(name, `a ${d} × ${d} row-major matrix (${d * d} values)`, `${S.length} values`);
    let scale = 0;
    for (let k = 0; k < d * d; k++) scale = Math.max(scale, Math.abs(S[k]));
    for (let r = 0; r < d; r++) for (let c = 0; c < r; c++) {
      if (!(Math.abs(S[r * d + c] - S[c * d + r]) <= 1e-12 * scale)) {
        const got = `${describe(S[r * d + c])} ≠ ${describe(S[c * d + r])}`;
        throw new InputError(name, 'a symmetric matrix of finite values', got, `${name}[${r}][${c}]`);
      }
    }
  }
  const L = cholesky(S1, d);
  // A = Lᵀ S2 L (symmetric, the eigenvalues of S1 S2).
  const T = new Float64Array(d * d), A = new Float64Array(d * d);
  for (let r = 0; r < d; r++) for (let c = 0; c < d; c++) {
    let s = 0;
    for (let k = 0; k < d; k++) s += S2[r * d + k] * L[k * d + c];
    T[r * d + c] = s; // S2 L
  }
  for (let r = 0; r < d; r++) for (let c = 0; c <= r; c++) {
    let s = 0;
    for (let k = 0; k < d; k++) s += L[k * d + r] * T[k * d + c];
    A[r * d + c] = s;
    A[c * d + r] = s;
  }
  let cross = 0;
  for (const lambda of symmetricEigenvalues(A, d)) cross += Math.sqrt(Math.max(lambda, 0));
  let mean = 0, trace = 0;
  for (let k = 0; k < d; k++) {
    mean += (m1[k] - m2[k]) * (m1[k] - m2[k]);
    trace += S1[k * d + k] + S2[k * d + k];
  }
  return mean + Math.max(trace - 2 * cross, 0);
}

/** Lower-triangular L with S = L Lᵀ (S symmetric positive definite, else an InputError on S1). */
function cholesky(S: ArrayLike<number>, d: number): Float64Array {
  const L = new Float64Array(d * d);
  for (let j = 0; j < d; j++) {
    let s = S[j * d + j];
    for (let k = 0; k < j; k++) s -= L[j * d + k] * L[j * d + k];
    if (!(s > 0)) throw new InputError('S1', 'a symmetric positive definite matrix', `a pivot ${describe(s)} at row ${j}`);
    L[j * d + j] = Math.sqrt(s);
    for (let i = j + 1; i < d; i++) {
      let t = S[i * d + j];
      for (let k = 0; k < j; k++) t -= L[i * d + k] * L[j * d + k];
      L[i * d + j] = t / L[j * d + j];
    }
  }
  return L;
}
