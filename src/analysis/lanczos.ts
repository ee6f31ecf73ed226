// Extreme eigenvalues of a symmetric operator known only through products v ↦ A v (Lanczos
// with full reorthogonalisation; Golub & Van Loan §10.1). Used for the sharpness: the signed
// largest eigenvalue of the loss Hessian, from exact Hessian–vector products.
import type { Backend } from '../backend/contract.js';
import { RNG_STATE_LENGTH } from '../backend/contract.js';
import { tridiagonalEigen } from './eigen.js';

export interface SymmetricOperator {
  readonly size: number;
  /** out ← A v (out and v never alias). */
  apply(v: Float64Array, out: Float64Array): void;
}

export interface ExtremeEigenvalues {
  lambdaMax: number;
  lambdaMin: number;
  /** Products A v used. */
  iterations: number;
  /** Residual norms r = ‖A y − θ y‖ of the two Ritz pairs: an eigenvalue lies within r of
   *  each Ritz value, and within r²/gap once the Ritz value is separated by `gap` from the
   *  rest of the spectrum (Kato–Temple; the gap taken from the other Ritz values). */
  residualMax: number;
  residualMin: number;
  /** The error bounds min(r, r²/gap) used for the stopping test. */
  errorMax: number;
  errorMin: number;
  converged: boolean;
}

export interface LanczosOptions {
  /** Stop when lambdaMax's error bound is <= tol · max(|lambdaMax|, |lambdaMin|). Default 1e-10. */
  tol?: number;
  /** ... and lambdaMin's is <= tolMin · max(|lambdaMax|, |lambdaMin|). Default `tol`. The
   *  smallest eigenvalue of a loss Hessian often sits in a cluster near 0 and converges far
   *  more slowly than the sharpness; a looser tolerance for it saves most of the products. */
  tolMin?: number;
  /** At most this many products (default min(size, 400)). */
  maxIterations?: number;
  /** Seed of the start vector (default 1): results are reproducible. */
  seed?: number;
}

/** Signed largest and smallest eigenvalues of `op`. Exact (an invariant subspace) when the
 *  Krylov space is exhausted; otherwise converged to the residual tolerance, or the best
 *  Ritz values after maxIterations with `converged: false`. */
export function extremeEigenvalues(backend: Backend, op: SymmetricOperator, opts: LanczosOptions = {}): ExtremeEigenvalues {
  const N = op.size;
  const tol = opts.tol ?? 1e-10;
  const tolMin = opts.tolMin ?? tol;
  const maxIt = Math.min(N, opts.maxIterations ?? 400);
  // The Lanczos vectors q_0..q_{maxIt-1} are the rows of Q, in backend memory, so that the
  // reorthogonalisation (the cost that grows with the iteration count) runs in the kernel.
  const Q = backend.f64(maxIt * N), w = backend.f64(N), h = backend.f64(maxIt);
  const alpha: number[] = [], beta: number[] = [];
  let result: ExtremeEigenvalues | undefined;
  let previous: ExtremeEigenvalues | undefined;
  try {
    const q0 = startVector(backend, N, opts.seed ?? 1); // allocates: draw before taking Q's view
    Q.view().set(q0);
    for (let j = 0; j < maxIt; j++) {
      op.apply(Q.view().subarray(j * N, (j + 1) * N), w.view());
      const q = Q.view().subarray(j * N, (j + 1) * N), wv = w.view(); // re-taken: apply may allocate
      const a = dot(q, wv);
      alpha.push(a);
      axpy(-a, q, wv);
      if (j > 0) axpy(-beta[j - 1], Q.view().subarray((j - 1) * N, j * N), wv);
      // Full reorthogonalisation against every Lanczos vector (classical Gram–Schmidt), repeated
      // only when it removed more than 1 − 1/√2 of w's norm (the DGKS criterion: then rounding
      // may have left components along Q, and "twice is enough").
      let b = Math.sqrt(dot(wv, wv));
      for (let pass = 0; pass < 2; pass++) {
        const before = b;
        backend.gramSchmidt(Q, j + 1, N, w, h);
        const wNow = w.view();
        b = Math.sqrt(dot(wNow, wNow));
        if (b > Math.SQRT1_2 * before) break;
      }
      beta.push(b);
      const exhausted = b <= 1e-14 * Math.max(...alpha.map(Math.abs)) || j === N - 1;
      if (exhausted || j < 4 || j % 5 === 4 || j === maxIt - 1) {
        result = ritz(alpha, beta, exhausted ? 0 : b, j + 1);
        // Converged: both error bounds small, and both Ritz values settled since the last check
        // (the r²/gap bound takes its gap from Ritz values, which can mislead in the first steps).
        const scale = Math.max(Math.abs(result.lambdaMax), Math.abs(result.lambdaMin));
        const eps = tol * scale, epsMin = tolMin * scale;
        const settled = previous !== undefined && Math.abs(result.lambdaMax - previous.lambdaMax) <= eps &&
          Math.abs(result.lambdaMin - previous.lambdaMin) <= epsMin;
        if (exhausted || (settled && result.errorMax <= eps && result.errorMin <= epsMin)) {
          result.converged = true;
          break;
        }
        previous = result;
      }
      if (j + 1 < maxIt) {
        const qv = Q.view(), wv2 = w.view();
        for (let i = 0; i < N; i++) qv[(j + 1) * N + i] = wv2[i] / b;
      }
    }
  } finally {
    Q.free(); w.free(); h.free();
  }
  return result!;
}

/** Ritz values of the k-step tridiagonal matrix, their residuals |β_k z_last| and error
 *  bounds min(r, r²/gap). */
function ritz(alpha: number[], beta: number[], bk: number, k: number): ExtremeEigenvalues {
  const { values, last } = tridiagonalEigen(alpha, beta, k);
  const order = Array.from(values.keys()).sort((a, b) => values[a] - values[b]);
  const iMin = order[0], iMax = order[k - 1];
  const rMax = Math.abs(bk * last[iMax]), rMin = Math.abs(bk * last[iMin]);
  const gapMax = k > 1 ? values[iMax] - values[order[k - 2]] : Infinity;
  const gapMin = k > 1 ? values[order[1]] - values[iMin] : Infinity;
  const bound = (r: number, gap: number): number => (Number.isFinite(gap) && gap > r ? Math.min(r, (r * r) / gap) : r);
  return {
    lambdaMax: values[iMax], lambdaMin: values[iMin], iterations: k,
    residualMax: rMax, residualMin: rMin, errorMax: bound(rMax, gapMax), errorMin: bound(rMin, gapMin), converged: false,
  };
}

/** N standard normals from `seed` (a fresh stream), drawn by the backend's rng kernels: the
 *  same numbers on both backends (test/parity/rng.cases.ts). */
export function standardNormals(be: Backend, N: number, seed: number): Float64Array {
  const state = be.f64(RNG_STATE_LENGTH), out = be.f64(N);
  try {
    be.rngSeed(state, seed);
    be.rngNormals(state, out, N);
    return out.view().slice();
  } finally { state.free(); out.free(); }
}

function startVector(be: Backend, N: number, seed: number): Float64Array {
  const v = standardNormals(be, N, seed);
  const norm = Math.sqrt(dot(v, v));
  for (let i = 0; i < N; i++) v[i] /= norm;
  return v;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function axpy(alpha: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < y.length; i++) y[i] += alpha * x[i];
}
