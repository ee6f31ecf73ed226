// The TV weight pi (closed form vs brute force, support, symmetry), s* and its derivatives,
// TV_pi(s*) and TV_pi(s_theta), and the reference cases `op: "tv"` of compute-public.jsonl.
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/model/errors.js';
import { sStarDerivatives } from '../src/analysis/sstar1d.js';
import { zerosOfSStarD2 } from '../src/analysis/sstarZeros.js';
import { kinks, tvNet, tvSStar, tvSStarQuadrature } from '../src/analysis/tv.js';
import { piMinus, piPlus, tvWeight } from '../src/analysis/tvWeight.js';
import { closeNormwise, fixtures, simpson } from './helpers/tvRef.js';

const X = [-1.31, -0.72, -0.7, -0.05, 0.33, 0.33, 0.9, 1.64]; // unsorted-safe, with a tie
const MU = 0.81, SIGMA = 0.3;

/** Where pi_minus - pi_plus changes sign, found from the definitions alone: a fine grid scan,
 *  then bisection (independent of the closed form's crossing formula). */
function crossings(x: number[], mu: number): number[] {
  const lo = mu * Math.min(...x), hi = mu * Math.max(...x), K = 4000, out: number[] = [];
  const d = (u: number): number => piMinus(x, mu, u) - piPlus(x, mu, u);
  for (let k = 0; k < K; k++) {
    let a = lo + ((hi - lo) * k) / K, b = lo + ((hi - lo) * (k + 1)) / K;
    if (Math.sign(d(a)) === Math.sign(d(b))) continue;
    for (let it = 0; it < 200 && b - a > 1e-15; it++) { const c = 0.5 * (a + b); if (Math.sign(d(c)) === Math.sign(d(a))) a = c; else b = c; }
    out.push(0.5 * (a + b));
  }
  return out;
}

/** E_xi min(pi_plus, pi_minus)(y - xi) by Simpson over xi in [-14 sigma, 14 sigma], split where
 *  y - xi crosses a data point (the definitions jump there) or a crossing (the min has a kink),
 *  straight from the definitions. */
function piBrute(x: number[], mu: number, sigma: number, y: number): number {
  const cuts = [-14 * sigma, 14 * sigma];
  for (const u of [...x.map((v) => mu * v), ...crossings(x, mu)]) { const xi = y - u; if (Math.abs(xi) < 14 * sigma) cuts.push(xi); }
  cuts.sort((a, b) => a - b);
  const g = (xi: number): number => Math.min(piPlus(x, mu, y - xi), piMinus(x, mu, y - xi))
    * Math.exp(-0.5 * (xi / sigma) ** 2) / (Math.sqrt(2 * Math.PI) * sigma);
  // Segment ends nudged inwards by 1e-13 so that Simpson samples one-sided limits at the jumps.
  let s = 0;
  for (let k = 0; k + 1 < cuts.length; k++) if (cuts[k + 1] > cuts[k] + 1e-12) s += simpson(g, cuts[k] + 1e-13, cuts[k + 1] - 1e-13, 2000);
  return s;
}

describe('TV weight pi', () => {
  it('the closed form matches brute-force integration of its definition', () => {
    for (const sigma of [0.04, SIGMA, 0.57]) {
      const w = tvWeight(X, MU, sigma);
      for (let k = 0; k <= 12; k++) {
        const y = w.lo + ((w.hi - w.lo) * k) / 12;
        const ref = piBrute(X, MU, sigma, y);
        expect(Math.abs(w.pi(y) - ref)).toBeLessThanOrEqual(1e-9 * Math.max(ref, 1e-3));
      }
    }
  });

  it('its pieces are min(pi_plus, pi_minus), split at the crossing points', () => {
    const w = tvWeight(X, MU, SIGMA);
    expect(w.pieces[0].a).toBe(w.lo);
    expect(w.pieces[w.pieces.length - 1].b).toBe(w.hi);
    for (const p of w.pieces) {
      for (const t of [0.001, 0.3, 0.5, 0.999]) {
        const u = p.a + t * (p.b - p.a);
        const ref = Math.min(piPlus(X, MU, u), piMinus(X, MU, u));
        expect(p.valueAtA + p.slope * (u - p.a)).toBeCloseTo(ref, 13);
      }
    }
    expect(w.pieces.some((p, i) => i > 0 && p.a === w.pieces[i - 1].b && p.side !== w.pieces[i - 1].side)).toBe(true);
  });

  it('is 0 outside [mu x_1, mu x_n] and positive inside, up to the ends', () => {
    const w = tvWeight(X, MU, SIGMA);
    expect(w.lo).toBeCloseTo(MU * -1.31, 15);
    expect(w.hi).toBeCloseTo(MU * 1.64, 15);
    for (const y of [w.lo - 1e-12, w.lo - 0.2, w.hi + 1e-12, w.hi + 3, -50, 50]) expect(w.pi(y)).toBe(0);
    for (const y of [w.lo, w.hi, 0, 0.5 * (w.lo + w.hi)]) expect(w.pi(y)).toBeGreaterThan(0);
    expect(w.piUntruncated(w.lo - 0.2)).toBeGreaterThan(0); // the convolution itself is not 0 there
  });

  it('is symmetric under x -> -x: pi(y; -x) = pi(-y; x)', () => {
    const w = tvWeight(X, MU, SIGMA), wNeg = tvWeight(X.map((v) => -v), MU, SIGMA);
    for (let k = 0; k <= 20; k++) {
      const y = w.lo - 0.1 + ((w.hi - w.lo + 0.2) * k) / 20;
      expect(wNeg.pi(-y)).toBeCloseTo(w.pi(y), 14);
    }
  });
});

describe('s* and its derivatives', () => {
  it("s*'' and s*' agree with finite differences of s*' and s*", () => {
    for (const sigma of [0.05, SIGMA, 0.57]) {
      for (let k = 0; k <= 24; k++) {
        const y = -1.6 + (3.4 * k) / 24, h = 1e-4 * sigma;
        const at = (t: number): { value: number; d1: number; d2: number } => sStarDerivatives(X, MU, sigma, t);
        const c = at(y), p = at(y + h), m = at(y - h), p2 = at(y + 2 * h), m2 = at(y - 2 * h);
        const fd1 = (8 * (p.value - m.value) - (p2.value - m2.value)) / (12 * h);
        const fd2 = (8 * (p.d1 - m.d1) - (p2.d1 - m2.d1)) / (12 * h);
        expect(Math.abs(c.d1 - fd1)).toBeLessThanOrEqual(1e-6 * (Math.abs(c.d1) + 1 / sigma ** 2));
        expect(Math.abs(c.d2 - fd2)).toBeLessThanOrEqual(1e-6 * (Math.abs(c.d2) + 1 / sigma ** 3));
      }
    }
  });

  it("s*''' agrees with finite differences of s*''", () => {
    for (const sigma of [0.05, SIGMA, 0.57]) {
      for (let k = 0; k <= 24; k++) {
        const y = -1.6 + (3.4 * k) / 24, h = 1e-4 * sigma;
        const at = (t: number): { d2: number; d3: number } => sStarDerivatives(X, MU, sigma, t);
        const fd3 = (8 * (at(y + h).d2 - at(y - h).d2) - (at(y + 2 * h).d2 - at(y - 2 * h).d2)) / (12 * h);
        expect(Math.abs(at(y).d3 - fd3)).toBeLessThanOrEqual(1e-6 * (Math.abs(at(y).d3) + 1 / sigma ** 4));
      }
    }
  });

  it("zerosOfSStarD2 finds every sign change of s*'' that a 200 000-point grid sees, and only zeros", () => {
    // Close pairs (gap sigma/10, sigma²) and far points, at sigma = 0.02.
    const x = [-1.2, -0.7, -0.698, -0.6996, 0.1, 0.1004, 0.45, 1.3, 2.1];
    const sigma = 0.02, mu = Math.sqrt(1 - sigma * sigma), lo = mu * -1.2, hi = mu * 2.1;
    const { zeros, breaks } = zerosOfSStarD2(x, mu, sigma, lo, hi);
    const d2 = (y: number): number => sStarDerivatives(x, mu, sigma, y).d2;
    const K = 200_000;
    let grid = 0, prev = d2(lo);
    for (let k = 1; k <= K; k++) {
      const y = lo + ((hi - lo) * k) / K, v = d2(y);
      if (v * prev < 0) {
        grid++;
        const a = lo + ((hi - lo) * (k - 1)) / K;
        expect(zeros.some((z) => z >= a && z <= y)).toBe(true);
      }
      if (v !== 0) prev = v;
    }
    expect(zeros.length).toBeGreaterThanOrEqual(grid);
    const scale = Math.max(...breaks.map((y) => Math.abs(sStarDerivatives(x, mu, sigma, y).d3)));
    for (const z of zeros) expect(Math.abs(d2(z))).toBeLessThanOrEqual(1e-9 * scale * sigma ** 2);
    for (const z of zeros) expect(breaks).toContain(z);
    expect(breaks[0]).toBe(lo);
    expect(breaks[breaks.length - 1]).toBe(hi);
  });

  it('matches the 1-D `sstar` reference case at sigma = 1e-3 (value, derivative: 1e-8)', () => {
    for (const { input, expected } of fixtures('sstar').filter((c) => !Array.isArray(c.input.x[0]))) {
      const got = (input.y as number[]).map((y) => sStarDerivatives(input.x, input.mu, input.sigma, y));
      expect(closeNormwise(got.map((g) => g.value), expected.value, 1e-8)).toBe(true);
      expect(closeNormwise(got.map((g) => g.d1), expected.derivative, 1e-8)).toBe(true);
    }
  });
});

describe('TV_pi(s*)', () => {
  it('matches brute-force Simpson with a finite-difference s*\'\'', () => {
    for (const sigma of [0.12, 0.57]) {
      const w = tvWeight(X, MU, sigma), h = 1e-4 * sigma;
      const f = (y: number): number => Math.abs(
        (sStarDerivatives(X, MU, sigma, y + h).d1 - sStarDerivatives(X, MU, sigma, y - h).d1) / (2 * h)) * w.pi(y);
      const ref = simpson(f, w.lo, w.hi, 60_000);
      const q = tvSStarQuadrature(X, MU, sigma);
      expect(q.converged).toBe(true);
      expect(Math.abs(q.value - ref)).toBeLessThanOrEqual(1e-6 * ref);
      expect(q.error).toBeLessThanOrEqual(1e-9 * q.value);
    }
  });

  it('grows as sigma shrinks (Theorem 4: s* becomes irregular)', () => {
    const tv = [0.5, 0.2, 0.08].map((s) => tvSStar(X, MU, s));
    expect(tv[1]).toBeGreaterThan(tv[0]);
    expect(tv[2]).toBeGreaterThan(tv[1]);
  });
});

describe('TV_pi(s_theta)', () => {
  const w = tvWeight(X, MU, SIGMA);

  it('one neuron: |w2 w1| / m · pi(tau), for w1 of either sign and any size', () => {
    for (const [w1, b, w2] of [[1, -0.2, 1.7], [-1, 0.4, -2.3], [-2.5, 0.5, 0.9], [0.5, 0.1, 3]]) {
      const model = { w1: [w1, 1, -1, 0], b: [b, 0.1, 0.2, 0.3], w2: [w2, 0, 0, 5] }; // m = 4; w1 = 0: no kink
      const tau = -b / w1;
      expect(tvNet(model, X, MU, SIGMA)).toBeCloseTo((Math.abs(w2 * w1) / 4) * w.pi(tau), 15);
    }
  });

  it('kink masses are the jumps of s_theta\'', () => {
    const model = { w1: [1, -1, -2, 1, 0.5], b: [-0.2, 0.4, 0.1, 0.3, -0.05], w2: [1.5, -0.7, 2.2, -1.1, 0.6] };
    const m = model.b.length;
    const s = (y: number): number => model.b.reduce((acc, bl, l) => acc + model.w2[l] * Math.max(0, model.w1[l] * y + bl), 0) / m;
    const { tau, mass } = kinks(model);
    const h = 1e-6;
    tau.forEach((t, k) => {
      const jump = (s(t + 2 * h) - s(t + h)) / h - (s(t - h) - s(t - 2 * h)) / h;
      expect(jump).toBeCloseTo(mass[k], 6);
    });
  });

  it('groups coinciding kinks: opposite masses at one kink cancel', () => {
    const cancel = { w1: [1, -1], b: [-0.3, 0.3], w2: [2, -2] }; // masses +2/2 and -2/2 at tau = 0.3
    expect(kinks(cancel)).toEqual({ tau: [0.3], mass: [0] });
    expect(tvNet(cancel, X, MU, SIGMA)).toBe(0);
    const add = { w1: [1, -1], b: [-0.3, 0.3], w2: [2, 2] }; // the paper's w1 w2 would cancel these
    expect(tvNet(add, X, MU, SIGMA)).toBeCloseTo(2 * w.pi(0.3), 15);
    const apart = { w1: [1, -1], b: [-0.3, 0.31], w2: [2, -2] };
    expect(tvNet(apart, X, MU, SIGMA)).toBeCloseTo(w.pi(0.3) + w.pi(0.31), 15);
  });

  it('kinks outside [mu x_1, mu x_n] weigh nothing', () => {
    expect(tvNet({ w1: [1, -1], b: [5, -4], w2: [3, 1] }, X, MU, SIGMA)).toBe(0);
  });
});

describe('reference cases op "tv" (relative 1e-6)', () => {
  for (const [k, { input, expected }] of fixtures('tv').entries()) {
    it(`case ${k}: model, sstar and pi; pi is truncated to [mu x_1, mu x_n]`, () => {
      const { x, mu, sigma, model, y } = input;
      const w = tvWeight(x, mu, sigma);
      expect(closeNormwise((y as number[]).map((v) => w.pi(v)), expected.pi, 1e-6)).toBe(true);
      expect(closeNormwise(tvNet(model, x, mu, sigma), expected.model, 1e-6)).toBe(true);
      expect(closeNormwise(tvSStar(x, mu, sigma), expected.sstar, 1e-6)).toBe(true);
      // The reading without truncation (convolution on all of R) misses the case by percents.
      const { tau, mass } = kinks(model);
      const untruncated = tau.reduce((acc, t, i) => acc + Math.abs(mass[i]) * w.piUntruncated(t), 0);
      expect(Math.abs(untruncated / expected.model - 1)).toBeGreaterThan(1e-2);
    });
  }
});

describe('validation', () => {
  const field = (fn: () => unknown): string | undefined => {
    try { fn(); } catch (e) { return e instanceof InputError ? `${e.field}|${e.path}` : 'other'; }
    return undefined;
  };
  it('names the field at fault', () => {
    expect(field(() => tvSStar([], MU, SIGMA))).toBe('x|x');
    expect(field(() => tvSStar([0, NaN], MU, SIGMA))).toBe('x|x[1]');
    expect(field(() => tvSStar(X, 1.2, SIGMA))).toBe('mu|mu');
    expect(field(() => tvNet({ w1: [1], b: [0], w2: [1] }, X, MU, 0))).toBe('sigma|sigma');
    expect(field(() => tvNet({ w1: [1, 2], b: [0], w2: [1] }, X, MU, SIGMA))).toBe('model|model.w1');
    expect(field(() => tvNet({ w1: [1], b: [0], w2: ['a' as unknown as number] }, X, MU, SIGMA))).toBe('model|model.w2[0]');
  });
});
