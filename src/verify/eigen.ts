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

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** v −= c·u and av −= c·au (the same combination on the operator images). */
function subtract(v: Float64Array, av: Float64Array, u: Float64Array, au: Float64Array, c: number): void {
  for (let i = 0; i < v.length; i++) { v[i] -= c * u[i]; av[i] -= c * au[i]; }
}

function scale(v: Float64Array, av: Float64Array, c: number): void {
  for (let i = 0; i < v.length; i++) { v[i] *= c; av[i] *= c; }
}

/** Orthonormalise v (and av alike) against the unit vectors us (twice: "twice is enough");
 *  false when v lost all but 1e-10 of its norm (the span is degenerate there). */
function orthonormalize(v: Float64Array, av: Float64Array, us: Float64Array[], aus: Float64Array[]): boolean {
  const n0 = Math.sqrt(dot(v, v));
  if (n0 === 0) return false;
  for (let pass = 0; pass < 2; pass++) us.forEach((u, k) => subtract(v, av, u, aus[k], dot(u, v)));
  const n = Math.sqrt(dot(v, v));
  if (n <= 1e-10 * n0) return false;
  scale(v, av, 1 / n);
  return true;
}

/** The largest (`sign` 1) or smallest (`sign` −1) eigenvalue of op: stop when ‖r‖ <= tol·scale
 *  (scale: a bound on ‖A‖ the caller knows, e.g. the reported |λ|; if 0, |ρ|) or after maxIt steps.
 *  `start`: a warm start (e.g. the eigenvector of a nearby operator), mixed with 1e-3 of a random
 *  vector so that no eigendirection is missing from it. */
export function extremeEigenvalue(op: Operator, sign: 1 | -1,
  opts: { tol: number; scale: number; maxIt: number; seed: number; vector?: boolean; start?: Float64Array }): Extreme {
  const N = op.size;
  const A = (v: Float64Array, out: Float64Array): void => { op.apply(v, out); if (sign < 0) for (let i = 0; i < N; i++) out[i] = -out[i]; };
  const x = opts.start ? warmStart(opts.start, opts.seed) : startVector(N, opts.seed), ax = new Float64Array(N);
  const r = new Float64Array(N), ar = new Float64Array(N);
  let p = new Float64Array(N), ap = new Float64Array(N), spare = new Float64Array(N), aspare = new Float64Array(N);
  A(x, ax);
  let hasP = false, it = 0;
  for (; it < opts.maxIt; it++) {
    if (it % 25 === 24) A(x, ax); // refresh: the recurrences below drift by rounding
    const rho = dot(x, ax);
    for (let i = 0; i < N; i++) r[i] = ax[i] - rho * x[i];
    if (Math.sqrt(dot(r, r)) <= opts.tol * (opts.scale || Math.abs(rho))) break;
    A(r, ar);
    // the basis [x, r̂, p̂] of span{x, r, p}, orthonormal, with its images
    const V = [x], AV = [ax];
    if (orthonormalize(r, ar, V, AV)) { V.push(r); AV.push(ar); }
    if (hasP && orthonormalize(p, ap, V, AV)) { V.push(p); AV.push(ap); }
    if (V.length === 1) break;
    const S = V.map((vi) => AV.map((avj) => dot(vi, avj)));
    const c = topEigenvector(S);
    // new step p = Σ_{j>0} c_j V_j (into the spare buffer: p may be in V), then x = c_0 x + p
    const np = spare, nap = aspare;
    for (let i = 0; i < N; i++) {
      let s = 0, as = 0;
      for (let j = 1; j < V.length; j++) { s += c[j] * V[j][i]; as += c[j] * AV[j][i]; }
      np[i] = s; nap[i] = as;
    }
    for (let i = 0; i < N; i++) { x[i] = c[0] * x[i] + np[i]; ax[i] = c[0] * ax[i] + nap[i]; }
    scale(x, ax, 1 / Math.sqrt(dot(x, x)));
    [spare, aspare, p, ap] = [p, ap, np, nap];
    hasP = true;
  }
  A(x, ax);
  const rho = dot(x, ax);
  for (let i = 0; i < N; i++) r[i] = ax[i] - rho * x[i];
  return { value: sign * rho, residual: Math.sqrt(dot(r, r)), iterations: it, ...(opts.vector ? { vector: x } : {}) };
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

function warmStart(start: Float64Array, seed: number): Float64Array {
  const noise = startVector(start.length, seed), v = Float64Array.from(start);
  const n = Math.sqrt(dot(v, v));
  for (let i = 0; i < v.length; i++) v[i] = v[i] / n + 1e-3 * noise[i];
  const m = Math.sqrt(dot(v, v));
  for (let i = 0; i < v.length; i++) v[i] /= m;
  return v;
}

/** A unit vector of independent uniforms in (−1, 1) from a 32-bit LCG (Numerical Recipes' constants):
 *  any start with a component along the top eigenvector works, so the generator need not be good. */
function startVector(N: number, seed: number): Float64Array {
  let s = (seed >>> 0) || 1;
  const v = new Float64Array(N);
  for (let i = 0; i < N; i++) { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; v[i] = s / 2 ** 31 - 1; }
  const n = Math.sqrt(dot(v, v));
  for (let i = 0; i < N; i++) v[i] /= n;
  return v;
}
