// The extreme eigenvalues of a symmetric operator for verify: locally optimal power iteration
// (LOPCG with block size 1 and no preconditioner, Knyazev 2001) — each step takes the best
// Rayleigh quotient on span{x, r, p} (x the iterate, r = Ax − ρx its residual, p the previous
// step), a power iteration with momentum; not Lanczos (the route of the reported numbers), with
// its own random start. Error bound (symmetric A, Weyl): an eigenvalue lies within ‖r‖ of the
// final Rayleigh quotient ρ, and ρ <= λ_max always, so a converged ρ is λ_max from below.

export interface Operator { size: number; apply(v: Float64Array, out: Float64Array): void }

export interface Extreme {
  /** The Rayleigh quotient of the final iterate. */
  value: number;
  /** ‖A x − value·x‖ for the final (unit) x, from a fresh product. */
  residual: number;
  iterations: number;
  /** The final unit iterate, when asked for. */
  vector?: Float64Array;
}

const dot = (a: Float64Array, b: Float64Array): number => { let s = 0; for (let i = 0; i < a.length; i++) s += a[i] * b[i]; return s; };
const norm = (a: Float64Array): number => Math.sqrt(dot(a, a));

/** The largest (`sign` 1) or smallest (`sign` −1) eigenvalue of op: stop when ‖r‖ <= tol·scale
 *  (scale: a bound on ‖A‖ the caller knows, e.g. the reported |λ|; if 0, |ρ|) or after maxIt steps. */
export function extremeEigenvalue(op: Operator, sign: 1 | -1, opts: { tol: number; scale: number; maxIt: number; seed: number; vector?: boolean }): Extreme {
  const N = op.size;
  const A = (v: Float64Array, out: Float64Array): void => { op.apply(v, out); if (sign < 0) for (let i = 0; i < N; i++) out[i] = -out[i]; };
  const x = startVector(N, opts.seed), ax = new Float64Array(N);
  A(x, ax);
  let p: Float64Array | null = null, ap: Float64Array | null = null;
  let it = 0;
  for (; it < opts.maxIt; it++) {
    if (it % 25 === 24) A(x, ax); // refresh: the recurrences below drift by rounding
    const rho = dot(x, ax);
    const r = Float64Array.from(ax, (v, i) => v - rho * x[i]);
    if (norm(r) <= opts.tol * (opts.scale || Math.abs(rho))) break;
    const ar = new Float64Array(N);
    A(r, ar);
    const V = [Float64Array.from(x), r, ...(p ? [Float64Array.from(p)] : [])];
    const AV = [Float64Array.from(ax), ar, ...(ap ? [Float64Array.from(ap)] : [])];
    const kept = orthonormalize(V, AV);
    const S = kept.V.map((vi) => kept.AV.map((avj) => dot(vi, avj)));
    const c = topEigenvector(S);
    x.fill(0); ax.fill(0);
    const np = new Float64Array(N), nap = new Float64Array(N);
    kept.V.forEach((v, j) => {
      for (let i = 0; i < N; i++) { x[i] += c[j] * v[i]; ax[i] += c[j] * kept.AV[j][i]; }
      if (j > 0) for (let i = 0; i < N; i++) { np[i] += c[j] * v[i]; nap[i] += c[j] * kept.AV[j][i]; }
    });
    const nx = norm(x);
    for (let i = 0; i < N; i++) { x[i] /= nx; ax[i] /= nx; }
    p = np; ap = nap;
  }
  A(x, ax);
  const rho = dot(x, ax);
  const res = norm(Float64Array.from(ax, (v, i) => v - rho * x[i]));
  return { value: sign * rho, residual: res, iterations: it, ...(opts.vector ? { vector: x } : {}) };
}

/** Modified Gram–Schmidt, twice, applying the same combinations to AV; a vector that loses all
 *  but 1e-10 of its norm is dropped (the span is degenerate there). */
function orthonormalize(V: Float64Array[], AV: Float64Array[]): { V: Float64Array[]; AV: Float64Array[] } {
  const outV: Float64Array[] = [], outA: Float64Array[] = [];
  V.forEach((v, j) => {
    const a = AV[j], n0 = norm(v);
    if (n0 === 0) return;
    for (let pass = 0; pass < 2; pass++) {
      outV.forEach((u, k) => {
        const c = dot(u, v);
        for (let i = 0; i < v.length; i++) { v[i] -= c * u[i]; a[i] -= c * outA[k][i]; }
      });
    }
    const n = norm(v);
    if (n <= 1e-10 * n0) return;
    for (let i = 0; i < v.length; i++) { v[i] /= n; a[i] /= n; }
    outV.push(v); outA.push(a);
  });
  return { V: outV, AV: outA };
}

/** The eigenvector of the largest eigenvalue of a small symmetric matrix (symmetrised), by cyclic
 *  Jacobi rotations (Golub & Van Loan §8.5). */
export function topEigenvector(S: number[][]): number[] {
  const k = S.length;
  const a = S.map((row, i) => row.map((v, j) => 0.5 * (v + S[j][i])));
  const Vm: number[][] = a.map((_, i) => a.map((__, j) => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < 50; sweep++) {
    let off = 0;
    for (let p = 0; p < k; p++) for (let q = p + 1; q < k; q++) off += a[p][q] ** 2;
    if (off === 0) break;
    for (let p = 0; p < k; p++) {
      for (let q = p + 1; q < k; q++) {
        if (a[p][q] === 0) continue;
        const tau = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        const t = Math.sign(tau || 1) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
        const c = 1 / Math.sqrt(1 + t * t), s = t * c;
        for (let r = 0; r < k; r++) { const x = a[r][p], y = a[r][q]; a[r][p] = c * x - s * y; a[r][q] = s * x + c * y; }
        for (let r = 0; r < k; r++) { const x = a[p][r], y = a[q][r]; a[p][r] = c * x - s * y; a[q][r] = s * x + c * y; }
        for (let r = 0; r < k; r++) { const x = Vm[r][p], y = Vm[r][q]; Vm[r][p] = c * x - s * y; Vm[r][q] = s * x + c * y; }
      }
    }
  }
  let best = 0;
  for (let i = 1; i < k; i++) if (a[i][i] > a[best][best]) best = i;
  return Vm.map((row) => row[best]);
}

/** A unit vector of independent uniforms in (−1, 1) from a 32-bit LCG (Numerical Recipes' constants):
 *  any start with a component along the top eigenvector works, so the generator need not be good. */
function startVector(N: number, seed: number): Float64Array {
  let s = (seed >>> 0) || 1;
  const v = new Float64Array(N);
  for (let i = 0; i < N; i++) { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; v[i] = s / 2 ** 31 - 1; }
  const n = norm(v);
  for (let i = 0; i < N; i++) v[i] /= n;
  return v;
}
