// Sampling by the backward OU SDE, the fitted Gaussian, unbiased MMD² and memorization
// (SPEC §2 fig3/fig4). Every check compares with an independent oracle: exact Gaussian moments,
// plain loops over the definitions, or Monte Carlo standard errors.
import { describe, expect, it } from 'vitest';
import { RNG_STATE_LENGTH, type Backend } from '../src/backend/index.js';
import { memorization, quantiles } from '../src/analysis/memorization.js';
import { UNDERFLOW_FLOOR, mmd } from '../src/analysis/mmd.js';
import { Dataset } from '../src/model/dataset.js';
import { InputError } from '../src/model/errors.js';
import { Net } from '../src/model/net.js';
import { rowsOf, sampleGaussianFit, sampleLearned, sampleSStar } from '../src/model/sample.js';
import { referenceForward } from './helpers/nets.js';
import { BACKENDS, seededNormals, ts, wasm } from './helpers/parity.js';

type M2 = [number, number, number, number]; // 2 × 2 row-major
const inv2 = (a: M2): M2 => {
  const det = a[0] * a[3] - a[1] * a[2];
  return [a[3] / det, -a[1] / det, -a[2] / det, a[0] / det];
};
const mul2 = (a: M2, b: M2): M2 => [a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3], a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3]];
const tr2 = (a: M2): M2 => [a[0], a[2], a[1], a[3]];
const add2 = (a: M2, b: M2, s = 1): M2 => [a[0] + s * b[0], a[1] + s * b[1], a[2] + s * b[2], a[3] + s * b[3]];
const mv2 = (a: M2, v: number[]): number[] => [a[0] * v[0] + a[1] * v[1], a[2] * v[0] + a[3] * v[1]];
const I2: M2 = [1, 0, 0, 1];

/** Sample mean and covariance (divisor N - 1) of N rows of width d. */
function moments(v: Float64Array, N: number, d: number): { mean: number[]; cov: number[] } {
  const mean = new Array<number>(d).fill(0), cov = new Array<number>(d * d).fill(0);
  for (let j = 0; j < N; j++) for (let c = 0; c < d; c++) mean[c] += v[j * d + c] / N;
  for (let j = 0; j < N; j++) {
    for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) cov[a * d + b] += (v[j * d + a] - mean[a]) * (v[j * d + b] - mean[b]) / (N - 1);
  }
  return { mean, cov };
}

/** |sample mean - m| and |sample cov - P| within z standard errors of a Gaussian N(m, P):
 *  SE(mean_a) = sqrt(P_aa / N), SE(cov_ab) = sqrt((P_aa P_bb + P_ab²) / N). Returns the worst z. */
function worstZ(v: Float64Array, N: number, d: number, m: number[], P: number[]): number {
  const { mean, cov } = moments(v, N, d);
  let worst = 0;
  for (let a = 0; a < d; a++) {
    worst = Math.max(worst, Math.abs(mean[a] - m[a]) / Math.sqrt(P[a * d + a] / N));
    for (let b = 0; b < d; b++) {
      const se = Math.sqrt((P[a * d + a] * P[b * d + b] + P[a * d + b] ** 2) / N);
      worst = Math.max(worst, Math.abs(cov[a * d + b] - P[a * d + b]) / se);
    }
  }
  return worst;
}

describe('reverseSdeStep driven by the exact score of a Gaussian N(m0, C0), d = 2', () => {
  // X_t = mu X_0 + sigma Z ~ N(mu m0, Σ_t), Σ_t = mu² C0 + sigma² I, exact score -Σ_t^{-1}(y - mu m0).
  const m0 = [1, -0.5], C0: M2 = [1.5, 0.6, 0.6, 0.8];
  const T = 1, delta = 0.01, steps = 100, h = (T - delta) / steps, N = 8000;
  const muAt = (t: number): number => Math.exp(-t);
  const sigmaInv = (t: number): M2 => inv2(add2(mul2([muAt(t) ** 2, 0, 0, muAt(t) ** 2], C0), [-Math.expm1(-2 * t), 0, 0, -Math.expm1(-2 * t)]));
  const SigmaAt = (t: number): M2 => inv2(sigmaInv(t));

  /** Exact moments of the continuous backward SDE dY/dτ = Y - 2Σ^{-1}(Y - mu m0) + √2 dB
   *  (τ = T - t) from (m, P) at T to delta: RK4 on dm/dτ = A m + 2Σ^{-1} mu m0,
   *  dP/dτ = A P + P Aᵀ + 2I with A = I - 2Σ^{-1}, 4000 steps (error ~1e-12). */
  function continuousMoments(mStart: number[], PStart: M2): { m: number[]; P: M2 } {
    const K = 4000, dt = (T - delta) / K;
    const f = (tau: number, m: number[], P: M2): [number[], M2] => {
      const t = T - tau, S = sigmaInv(t), A = add2(I2, S, -2), b = mv2(S, m0.map((v) => 2 * muAt(t) * v));
      const Am = mv2(A, m);
      return [[Am[0] + b[0], Am[1] + b[1]], add2(add2(mul2(A, P), mul2(P, tr2(A))), I2, 2)];
    };
    let m = mStart, P = PStart;
    for (let k = 0; k < K; k++) {
      const tau = k * dt;
      const [m1, P1] = f(tau, m, P);
      const [m2, P2] = f(tau + dt / 2, m.map((v, i) => v + (dt / 2) * m1[i]), add2(P, P1, dt / 2));
      const [m3, P3] = f(tau + dt / 2, m.map((v, i) => v + (dt / 2) * m2[i]), add2(P, P2, dt / 2));
      const [m4, P4] = f(tau + dt, m.map((v, i) => v + dt * m3[i]), add2(P, P3, dt));
      m = m.map((v, i) => v + (dt / 6) * (m1[i] + 2 * m2[i] + 2 * m3[i] + m4[i]));
      P = add2(P, add2(add2(P1, add2(P2, P3), 2), P4), dt / 6);
    }
    return { m, P };
  }

  /** Exact moments of the Euler–Maruyama recursion itself: Y ← A_k Y + b_k + √(2h) ξ with
   *  A_k = (1 + h) I - 2h Σ^{-1}, b_k = 2h Σ^{-1} mu m0: m ← A m + b, P ← A P Aᵀ + 2h I. */
  function eulerMoments(): { m: number[]; P: M2 } {
    let m = [0, 0], P: M2 = I2;
    for (let k = 0; k < steps; k++) {
      const t = T - k * h, S = sigmaInv(t);
      const A = add2([1 + h, 0, 0, 1 + h], S, -2 * h), b = mv2(S, m0.map((v) => 2 * h * muAt(t) * v));
      const Am = mv2(A, m);
      m = [Am[0] + b[0], Am[1] + b[1]];
      P = add2(mul2(mul2(A, P), tr2(A)), I2, 2 * h);
    }
    return { m, P };
  }

  it('the moment ODE maps the exact law at T to the exact law at delta (oracle check)', () => {
    const { m, P } = continuousMoments(m0.map((v) => muAt(T) * v), SigmaAt(T));
    const target = SigmaAt(delta);
    for (let c = 0; c < 2; c++) expect(Math.abs(m[c] - muAt(delta) * m0[c])).toBeLessThan(1e-9);
    for (let k = 0; k < 4; k++) expect(Math.abs(P[k] - target[k])).toBeLessThan(1e-9);
  });

  for (const be of BACKENDS) {
    it(`${be.name}: 8000 samples from N(0, I) at T = 1 match the exact moments at delta = 0.01 within 4 standard errors`, () => {
      const exact = continuousMoments([0, 0], I2), em = eulerMoments();
      // Tolerance: 4 standard errors of N = 8000 samples (SE(mean) = sqrt(P_aa/N) ≈ 0.014,
      // SE(cov) = sqrt((P_aa P_bb + P_ab²)/N) ≈ 0.02). The EM bias at 100 steps, computed
      // exactly from the recursion's moments, must be below one standard error: it is, so
      // the samples are judged against the continuous-time law.
      const P = [...exact.P];
      for (let a = 0; a < 2; a++) {
        expect(Math.abs(em.m[a] - exact.m[a]) / Math.sqrt(P[a * 3] / N)).toBeLessThan(1);
        for (let b = 0; b < 2; b++) {
          const se = Math.sqrt((P[a * 3] * P[b * 3] + P[a * 2 + b] ** 2) / N);
          expect(Math.abs(em.P[a * 2 + b] - exact.P[a * 2 + b]) / se).toBeLessThan(1);
        }
      }
      const rng = be.f64(RNG_STATE_LENGTH), Y = be.f64(N * 2), S = be.f64(N * 2);
      be.rngSeed(rng, 2025);
      be.rngNormals(rng, Y, N * 2);
      for (let k = 0; k < steps; k++) {
        const t = T - k * h, Si = sigmaInv(t), mu = muAt(t);
        const y = Y.view(), s = S.view();
        for (let j = 0; j < N; j++) {
          const r = mv2(Si, [y[2 * j] - mu * m0[0], y[2 * j + 1] - mu * m0[1]]);
          s[2 * j] = -r[0];
          s[2 * j + 1] = -r[1];
        }
        be.reverseSdeStep(Y, N, 2, h, S, 1, rng, T - (k + 1) * h, null);
      }
      expect(worstZ(Y.view(), N, 2, exact.m, P)).toBeLessThan(4);
      // and not the law it started from, nor the data law itself without the noise floor
      expect(worstZ(Y.view(), N, 2, [0, 0], [1, 0, 0, 1])).toBeGreaterThan(10);
      for (const b of [rng, Y, S]) b.free();
    });
  }

  it('writes the next network input U = (nextT, Y_new) row by row', () => {
    const be = wasm, N2 = 5, d = 3;
    const Y = be.f64From(seededNormals(1, N2 * d)), S = be.f64From(seededNormals(2, N2 * d));
    const rng = be.f64(RNG_STATE_LENGTH), U = be.f64(N2 * (d + 1));
    be.rngSeed(rng, 3);
    const y0 = Y.view().slice(), s0 = S.view().slice(), xi = seededNormals(3, N2 * d);
    be.reverseSdeStep(Y, N2, d, 0.02, S, -2, rng, 0.37, U);
    const y = Y.view(), u = U.view();
    for (let j = 0; j < N2; j++) {
      expect(u[j * (d + 1)]).toBe(0.37);
      for (let c = 0; c < d; c++) {
        const k = j * d + c;
        expect(y[k]).toBeCloseTo(y0[k] + 0.02 * (y0[k] - 4 * s0[k]) + Math.sqrt(0.04) * xi[k], 13);
        expect(u[j * (d + 1) + 1 + c]).toBe(y[k]);
      }
    }
    for (const b of [Y, S, rng, U]) b.free();
  });
});

/** Plain O(n²) unbiased MMD² straight from the definition. */
function naiveMmd(x: Float64Array, nx: number, y: Float64Array, ny: number, d: number, bw: number): number {
  const k = (a: Float64Array, i: number, b: Float64Array, j: number): number => {
    let q = 0;
    for (let c = 0; c < d; c++) q += (a[i * d + c] - b[j * d + c]) ** 2;
    return Math.exp(-q / (2 * bw * bw));
  };
  let sxx = 0, syy = 0, sxy = 0;
  for (let i = 0; i < nx; i++) for (let j = 0; j < nx; j++) if (i !== j) sxx += k(x, i, x, j);
  for (let i = 0; i < ny; i++) for (let j = 0; j < ny; j++) if (i !== j) syy += k(y, i, y, j);
  for (let i = 0; i < nx; i++) for (let j = 0; j < ny; j++) sxy += k(x, i, y, j);
  return sxx / (nx * (nx - 1)) + syy / (ny * (ny - 1)) - 2 * sxy / (nx * ny);
}

describe('unbiased MMD²', () => {
  it('equals the plain definition (d 3, 37 vs 24, bandwidth 0.7)', () => {
    const x = seededNormals(5, 37 * 3), y = seededNormals(6, 24 * 3).map((v) => v + 0.3);
    const X = wasm.f64From(x), Y = wasm.f64From(y);
    expect(mmd(wasm, X, 37, Y, 24, 3, 0.7).mmd2).toBeCloseTo(naiveMmd(x, 37, y, 24, 3, 0.7), 13);
    X.free(); Y.free();
  });

  it('averages to 0 (within 3 standard errors) for equal laws and is clearly positive for a shift', () => {
    const R = 300, n = 40, d = 2;
    const equal: number[] = [], shifted: number[] = [];
    const X = wasm.f64(n * d), Y = wasm.f64(n * d), Z = wasm.f64(n * d);
    for (let r = 0; r < R; r++) {
      X.view().set(seededNormals(1000 + 3 * r, n * d));
      Y.view().set(seededNormals(1001 + 3 * r, n * d));
      Z.view().set(seededNormals(1002 + 3 * r, n * d).map((v, i) => (i % 2 === 0 ? v + 1 : v)));
      equal.push(mmd(wasm, X, n, Y, n, d).mmd2);
      shifted.push(mmd(wasm, X, n, Z, n, d).mmd2);
    }
    const meanSe = (v: number[]): [number, number] => {
      const m = v.reduce((a, b) => a + b, 0) / v.length;
      const s2 = v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1);
      return [m, Math.sqrt(s2 / v.length)];
    };
    const [mEq, seEq] = meanSe(equal), [mSh, seSh] = meanSe(shifted);
    // The biased V-statistic would sit at about 2(1 - E k)/n ≈ 0.025 above 0: > 20 standard errors here.
    expect(Math.abs(mEq)).toBeLessThan(3 * seEq);
    expect(equal.some((v) => v < 0)).toBe(true); // unbiased: individual estimates go negative
    expect(mSh).toBeGreaterThan(20 * seSh);
    expect(mSh).toBeGreaterThan(0.1);
    X.free(); Y.free(); Z.free();
  });

  it('flags underflow: d 1000, bandwidth 1 is invalid (every kernel value is 0); bandwidth 40 is valid', () => {
    // ||x_i - x_j||² ≈ 2·4·1000 for N(0, 4 I) points: exp(-4000) = 0 in double precision.
    const x = seededNormals(7, 10 * 1000, 2), y = seededNormals(8, 10 * 1000, 2);
    const X = wasm.f64From(x), Y = wasm.f64From(y);
    const bad = mmd(wasm, X, 10, Y, 10, 1000, 1);
    expect(bad.valid).toBe(false);
    expect([bad.mmd2, bad.kxx, bad.kyy, bad.kxy]).toEqual([0, 0, 0, 0]);
    const good = mmd(wasm, X, 10, Y, 10, 1000, 40);
    expect(good.valid).toBe(true);
    expect(good.kxx).toBeGreaterThan(1e-3);
    expect(good.mmd2).toBeCloseTo(naiveMmd(x, 10, y, 10, 1000, 40), 12);
    X.free(); Y.free();
  });
});

describe('s*-driven samples memorize the training data as delta → 0', () => {
  it('n 10, d 2, N 1000: the memorization fraction falls and the nearest distance grows with delta', () => {
    const data = Dataset.sample(wasm, { n: 10, d: 2, seed: 17, scale: 2 });
    const x = data.x.view().slice();
    const stats = (delta: number): { fraction: number; median: number } => {
      const Y = sampleSStar(data, { N: 1000, steps: 100, delta, seed: 18 });
      const mem = memorization(Y, 1000, x, 10, 2);
      Y.free();
      return { fraction: mem.fraction, median: quantiles(mem.nearest, [0.5])[0] };
    };
    const [near, mid, far] = [0.01, 0.1, 0.5].map(stats);
    // At delta 0.01 the samples sit at mu(δ) x_i plus noise of size sigma(δ) ≈ 0.14 and the
    // last step's √(2h) ≈ 0.14 per coordinate: median distance ≈ 0.2, against a median gap
    // of 3.8 between training points (closest pair 0.48, so not every sample passes the 1/3
    // rule: measured 0.75). At delta 0.5 (sigma 0.79) they spread between the points.
    expect(near.fraction).toBeGreaterThan(0.65);
    expect(near.median).toBeLessThan(0.25);
    expect(mid.fraction).toBeLessThan(near.fraction - 0.2);
    expect(far.fraction).toBeLessThan(mid.fraction);
    expect(far.fraction).toBeLessThan(0.25);
    expect(far.median).toBeGreaterThan(3 * near.median);
    data.free();
  });

  it('the two backends draw the same s* samples (to rounding) and muRate 2 changes them', () => {
    const out = [wasm, ts].map((be) => {
      const data = Dataset.sample(be, { n: 10, d: 2, seed: 19, scale: 2 });
      const Y = sampleSStar(data, { N: 50, steps: 20, seed: 20 });
      const Y2 = sampleSStar(data, { N: 50, steps: 20, seed: 20, muRate: 2 });
      const r = [Y.view().slice(), Y2.view().slice()];
      Y.free(); Y2.free(); data.free();
      return r;
    });
    for (let k = 0; k < out[0][0].length; k++) expect(Math.abs(out[0][0][k] - out[1][0][k])).toBeLessThan(1e-9);
    expect(Math.max(...out[0][0].map((v, k) => Math.abs(v - out[0][1][k])))).toBeGreaterThan(0.01);
  });
});

describe('sampleLearned', () => {
  it('follows the EM recursion with s = -r_theta(t, y)/sigma(t) and one normal stream (plain reference)', () => {
    for (const be of BACKENDS) {
      const N = 30, d = 2, steps = 10, T = 1, delta = 0.01, h = (T - delta) / steps, m = 40;
      const net = Net.experiment(be, { dIn: d + 1, dOut: d, m, seed: 21 });
      const params = net.params.view().slice();
      const Y = sampleLearned(net, { N, steps, seed: 22 });
      const xi = seededNormals(22, N * d * (steps + 1));
      const ref = xi.slice(0, N * d);
      for (let k = 0; k < steps; k++) {
        const t = T - k * h, sigma = Math.sqrt(1 - Math.exp(-2 * t));
        for (let j = 0; j < N; j++) {
          const r = referenceForward(params, d + 1, m, d, [t, ref[j * d], ref[j * d + 1]]).s;
          for (let c = 0; c < d; c++) {
            const y = ref[j * d + c];
            ref[j * d + c] = y + h * (y - 2 * r[c] / sigma) + Math.sqrt(2 * h) * xi[N * d * (k + 1) + j * d + c];
          }
        }
      }
      const got = Y.view();
      for (let k = 0; k < N * d; k++) expect(Math.abs(got[k] - ref[k])).toBeLessThan(1e-10);
      expect(rowsOf(Y, d)[3]).toEqual([got[6], got[7]]);
      Y.free(); net.free();
    }
  });
});

describe('gaussianFitSample', () => {
  it('n 10, d 2: sample mean and covariance match x̄ and the unbiased Ĉ within 4 standard errors', () => {
    const n = 10, d = 2, N = 20000;
    const data = Dataset.sample(wasm, { n, d, seed: 23, scale: 2 });
    const x = data.x.view().slice();
    const { mean, cov } = moments(x, n, d);
    const Y = sampleGaussianFit(data, { N, seed: 24 });
    expect(worstZ(Y.view(), N, d, mean, cov)).toBeLessThan(4);
    // the biased covariance (divisor n) is 10% smaller: rejected at this N
    expect(worstZ(Y.view(), N, d, mean, cov.map((v) => (v * (n - 1)) / n))).toBeGreaterThan(4);
    Y.free(); data.free();
  });

  it('n 3 <= d 5: every sample lies in the affine hull of the data', () => {
    const n = 3, d = 5, N = 200;
    const data = Dataset.sample(ts, { n, d, seed: 25 });
    const x = data.x.view().slice();
    const Y = sampleGaussianFit(data, { N, seed: 26 });
    const y = Y.view();
    // Orthonormal basis of span{x_1 - x_0, x_2 - x_0} by Gram–Schmidt; residual of y - x_0.
    const basis: number[][] = [];
    for (let i = 1; i < n; i++) {
      const v = Array.from({ length: d }, (_, c) => x[i * d + c] - x[c]);
      for (const q of basis) { const p = q.reduce((a, qc, c) => a + qc * v[c], 0); q.forEach((qc, c) => { v[c] -= p * qc; }); }
      const norm = Math.hypot(...v);
      basis.push(v.map((vc) => vc / norm));
    }
    let worst = 0, spread = 0;
    for (let j = 0; j < N; j++) {
      const v = Array.from({ length: d }, (_, c) => y[j * d + c] - x[c]);
      spread = Math.max(spread, Math.hypot(...v));
      for (const q of basis) { const p = q.reduce((a, qc, c) => a + qc * v[c], 0); q.forEach((qc, c) => { v[c] -= p * qc; }); }
      worst = Math.max(worst, Math.hypot(...v));
    }
    expect(spread).toBeGreaterThan(1);
    expect(worst).toBeLessThan(1e-12 * spread);
    Y.free(); data.free();
  });
});

describe('memorization', () => {
  it('nearest, second nearest and the 1/3 rule on a hand case', () => {
    const x = Float64Array.of(0, 0, 3, 0, 0, 4);
    const y = Float64Array.of(0.5, 0, 1.5, 0, 0, 0.9);
    const r = memorization(y, 3, x, 3, 2);
    expect(r.nearestIndex).toEqual([0, 0, 0]);
    expect(r.nearest[0]).toBeCloseTo(0.5, 15);
    expect(r.ratio[0]).toBeCloseTo(0.5 / 2.5, 15); // second: (3, 0) at 2.5
    expect(r.ratio[1]).toBeCloseTo(1, 15); // 1.5 vs 1.5: not memorized
    expect(r.ratio[2]).toBeCloseTo(0.9 / 3.1, 15);
    expect(r.fraction).toBeCloseTo(2 / 3, 15);
  });
});

describe('validation', () => {
  const data = Dataset.sample(wasm, { n: 4, d: 2, seed: 1 });
  const fieldOf = (f: () => unknown): string => {
    try { f(); } catch (e) { if (e instanceof InputError) return e.field; throw e; }
    return 'no error';
  };
  it('names the field at fault', () => {
    expect(fieldOf(() => sampleSStar(data, { N: 0, seed: 1 }))).toBe('N');
    expect(fieldOf(() => sampleSStar(data, { steps: 2.5, seed: 1 }))).toBe('steps');
    expect(fieldOf(() => sampleSStar(data, { T: -1, seed: 1 }))).toBe('T');
    expect(fieldOf(() => sampleSStar(data, { delta: 1, seed: 1 }))).toBe('delta');
    expect(fieldOf(() => sampleSStar(data, { seed: -1 }))).toBe('seed');
    expect(fieldOf(() => sampleSStar(data, { seed: 1, muRate: 3 as 1 }))).toBe('muRate');
    const one = Dataset.from(wasm, [[1, 2]]);
    expect(fieldOf(() => sampleGaussianFit(one, { N: 5, seed: 1 }))).toBe('x');
    const wrong = Net.experiment(wasm, { dIn: 2, dOut: 2, m: 4, seed: 1 });
    expect(fieldOf(() => sampleLearned(wrong, { seed: 1 }))).toBe('model');
    const X = wasm.f64(4);
    expect(fieldOf(() => mmd(wasm, X, 1, X, 2, 2))).toBe('nx');
    expect(fieldOf(() => mmd(wasm, X, 2, X, 2, 2, 0))).toBe('bandwidth');
    expect(fieldOf(() => memorization(new Float64Array(4), 2, new Float64Array(2), 1, 2))).toBe('n');
    expect(new InputError('muRate', 'x', 'y').message).toContain('muRate');
  });
});
