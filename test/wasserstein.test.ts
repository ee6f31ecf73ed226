// The 2-Wasserstein distance (src/analysis/wasserstein.ts, kernel w2Assignment): exact in 1-D
// (the sorted matching), against brute force over all permutations, an optimality certificate
// (potentials) at n = 1000, the two-Gaussian closed form within the null level, SW2 <= W2,
// sliced = exact in 1-D, invariances, and input errors.
import { describe, expect, it } from 'vitest';
import { scratchLength, type Backend, type F64 } from '../src/backend/index.js';
import { InputError } from '../src/model/errors.js';
import { gaussianW2Squared, slicedW2, w2, w2Squared1dSorted } from '../src/analysis/wasserstein.js';
import { BACKENDS, seededNormals, seededUniforms, wasm } from './helpers/parity.js';

/** Squared distance between rows i of A and j of B. */
const cost = (A: ArrayLike<number>, i: number, B: ArrayLike<number>, j: number, d: number): number => {
  let s = 0;
  for (let k = 0; k < d; k++) s += (A[i * d + k] - B[j * d + k]) ** 2;
  return s;
};

/** min over all permutations of (1/n) Σ ||x_i − y_π(i)||², by Heap's algorithm (n <= 8). */
function bruteForce(xs: Float64Array, ys: Float64Array, n: number, d: number): number {
  const p = Array.from({ length: n }, (_, i) => i), c = new Array<number>(n).fill(0);
  const total = (): number => p.reduce((s, j, i) => s + cost(xs, i, ys, j, d), 0);
  let best = total();
  for (let i = 0; i < n;) {
    if (c[i] < i) {
      const a = i % 2 === 0 ? 0 : c[i];
      [p[a], p[i]] = [p[i], p[a]];
      best = Math.min(best, total());
      c[i]++;
      i = 0;
    } else c[i++] = 0;
  }
  return best / n;
}

/** Rows drawn from N(m, S) = m + A z with A the Cholesky factor of S (2 × 2). */
function gaussian2d(seed: number, n: number, m: number[], S: number[]): Float64Array {
  const a = Math.sqrt(S[0]), b = S[2] / a, c = Math.sqrt(S[3] - b * b);
  const z = seededNormals(seed, 2 * n), out = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    out[2 * i] = m[0] + a * z[2 * i];
    out[2 * i + 1] = m[1] + b * z[2 * i] + c * z[2 * i + 1];
  }
  return out;
}

function withSets<T>(be: Backend, xs: ArrayLike<number>, ys: ArrayLike<number>, f: (X: F64, Y: F64) => T): T {
  const X = be.f64From(xs), Y = be.f64From(ys);
  try { return f(X, Y); } finally { X.free(); Y.free(); }
}
const exact = (be: Backend, xs: ArrayLike<number>, ys: ArrayLike<number>, n: number, d: number) =>
  withSets(be, xs, ys, (X, Y) => w2(be, X, n, Y, n, d));

describe('exact W2 (Jonker–Volgenant assignment)', () => {
  for (const be of BACKENDS) {
    it(`${be.name}: in 1-D the optimum is the sorted matching (value to rounding, matching rank to rank)`, () => {
      const n = 300, xs = seededNormals(1, n), ys = seededNormals(2, n, 2).map((v) => v + 0.3);
      const r = exact(be, xs, ys, n, 1);
      const a = xs.slice().sort(), b = ys.slice().sort();
      let s = 0;
      for (let i = 0; i < n; i++) s += (a[i] - b[i]) ** 2;
      expect(Math.abs(r.w2Squared - s / n)).toBeLessThanOrEqual(1e-13 * (s / n));
      const rank = (v: Float64Array): Int32Array => {
        const rk = new Int32Array(n);
        Array.from(v.keys()).sort((i, j) => v[i] - v[j]).forEach((i, k) => { rk[i] = k; });
        return rk;
      };
      const rx = rank(xs), ry = rank(ys);
      for (let i = 0; i < n; i++) expect(ry[r.matching[i]]).toBe(rx[i]);
    });

    it(`${be.name}: equals brute force over all permutations (n <= 8, d 1..6)`, () => {
      for (let t = 0; t < 24; t++) {
        const n = 1 + (t % 8), d = 1 + ((t * 5) % 6);
        const xs = seededNormals(100 + t, n * d), ys = seededUniforms(200 + t, n * d, -2, 2);
        const ref = bruteForce(xs, ys, n, d);
        const r = exact(be, xs, ys, n, d);
        expect(Math.abs(r.w2Squared - ref), `n ${n} d ${d}`).toBeLessThanOrEqual(1e-14 * Math.max(ref, 1));
        expect(r.w2).toBe(Math.sqrt(r.w2Squared));
        expect([...r.matching].sort((p, q) => p - q)).toEqual(Array.from({ length: n }, (_, i) => i));
      }
    });

    it(`${be.name}: invariances — permuted rows, swapped sets, a common shift; W2(X, X) = 0 exactly`, () => {
      const n = 60, d = 3, xs = seededNormals(3, n * d), ys = seededNormals(4, n * d, 1.5);
      const base = exact(be, xs, ys, n, d).w2Squared;
      const perm = (v: Float64Array, step: number) => {
        const out = new Float64Array(v.length);
        for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) out[((i * step) % n) * d + k] = v[i * d + k];
        return out;
      };
      const close = (v: number) => expect(Math.abs(v - base)).toBeLessThanOrEqual(1e-13 * base);
      close(exact(be, perm(xs, 7), perm(ys, 11), n, d).w2Squared);
      close(exact(be, ys, xs, n, d).w2Squared);
      close(exact(be, xs.map((v, k) => v + [5, -3, 0.25][k % d]), ys.map((v, k) => v + [5, -3, 0.25][k % d]), n, d).w2Squared);
      expect(exact(be, xs, xs, n, d).w2Squared).toBe(0);
      // Permuted copies: the means, summed in another order, may differ by an ulp (W2² ~ 1e-32).
      expect(exact(be, xs, perm(xs, 13), n, d).w2Squared).toBeLessThanOrEqual(1e-28);
      const grid = seededNormals(5, n * d, 2).map(Math.round); // duplicates: ties everywhere
      expect(exact(be, grid, perm(grid, 17), n, d).w2Squared).toBeLessThanOrEqual(1e-28);
    });
  }

  /** The certificate: potentials (u, v) with C_ij − u_i − v_j >= 0 everywhere bound every
   *  assignment below by (1/n)(Σu + Σv); equality on the matching and a zero gap = optimal. */
  function certify(xs: Float64Array, ys: Float64Array, n: number, d: number): void {
    const X = wasm.f64From(xs), Y = wasm.f64From(ys), out = wasm.f64(2), matching = wasm.f64(n), pot = wasm.f64(2 * n);
    const scratch = wasm.f64(scratchLength.w2Assignment(n, d));
    wasm.w2Assignment(X, Y, n, d, out, matching, pot, scratch);
    const [primal, dual] = out.view(), m = matching.view().slice(), p = pot.view().slice();
    let maxC = 0, minReduced = Infinity, maxOnMatch = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      const c = cost(xs, i, ys, j, d), red = c - p[i] - p[n + j];
      maxC = Math.max(maxC, c);
      minReduced = Math.min(minReduced, red);
      if (m[i] === j) maxOnMatch = Math.max(maxOnMatch, Math.abs(red));
    }
    expect(minReduced).toBeGreaterThanOrEqual(-1e-12 * maxC);
    expect(maxOnMatch).toBeLessThanOrEqual(1e-12 * maxC);
    expect(Math.abs(primal - dual)).toBeLessThanOrEqual(1e-12 * maxC);
    let direct = 0;
    for (let i = 0; i < n; i++) direct += cost(xs, i, ys, m[i], d);
    expect(Math.abs(primal - direct / n)).toBeLessThanOrEqual(1e-12 * maxC);
    for (const b of [X, Y, out, matching, pot, scratch]) b.free();
  }

  it('n = 1000, d = 2: an optimality certificate (reduced costs >= 0, zero on the matching, no duality gap)', () => {
    certify(seededNormals(6, 2000), gaussian2d(7, 1000, [0.5, 0], [2, 0.6, 0.6, 1]), 1000, 2);
  });

  it('the same certificate on hard shapes: one set at 10 points (memorized samples), a 10× wider set, a far shift', () => {
    const n = 400, d = 2, z = seededNormals(8, n * d), w = seededNormals(9, n * d);
    const clustered = w.map((v, k) => 2 * w[(Math.floor(k / d) % 10) * d + (k % d)] + 1e-3 * v);
    certify(z.map((v) => 2 * v), clustered, n, d);
    certify(z, w.map((v) => 10 * v), n, d);
    certify(z, w.map((v) => v + 50), n, d);
  });
});

describe('W2 against the two-Gaussian closed form', () => {
  const m1 = [0, 0], S1 = [1, 0, 0, 0.5], m2 = [1, -0.5], S2 = [2, 0.6, 0.6, 1];

  it('the closed form: 1-D, commuting covariances, and the 2 × 2 identity tr √(S1 S2) = √(tr + 2√det)', () => {
    expect(gaussianW2Squared([1], [4], [-1], [9])).toBeCloseTo(4 + 1, 14);
    expect(gaussianW2Squared([0, 0, 0], [1, 0, 0, 0, 4, 0, 0, 0, 9], [1, 1, 1], [4, 0, 0, 0, 4, 0, 0, 0, 1]))
      .toBeCloseTo(3 + 1 + 0 + 4, 13);
    const M = [S1[0] * S2[0] + S1[1] * S2[2], S1[0] * S2[1] + S1[1] * S2[3], S1[2] * S2[0] + S1[3] * S2[2], S1[2] * S2[1] + S1[3] * S2[3]];
    const trSqrt = Math.sqrt(M[0] + M[3] + 2 * Math.sqrt(M[0] * M[3] - M[1] * M[2]));
    expect(gaussianW2Squared(m1, S1, m2, S2)).toBeCloseTo(1.25 + 1 + 0.5 + 2 + 1 - 2 * trSqrt, 13);
    expect(gaussianW2Squared(m1, S2, m1, S2)).toBeCloseTo(0, 7);
  });

  it('d = 2, n = 1000: |W2(X, Y) − W2(μ, ν)| within the null levels W2(X, X\') + W2(Y, Y\')', () => {
    // Tolerance: |W2(X, Y) − W2(μ, ν)| <= W2(X, μ) + W2(Y, ν) (triangle inequality), and
    // E W2²(X, μ) <= E W2²(X, X') for an independent X' (convexity of W2²): the null levels bound
    // the bias and the noise together (here they are 0.17 and 0.23, W2(μ, ν) = 1.26, W2(X, Y) = 1.34).
    const n = 1000, d = 2;
    const X = gaussian2d(10, n, m1, S1), X2 = gaussian2d(11, n, m1, S1);
    const Y = gaussian2d(12, n, m2, S2), Y2 = gaussian2d(13, n, m2, S2);
    const truth = Math.sqrt(gaussianW2Squared(m1, S1, m2, S2));
    const emp = exact(wasm, X, Y, n, d).w2, nullX = exact(wasm, X, X2, n, d).w2, nullY = exact(wasm, Y, Y2, n, d).w2;
    expect(Math.abs(emp - truth)).toBeLessThanOrEqual(nullX + nullY);
    expect(nullX).toBeGreaterThan(0);
    expect(nullX + nullY).toBeLessThan(0.5 * truth); // the check has teeth
  });

  it('d = 1, n = 20000 (sorted matching via slicedW2): within the null levels, which are small', () => {
    // Same rule; here the null levels are 0.014 and 0.033, the deviation 0.017, W2(μ, ν) = 0.86.
    const n = 20000, s1 = 1, s2 = 1.5, mm = 0.7;
    const X = seededNormals(14, n, s1), X2 = seededNormals(15, n, s1);
    const Y = seededNormals(16, n, s2).map((v) => v + mm), Y2 = seededNormals(17, n, s2).map((v) => v + mm);
    const truth = Math.sqrt(gaussianW2Squared([0], [s1 * s1], [mm], [s2 * s2]));
    const sw = (a: Float64Array, b: Float64Array) => withSets(wasm, a, b, (A, B) => slicedW2(wasm, A, n, B, n, 1, { directions: 1 }).sw2);
    const nulls = sw(X, X2) + sw(Y, Y2);
    expect(Math.abs(sw(X, Y) - truth)).toBeLessThanOrEqual(nulls);
    expect(nulls).toBeLessThan(0.1 * truth);
  });
});

describe('sliced W2', () => {
  it('SW2 <= W2 on random sets (every direction, d = 2, 5, 20), and sliced = exact in 1-D', () => {
    for (const d of [2, 5, 20]) {
      const n = 80, xs = seededNormals(20 + d, n * d), ys = seededUniforms(30 + d, n * d, -1, 2);
      const ex = exact(wasm, xs, ys, n, d).w2Squared;
      const sl = withSets(wasm, xs, ys, (X, Y) => slicedW2(wasm, X, n, Y, n, d, { directions: 50, seed: d }));
      expect(sl.sw2).toBeLessThanOrEqual(Math.sqrt(ex));
      for (const v of sl.perDirection) expect(v).toBeLessThanOrEqual(ex * (1 + 1e-12));
      expect(sl.standardError).toBeGreaterThan(0);
    }
    const n = 150, xs = seededNormals(40, n), ys = seededNormals(41, n, 0.5);
    const ex = exact(wasm, xs, ys, n, 1).w2Squared;
    const sl = withSets(wasm, xs, ys, (X, Y) => slicedW2(wasm, X, n, Y, n, 1, { directions: 7 }));
    for (const v of sl.perDirection) expect(Math.abs(v - ex)).toBeLessThanOrEqual(1e-13 * ex);
  });

  it('reproducible from its seed, identical on both backends; other seeds give other directions', () => {
    const n = 50, d = 4, xs = seededNormals(42, n * d), ys = seededNormals(43, 70 * d);
    const run = (be: Backend, seed: number) => withSets(be, xs, ys, (X, Y) => slicedW2(be, X, n, Y, 70, d, { directions: 20, seed }));
    const a = run(wasm, 9), b = run(BACKENDS[1], 9), c = run(wasm, 10);
    expect(b.perDirection).toEqual(a.perDirection);
    expect(run(wasm, 9).sw2Squared).toBe(a.sw2Squared);
    expect(c.sw2Squared).not.toBe(a.sw2Squared);
  });

  it('1-D W2² of unequal sizes: the quantile coupling', () => {
    expect(w2Squared1dSorted(Float64Array.of(0, 1), Float64Array.of(0, 0.5, 1))).toBeCloseTo(1 / 12, 15);
    const a = Float64Array.of(-1, 0.2, 3);
    expect(w2Squared1dSorted(a, Float64Array.of(-1, -1, 0.2, 0.2, 3, 3))).toBe(0); // each point twice: the same measure
    expect(w2Squared1dSorted(Float64Array.of(2), a)).toBeCloseTo(((3) ** 2 + 1.8 ** 2 + 1) / 3, 14);
  });
});

describe('input errors name the field and the allowed values', () => {
  const X = wasm.f64From(seededNormals(50, 20)), Y = wasm.f64From(seededNormals(51, 20));
  const fails = (f: () => unknown, field: string, allowed: RegExp) => {
    try { f(); } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).field).toBe(field);
      expect((e as InputError).allowed).toMatch(allowed);
      return;
    }
    throw new Error(`no error for ${field}`);
  };
  it('w2', () => {
    fails(() => w2(wasm, X, 10, Y, 8, 2), 'ny', /nx = ny \(exact assignment needs equal sizes\); use slicedW2 for unequal sizes/);
    fails(() => w2(wasm, X, 10, Y, 10, 0), 'd', /integer >= 1/);
    fails(() => w2(wasm, X, 0, Y, 0, 2), 'nx', /integer in \[1, 10000\]/);
    fails(() => w2(wasm, X, 11, Y, 11, 2), 'X', /at least nx·d = 22/);
    const bad = wasm.f64From([0, 1, NaN, 2]);
    fails(() => w2(wasm, X, 2, bad, 2, 2), 'Y', /finite values/);
    bad.free();
  });
  it('slicedW2 and the closed form', () => {
    fails(() => slicedW2(wasm, X, 10, Y, 10, 2, { directions: 0 }), 'directions', /integer in \[1, 1000000\]/);
    fails(() => slicedW2(wasm, X, 10, Y, 10, 2, { seed: -1 }), 'seed', /integer >= 0/);
    fails(() => slicedW2(wasm, X, 10, Y, 10, 2, { bandwidth: 1 } as never), 'bandwidth', /only the fields/);
    fails(() => gaussianW2Squared([0, 0], [1, 0, 0, -1], [0, 0], [1, 0, 0, 1]), 'S1', /positive definite/);
    fails(() => gaussianW2Squared([0, 0], [1, 0.5, 0, 1], [0, 0], [1, 0, 0, 1]), 'S1', /symmetric/);
    fails(() => gaussianW2Squared([0, 0], [1, 0, 0, 1], [0], [1]), 'm2', /length 2/);
  });
});

describe("verify's Hungarian route and the median heuristic", () => {
  it('w2SquaredHungarian equals brute force (n <= 8) and the kernel at n = 300, d = 2 and 10', async () => {
    const { w2SquaredHungarian } = await import('../src/verify/assignment.js');
    for (let n = 1; n <= 8; n++) {
      for (const d of [1, 3]) {
        const xs = seededNormals(100 + n * 7 + d, n * d), ys = seededUniforms(200 + n * 5 + d, n * d);
        expect(w2SquaredHungarian(xs, ys, d)).toBeCloseTo(bruteForce(xs, ys, n, d), 12);
      }
    }
    for (const d of [2, 10]) {
      const n = 300, xs = seededNormals(31 + d, n * d), ys = seededNormals(41 + d, n * d);
      const X = wasm.f64From(xs), Y = wasm.f64From(ys);
      const mine = w2(wasm, X, n, Y, n, d).w2Squared;
      X.free(); Y.free();
      expect(Math.abs(w2SquaredHungarian(xs, ys, d) - mine) / mine).toBeLessThan(1e-12);
    }
  });

  it('medianPairwiseDistance: pooled sets, all distinct pairs, even and odd counts; verify\'s plain route agrees', async () => {
    const { medianPairwiseDistance } = await import('../src/analysis/pairwise.js');
    const { medianPairDistance } = await import('../src/verify/sampleStats.js');
    // n = 1 of each set: {0, 3}, one pair → 3; n = 2: {0, 1, 3, 7}, pairs 1 3 7 2 6 4 → (3 + 4)/2
    expect(medianPairwiseDistance([Float64Array.of(0, 1), Float64Array.of(3, 10)], 1, 1)).toBe(3);
    expect(medianPairwiseDistance([Float64Array.of(0, 1), Float64Array.of(3, 7)], 2, 1)).toBe(3.5);
    // three points {0, 1, 3}: pairs 1 3 2 → 2 (odd count); d = 2: a 3-4-5 triangle → 4
    expect(medianPairwiseDistance([Float64Array.of(0), Float64Array.of(1), Float64Array.of(3)], 1, 1)).toBe(2);
    expect(medianPairwiseDistance([Float64Array.of(0, 0), Float64Array.of(3, 0), Float64Array.of(3, 4)], 1, 2)).toBe(4);
    expect(() => medianPairwiseDistance([Float64Array.of(1)], 1, 1)).toThrow(InputError);
    const a = seededNormals(5, 2 * 150), b = seededNormals(6, 2 * 150);
    expect(medianPairwiseDistance([a, b], 150, 2)).toBe(medianPairDistance([a, b], 2));
  });
});
