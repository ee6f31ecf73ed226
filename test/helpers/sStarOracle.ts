// Oracles for s* that share nothing with the kernels: the naive formula (6) with direct exp
// and raw moments, and 4th-order central finite differences.
import type { Backend } from '../../src/backend/index.js';

export interface SStar1dOut {
  value: Float64Array;
  derivative: Float64Array;
  secondDerivative: Float64Array;
}

/** Run a backend's sStar1d on plain arrays, all three outputs. */
export function sStar1dOn(be: Backend, x: ArrayLike<number>, mu: number, sigma: number,
  y: ArrayLike<number>): SStar1dOut {
  const p = y.length;
  const X = be.f64From(x), Y = be.f64From(y), v = be.f64(p), d1 = be.f64(p), d2 = be.f64(p);
  be.sStar1d(X, x.length, mu, sigma, Y, p, v, d1, d2);
  const out = { value: v.view().slice(), derivative: d1.view().slice(), secondDerivative: d2.view().slice() };
  for (const b of [X, Y, v, d1, d2]) b.free();
  return out;
}

/** Run a backend's sStarNd on plain arrays (x: n × d, y: p × d), value and Jacobian. */
export function sStarNdOn(be: Backend, x: ArrayLike<number>, d: number, mu: number, sigma: number,
  y: ArrayLike<number>): { value: Float64Array; jacobian: Float64Array } {
  const n = x.length / d, p = y.length / d;
  const X = be.f64From(x), Y = be.f64From(y), v = be.f64(p * d), J = be.f64(p * d * d);
  be.sStarNd(X, n, d, mu, sigma, Y, p, v, J);
  const out = { value: v.view().slice(), jacobian: J.view().slice() };
  for (const b of [X, Y, v, J]) b.free();
  return out;
}

/** (6) and (9) the naive way: w_i = exp(-(y - mu x_i)²/(2 sigma²)) unshifted, raw moments
 *  E W^k, Var = E W² - (E W)², third central moment = E W³ - 3 E W E W² + 2 (E W)³.
 *  Fine at moderate sigma, useless at sigma = 1e-3 (every w_i underflows). */
export function naive1d(x: ArrayLike<number>, mu: number, sigma: number, y: number):
  { value: number; derivative: number; secondDerivative: number } {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, num = 0;
  for (let i = 0; i < x.length; i++) {
    const w = Math.exp(-((y - mu * x[i]) ** 2) / (2 * sigma ** 2));
    s0 += w; s1 += w * x[i]; s2 += w * x[i] ** 2; s3 += w * x[i] ** 3;
    num += (mu * x[i] - y) * w;
  }
  const e1 = s1 / s0, e2 = s2 / s0, e3 = s3 / s0;
  const variance = e2 - e1 * e1, third = e3 - 3 * e1 * e2 + 2 * e1 ** 3;
  return {
    value: num / (sigma ** 2 * s0),
    derivative: (-1 + (mu ** 2 / sigma ** 2) * variance) / sigma ** 2,
    secondDerivative: (mu ** 3 / sigma ** 6) * third,
  };
}

/** 4th-order central difference of a vector function at every point: for f evaluated on the
 *  four shifted copies y ± h, y ± 2h of all points at once. */
export function centralDiff(f: (y: number[]) => ArrayLike<number>, y: number[], h: number): Float64Array {
  const shift = (k: number): number[] => y.map((v) => v + k * h);
  const [m2, m1, p1, p2] = [-2, -1, 1, 2].map((k) => f(shift(k)));
  return Float64Array.from(y, (_, i) => (m2[i] - 8 * m1[i] + 8 * p1[i] - p2[i]) / (12 * h));
}

/** Jacobian (p × d × d, J[a][c] = ∂s_a/∂y_c) of the rows of `value(y)` by 4th-order central
 *  differences in each coordinate c. */
export function jacobianByDiff(value: (y: number[]) => ArrayLike<number>, y: number[], d: number, h: number): Float64Array {
  const p = y.length / d;
  const J = new Float64Array(p * d * d);
  for (let c = 0; c < d; c++) {
    const shifted = (k: number): ArrayLike<number> => value(y.map((v, idx) => (idx % d === c ? v + k * h : v)));
    const [m2, m1, p1, p2] = [-2, -1, 1, 2].map(shifted);
    for (let j = 0; j < p; j++) {
      for (let a = 0; a < d; a++) {
        const k = j * d + a;
        J[j * d * d + a * d + c] = (m2[k] - 8 * m1[k] + 8 * p1[k] - p2[k]) / (12 * h);
      }
    }
  }
  return J;
}
