// s* (paper eq. 6, 9) against oracles that do not lean on the TypeScript twin, on both
// backends: the naive formula, finite differences, the nearest-point limit, d = 1 vs 1-D, and
// the public reference cases (closed forms computed outside this project, tol 1e-8).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BACKENDS, normwiseError, seededNormals, seededUniforms } from './helpers/parity.js';
import { centralDiff, jacobianByDiff, naive1d, sStar1dOn, sStarNdOn } from './helpers/sStarOracle.js';

const muOf = (sigma: number): number => Math.sqrt(1 - sigma * sigma);
const data = seededNormals(21, 20).sort();
const span = (x: Float64Array, mu: number, pad: number, count: number): number[] =>
  Array.from({ length: count }, (_, i) => mu * x[0] - pad + (mu * (x[x.length - 1] - x[0]) + 2 * pad) * i / (count - 1));

interface Reference { input: Record<string, any>; expected: Record<string, any> }
const references: Reference[] = readFileSync(new URL('./fixtures/compute-public.jsonl', import.meta.url), 'utf8')
  .trim().split('\n').map((l) => JSON.parse(l) as Reference).filter((r) => r.input.op === 'sstar');

for (const be of BACKENDS) {
  describe(`sStar (${be.name})`, () => {
    it('matches the naive formula (direct exp, raw moments) at sigma 0.3 to 0.6', () => {
      for (const sigma of [0.3, 0.45, 0.6]) {
        const mu = muOf(sigma), y = span(data, mu, 2, 61);
        const got = sStar1dOn(be, data, mu, sigma, y);
        const naive = y.map((v) => naive1d(data, mu, sigma, v));
        expect(normwiseError(got.value, naive.map((r) => r.value))).toBeLessThan(1e-14);
        // the naive raw moments cancel (E W² - (E W)²): measured 2e-14 and 2e-13 at sigma 0.3
        expect(normwiseError(got.derivative, naive.map((r) => r.derivative))).toBeLessThan(1e-12);
        expect(normwiseError(got.secondDerivative, naive.map((r) => r.secondDerivative))).toBeLessThan(1e-11);
      }
    });

    it("s*' matches finite differences of s*, s*'' those of s*' (sigma >= 0.05)", () => {
      for (const sigma of [0.05, 0.31, 0.57]) {
        const mu = muOf(sigma), y = span(data, mu, 1, 83), h = sigma * 3e-4;
        const got = sStar1dOn(be, data, mu, sigma, y);
        const ds = centralDiff((z) => sStar1dOn(be, data, mu, sigma, z).value, y, h);
        const dd = centralDiff((z) => sStar1dOn(be, data, mu, sigma, z).derivative, y, h);
        expect(normwiseError(got.derivative, ds)).toBeLessThan(1e-10); // measured <= 5e-12
        expect(normwiseError(got.secondDerivative, dd)).toBeLessThan(1e-10); // measured <= 7e-12
      }
    });

    it('the d-D Jacobian matches finite differences (d 2 and 10, sigma 0.05 and 0.4)', () => {
      for (const [d, n] of [[2, 10], [10, 20]]) {
        for (const sigma of [0.05, 0.4]) {
          const mu = muOf(sigma), x = seededNormals(30 + d, n * d, 2);
          const y = [...Array.from(x.subarray(0, 3 * d), (v) => mu * v + 0.02), ...seededUniforms(31, 4 * d, -3, 3)];
          const got = sStarNdOn(be, x, d, mu, sigma, y);
          const fd = jacobianByDiff((z) => sStarNdOn(be, x, d, mu, sigma, z).value, y, d, sigma * 1e-3);
          expect(normwiseError(got.jacobian, fd)).toBeLessThan(1e-10); // measured <= 1.2e-11
        }
      }
    });

    it('sStarNd with d = 1 is sStar1d bit for bit', () => {
      for (const sigma of [1e-3, 0.05, 0.57]) {
        const mu = muOf(sigma), y = [...span(data, mu, 3, 40), -40, 55];
        const one = sStar1dOn(be, data, mu, sigma, y), nd = sStarNdOn(be, data, 1, mu, sigma, y);
        expect(Array.from(nd.value)).toEqual(Array.from(one.value));
        expect(Array.from(nd.jacobian)).toEqual(Array.from(one.derivative));
      }
    });

    it('sigma = 1e-3: finite everywhere, the nearest-point limit far away', () => {
      const sigma = 1e-3, mu = muOf(sigma), s2 = sigma * sigma;
      const mids = Array.from({ length: 19 }, (_, i) => mu * (data[i] + data[i + 1]) / 2);
      const far = [-40, -7, 9, 55];
      const got = sStar1dOn(be, data, mu, sigma, [...span(data, mu, 0.5, 101), ...mids, ...far]);
      for (const k of ['value', 'derivative', 'secondDerivative'] as const) {
        expect(got[k].every(Number.isFinite), k).toBe(true);
      }
      const nearest = (y: number): number => (y < mu * data[0] ? data[0] : data[19]);
      const limit = far.map((y) => (mu * nearest(y) - y) / s2);
      expect(normwiseError(got.value.slice(-4), limit)).toBeLessThan(1e-15);
      expect(normwiseError(got.derivative.slice(-4), far.map(() => -1 / s2))).toBeLessThan(1e-15);
    });

    it('sigma = 1e-3 in d-D: s* = (mu x_k - y)/sigma² and J = -I/sigma² far away', () => {
      const sigma = 1e-3, mu = muOf(sigma), d = 3, x = seededNormals(50, 10 * d, 2);
      const y = [40, 0, 0, -1, -35, 2];
      const got = sStarNdOn(be, x, d, mu, sigma, y);
      const expected: number[] = [];
      for (let j = 0; j < 2; j++) {
        let best = Infinity, k = 0;
        for (let i = 0; i < 10; i++) {
          let q = 0;
          for (let c = 0; c < d; c++) q += (y[j * d + c] - mu * x[i * d + c]) ** 2;
          if (q < best) { best = q; k = i; }
        }
        for (let c = 0; c < d; c++) expected.push((mu * x[k * d + c] - y[j * d + c]) / (sigma * sigma));
      }
      expect(normwiseError(got.value, expected)).toBeLessThan(1e-15);
      const minusI = Array.from({ length: 2 * d * d }, (_, i) => (i % (d * d) % (d + 1) === 0 ? -1 / (sigma * sigma) : 0));
      expect(normwiseError(got.jacobian, minusI)).toBeLessThan(1e-15);
    });

    it('asking for the derivatives does not change the value', () => {
      const sigma = 0.05, mu = muOf(sigma), y = span(data, mu, 1, 31), p = y.length;
      const X = be.f64From(data), Y = be.f64From(y), v = be.f64(p);
      be.sStar1d(X, 20, mu, sigma, Y, p, v, null, null);
      expect(Array.from(v.view())).toEqual(Array.from(sStar1dOn(be, data, mu, sigma, y).value));
    });

    it('matches the public reference cases (tol 1e-8, norm-wise)', () => {
      expect(references.length).toBe(2);
      for (const { input, expected } of references) {
        const { mu, sigma } = input;
        if (typeof input.x[0] === 'number') {
          const got = sStar1dOn(be, input.x, mu, sigma, input.y);
          expect(normwiseError(got.value, expected.value)).toBeLessThan(1e-8);
          expect(normwiseError(got.derivative, expected.derivative)).toBeLessThan(1e-8);
          if (expected.second_derivative) {
            expect(normwiseError(got.secondDerivative, expected.second_derivative)).toBeLessThan(1e-8);
          }
        } else {
          const d = input.x[0].length;
          const got = sStarNdOn(be, input.x.flat(), d, mu, sigma, input.y.flat());
          expect(normwiseError(got.value, expected.value.flat())).toBeLessThan(1e-8);
          expect(normwiseError(got.jacobian, expected.jacobian.flat(2))).toBeLessThan(1e-8);
        }
      }
    });
  });
}
