import type { Backend } from '../../src/backend/index.js';
import type { Outputs, ParityCase } from '../helpers/parity.js';
import { seededNormals, seededUniforms, snapshot } from '../helpers/parity.js';

// s* on both backends: the same operations in the same order, Math.exp vs the Wasm vexp
// (<= 2 ulp apart), so every output agrees to 1e-12 norm-wise. Two exceptions, both about
// conditioning, not about the code: s*'' at sigma = 1e-3 (a one-ulp change of y moves it by
// more than its scale) is never compared, and at sigma = 1e-3 the value midway between two
// points is a cancellation to rounding noise (~1e-5 against a scale of 1e6), so the midway
// points are compared on their own for s*' only, and for s* only inside arrays that also
// hold far and on-data points (the scale the reference cases judge them against).

const TOL = 1e-12;
const SIGMAS = [1e-3, 0.05, 0.57];
const muOf = (sigma: number): number => Math.sqrt(1 - sigma * sigma); // mu² + sigma² = 1

/** n sorted 1-D data points, N(0, 1). */
function data1d(seed: number, n: number): Float64Array {
  return seededNormals(seed, n).sort();
}

/** Evaluation points of one kind for 1-D data x at noise mu. */
function points1d(kind: string, x: Float64Array, mu: number): number[] {
  const n = x.length, lo = mu * x[0], hi = mu * x[n - 1];
  const far = [-40, 55, lo - 8, hi + 8, lo - 0.5];
  const at = Array.from(x, (v) => mu * v);
  const mid = Array.from({ length: n - 1 }, (_, i) => mu * (x[i] + x[i + 1]) / 2);
  const grid = Array.from({ length: 25 }, (_, i) => lo - 3 + (hi - lo + 6) * i / 24);
  if (kind === 'far') return far;
  if (kind === 'at') return at;
  if (kind === 'mid') return mid;
  return [...grid, ...mid, ...at, ...far];
}

/** Run sStar1d; second derivative only when `second`, derivative only when `first`. */
function run1d(be: Backend, x: Float64Array, mu: number, sigma: number, y: number[],
  outs: { value: boolean; first: boolean; second: boolean }): Outputs {
  const p = y.length;
  const X = be.f64From(x), Y = be.f64From(y), v = be.f64(p);
  const d1 = outs.first ? be.f64(p) : null, d2 = outs.second ? be.f64(p) : null;
  be.sStar1d(X, x.length, mu, sigma, Y, p, v, d1, d2);
  const out: Outputs = {};
  if (outs.value) out.value = snapshot(v);
  if (d1) out.derivative = snapshot(d1);
  if (d2) out.secondDerivative = snapshot(d2);
  for (const b of [X, Y, v, d1, d2]) b?.free();
  return out;
}

const cases1d: ParityCase[] = SIGMAS.flatMap((sigma) => {
  const mu = muOf(sigma), tiny = sigma < 0.01, x = data1d(11, 20);
  return ['far', 'at', 'mid', 'all'].map((kind): ParityCase => ({
    kernel: 'sStar1d', label: `sigma ${sigma}, n 20, points ${kind}`, tol: { default: TOL },
    run: (be) => run1d(be, x, mu, sigma, points1d(kind, x, mu),
      { value: !(tiny && kind === 'mid'), first: true, second: !tiny }),
  }));
});

const edge1d: ParityCase[] = [
  {
    kernel: 'sStar1d', label: 'n = 1, sigma 0.05', tol: { default: TOL },
    run: (be) => run1d(be, Float64Array.of(0.3), muOf(0.05), 0.05, [-3, 0.3 * muOf(0.05), 0.31, 5],
      { value: true, first: true, second: true }),
  },
  {
    kernel: 'sStar1d', label: 'value only, odd p, sigma 0.57, n 200', tol: { default: TOL },
    run: (be) => run1d(be, data1d(5, 200), muOf(0.57), 0.57, Array.from(seededUniforms(6, 101, -4, 4)),
      { value: true, first: false, second: false }),
  },
  {
    kernel: 'sStar1d', label: 's*\'\' without s*\', sigma 0.05, unsorted data', tol: { default: TOL },
    run: (be) => run1d(be, seededNormals(7, 30), muOf(0.05), 0.05, Array.from(seededUniforms(8, 41, -3, 3)),
      { value: true, first: false, second: true }),
  },
];

export const cases: ParityCase[] = [...cases1d, ...edge1d];
