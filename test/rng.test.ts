// The generator on its own terms (not leaning on the twin): moments and a Kolmogorov–Smirnov
// test of the normals, the range and mean of the uniforms, and the fdlibm log against Math.log.
import { describe, expect, it } from 'vitest';
import { logPort } from '../src/backend/ts/rng.js';
import { BACKENDS } from './helpers/parity.js';

const N = 200_000;

/** Standard normal CDF, Phi(z) = erfc(-z/sqrt 2)/2, with erfc from the Numerical Recipes
 *  `erfcc` Chebyshev fit (relative error < 1.2e-7: far below the KS statistic's 1/sqrt(N)). */
function phi(z: number): number {
  const x = -z / Math.SQRT2;
  const t = 1 / (1 + 0.5 * Math.abs(x));
  const r = t * Math.exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 +
    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  const erfc = x >= 0 ? r : 2 - r;
  return 0.5 * erfc;
}

describe.each(BACKENDS.map((be) => [be.name, be] as const))('rng on %s', (_name, be) => {
  it('normals have mean 0, variance 1, skewness 0, kurtosis 3 within 5 standard errors', () => {
    const st = be.f64(6), out = be.f64(N);
    be.rngSeed(st, 11);
    be.rngNormals(st, out, N);
    const z = out.view();
    let m1 = 0, m2 = 0, m3 = 0, m4 = 0;
    for (const v of z) { m1 += v; m2 += v * v; m3 += v * v * v; m4 += v * v * v * v; }
    m1 /= N; m2 /= N; m3 /= N; m4 /= N;
    expect(Math.abs(m1)).toBeLessThan(5 / Math.sqrt(N));
    expect(Math.abs(m2 - 1)).toBeLessThan(5 * Math.sqrt(2 / N));
    expect(Math.abs(m3)).toBeLessThan(5 * Math.sqrt(15 / N));
    expect(Math.abs(m4 - 3)).toBeLessThan(5 * Math.sqrt(96 / N));
  });

  it('normals pass a Kolmogorov–Smirnov test against N(0, 1) at level 0.001', () => {
    const st = be.f64(6), out = be.f64(N);
    be.rngSeed(st, 12);
    be.rngNormals(st, out, N);
    const z = Float64Array.from(out.view()).sort();
    let D = 0;
    for (let i = 0; i < N; i++) {
      const F = phi(z[i]);
      D = Math.max(D, (i + 1) / N - F, F - i / N);
    }
    // P(sqrt(N) D > 1.95) ≈ 0.001 (Kolmogorov distribution)
    expect(Math.sqrt(N) * D).toBeLessThan(1.95);
  });

  it('uniforms lie in [0, 1), are multiples of 2^-53 and have mean 1/2', () => {
    const st = be.f64(6), out = be.f64(N);
    be.rngSeed(st, 13);
    be.rngUniforms(st, out, N);
    let sum = 0, outside = 0, offGrid = 0;
    for (const u of out.view()) {
      if (!(u >= 0 && u < 1)) outside++;
      if (!Number.isInteger(u * 2 ** 53)) offGrid++;
      sum += u;
    }
    expect([outside, offGrid]).toEqual([0, 0]);
    expect(Math.abs(sum / N - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / N));
  });

  it('different seeds give different streams; the same seed the same', () => {
    const a = be.f64(6), b = be.f64(6), oa = be.f64(100), ob = be.f64(100);
    be.rngSeed(a, 1); be.rngSeed(b, 2);
    be.rngNormals(a, oa, 100); be.rngNormals(b, ob, 100);
    expect(Array.from(oa.view())).not.toEqual(Array.from(ob.view()));
    be.rngSeed(b, 1);
    be.rngNormals(b, ob, 100);
    expect(Array.from(oa.view())).toEqual(Array.from(ob.view()));
  });
});

describe('logPort (fdlibm log, ported to both backends)', () => {
  it('is within 1 ulp of Math.log on (0, 1) including subnormals and values near 1', () => {
    const xs = [5e-324, 1e-310, 2 ** -1022, 1e-300, 1e-20, 0.1, 0.5, 0.7071, 0.99999, 1 - 2 ** -53, 1 - 1e-7];
    for (let i = 1; i < 2000; i++) xs.push(i / 2000, Math.pow(i / 2000, 40));
    for (const x of xs) {
      const want = Math.log(x), got = logPort(x);
      const ulp = Math.abs(want) * 2 ** -52 || Number.MIN_VALUE;
      expect(Math.abs(got - want), `log(${x})`).toBeLessThanOrEqual(ulp);
    }
  });
});
