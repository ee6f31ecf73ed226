// Lanczos against the dense Jacobi solver and against matrices with known spectra.
import { describe, expect, it } from 'vitest';
import { symmetricEigenvalues, tridiagonalEigen } from '../src/analysis/eigen.js';
import { extremeEigenvalues, type SymmetricOperator } from '../src/analysis/lanczos.js';
import { BACKENDS, seededNormals } from './helpers/parity.js';

/** Q diag(lambda) Qᵀ with Q a product of 3 random Householder reflections (exact spectrum). */
function withSpectrum(lambda: number[], seed: number): Float64Array {
  const N = lambda.length;
  const A = new Float64Array(N * N);
  for (let i = 0; i < N; i++) A[i * N + i] = lambda[i];
  for (let r = 0; r < 3; r++) {
    const v = seededNormals(seed + r, N);
    const vv = v.reduce((s, x) => s + x * x, 0);
    // A ← H A H, H = I − 2 v vᵀ / (vᵀ v)
    const Av = new Float64Array(N);
    for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) Av[i] += A[i * N + j] * v[j];
    const vAv = v.reduce((s, x, i) => s + x * Av[i], 0);
    for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) {
      A[i * N + j] += (-2 * (Av[i] * v[j] + v[i] * Av[j]) + (4 * vAv * v[i] * v[j]) / vv) / vv;
    }
  }
  return A;
}

const dense = (A: Float64Array, N: number): SymmetricOperator => ({
  size: N,
  apply: (v, out) => { for (let i = 0; i < N; i++) { let s = 0; for (let j = 0; j < N; j++) s += A[i * N + j] * v[j]; out[i] = s; } },
});

describe.each(BACKENDS.map((be) => [be.name, be] as const))('symmetric eigensolvers (Lanczos on %s)', (_name, be) => {
  it('Jacobi recovers a known spectrum', () => {
    const lambda = [-3, -1e-3, 0, 0.5, 2, 2, 7.25, 10];
    const got = symmetricEigenvalues(withSpectrum(lambda, 1), lambda.length);
    lambda.forEach((l, i) => expect(Math.abs(got[i] - l)).toBeLessThan(1e-13 * 10));
  });

  it('tridiagonal QL matches Jacobi on a random tridiagonal matrix', () => {
    const k = 30, d = seededNormals(2, k), e = seededNormals(3, k);
    const T = new Float64Array(k * k);
    for (let i = 0; i < k; i++) { T[i * k + i] = d[i]; if (i < k - 1) { T[i * k + i + 1] = e[i]; T[(i + 1) * k + i] = e[i]; } }
    const ql = Float64Array.from(tridiagonalEigen(d, e, k).values).sort();
    const jac = symmetricEigenvalues(T, k);
    ql.forEach((v, i) => expect(Math.abs(v - jac[i])).toBeLessThan(1e-12));
  });

  it('Lanczos finds the signed extremes of an indefinite 200×200 operator', () => {
    const N = 200;
    const lambda = Array.from({ length: N }, (_, i) => -2 + (5 * i) / (N - 1));
    lambda[N - 1] = 9; // a gap at the top, as a Hessian's sharpness
    const A = withSpectrum(lambda, 4);
    const r = extremeEigenvalues(be, dense(A, N), { tol: 1e-10 });
    expect(r.converged).toBe(true);
    expect(Math.abs(r.lambdaMax - 9)).toBeLessThan(1e-8);
    expect(Math.abs(r.lambdaMin + 2)).toBeLessThan(1e-6);
    expect(r.iterations).toBeLessThan(N);
  });

  it('Lanczos agrees with Jacobi on random symmetric matrices, to its residual bound', () => {
    for (const seed of [5, 6, 7]) {
      const N = 60, g = seededNormals(seed, N * N), A = new Float64Array(N * N);
      for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) A[i * N + j] = g[i * N + j] + g[j * N + i];
      const eig = symmetricEigenvalues(A, N);
      const r = extremeEigenvalues(be, dense(A, N));
      const scale = Math.max(Math.abs(eig[0]), Math.abs(eig[N - 1]));
      expect(Math.abs(r.lambdaMax - eig[N - 1])).toBeLessThanOrEqual(Math.max(r.errorMax, 1e-10 * scale));
      expect(Math.abs(r.lambdaMin - eig[0])).toBeLessThanOrEqual(Math.max(r.errorMin, 1e-10 * scale));
      expect(Math.abs(r.lambdaMax - eig[N - 1])).toBeLessThanOrEqual(2e-10 * scale);
    }
  });

  it('is exact on a low-rank operator (the Krylov space is exhausted)', () => {
    const N = 50, u = seededNormals(8, N);
    const op: SymmetricOperator = { size: N, apply: (v, out) => { const s = u.reduce((a, x, i) => a + x * v[i], 0); for (let i = 0; i < N; i++) out[i] = 3 * s * u[i]; } };
    const r = extremeEigenvalues(be, op);
    const uu = u.reduce((a, x) => a + x * x, 0);
    expect(r.converged).toBe(true);
    expect(Math.abs(r.lambdaMax - 3 * uu)).toBeLessThan(1e-10 * uu);
    expect(Math.abs(r.lambdaMin)).toBeLessThan(1e-10 * uu);
  });
});
