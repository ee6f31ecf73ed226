// Symmetric eigenvalue solvers: the dense check (cyclic Jacobi) and the tridiagonal QL step
// that Lanczos needs. Plain TypeScript: these are O(N³) on small matrices, not hot loops.

/** All eigenvalues of the symmetric N×N matrix A (row-major; only read, not modified), by
 *  cyclic Jacobi rotations (Golub & Van Loan §8.5) until the off-diagonal mass is below
 *  1e-15·‖A‖_F: eigenvalues accurate to a few ulps of ‖A‖. Returned ascending. */
export function symmetricEigenvalues(A: Float64Array, N: number): Float64Array {
  const a = Float64Array.from(A);
  let frob = 0;
  for (const v of a) frob += v * v;
  const target = 1e-30 * frob;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < N; p++) for (let q = p + 1; q < N; q++) off += 2 * a[p * N + q] * a[p * N + q];
    if (off <= target) break;
    for (let p = 0; p < N - 1; p++) {
      for (let q = p + 1; q < N; q++) rotate(a, N, p, q);
    }
  }
  const out = new Float64Array(N);
  for (let i = 0; i < N; i++) out[i] = a[i * N + i];
  return out.sort();
}

/** One Jacobi rotation zeroing a[p][q]: t = tan θ the smaller root of t² + 2τt − 1 = 0,
 *  τ = (a_qq − a_pp) / (2 a_pq); then A ← Jᵀ A J on rows/columns p and q. */
function rotate(a: Float64Array, N: number, p: number, q: number): void {
  const apq = a[p * N + q];
  if (apq === 0) return;
  const tau = (a[q * N + q] - a[p * N + p]) / (2 * apq);
  const t = Math.sign(tau || 1) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
  const c = 1 / Math.sqrt(1 + t * t), s = t * c;
  for (let k = 0; k < N; k++) { // columns p, q
    const akp = a[k * N + p], akq = a[k * N + q];
    a[k * N + p] = c * akp - s * akq;
    a[k * N + q] = s * akp + c * akq;
  }
  for (let k = 0; k < N; k++) { // rows p, q
    const apk = a[p * N + k], aqk = a[q * N + k];
    a[p * N + k] = c * apk - s * aqk;
    a[q * N + k] = s * apk + c * aqk;
  }
}

/** Eigen-decomposition of the symmetric tridiagonal k×k matrix with diagonal d and
 *  off-diagonal e (e[i] couples i and i+1; e[k-1] ignored), by implicit QL with Wilkinson
 *  shifts (the tql2 algorithm of EISPACK). Returns the eigenvalues and, for each, the *last*
 *  component of its unit eigenvector — all Lanczos needs for its residual bounds
 *  ‖A y − θ y‖ = |β_k z_last|. Inputs are not modified. */
export function tridiagonalEigen(d: ArrayLike<number>, e: ArrayLike<number>, k: number): { values: Float64Array; last: Float64Array } {
  const D = Float64Array.from({ length: k }, (_, i) => d[i]);
  const E = Float64Array.from({ length: k }, (_, i) => (i < k - 1 ? e[i] : 0));
  const z = new Float64Array(k); // last row of the accumulated rotations
  z[k - 1] = 1;
  for (let l = 0; l < k; l++) {
    for (let iter = 0; ; iter++) {
      let mm = l;
      for (; mm < k - 1; mm++) {
        const dd = Math.abs(D[mm]) + Math.abs(D[mm + 1]);
        if (Math.abs(E[mm]) <= Number.EPSILON * dd) break;
      }
      if (mm === l) break;
      if (iter === 100) throw new Error('tridiagonalEigen: no convergence after 100 QL iterations');
      let g = (D[l + 1] - D[l]) / (2 * E[l]);
      let r = Math.hypot(g, 1);
      g = D[mm] - D[l] + E[l] / (g + (g >= 0 ? r : -r));
      let s = 1, c = 1, p = 0;
      let i = mm - 1;
      for (; i >= l; i--) {
        const f = s * E[i], b = c * E[i];
        r = Math.hypot(f, g);
        E[i + 1] = r;
        if (r === 0) { D[i + 1] -= p; E[mm] = 0; break; }
        s = f / r; c = g / r;
        g = D[i + 1] - p;
        r = (D[i] - g) * s + 2 * c * b;
        p = s * r;
        D[i + 1] = g + p;
        g = c * r - b;
        const zf = z[i + 1];
        z[i + 1] = s * z[i] + c * zf;
        z[i] = c * z[i] - s * zf;
      }
      if (r === 0 && i >= l) continue;
      D[l] -= p; E[l] = g; E[mm] = 0;
    }
  }
  return { values: D, last: z };
}
