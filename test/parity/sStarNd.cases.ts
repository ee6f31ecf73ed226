import type { Backend } from '../../src/backend/index.js';
import type { Outputs, ParityCase } from '../helpers/parity.js';
import { seededNormals, seededUniforms, snapshot } from '../helpers/parity.js';

// s* in d dimensions on both backends: as sStar1d.cases.ts (the same operations in the same
// order, Math.exp vs the Wasm vexp), every output within 1e-12 norm-wise.

const TOL = 1e-12;
const SIGMAS = [1e-3, 0.05, 0.57];
const muOf = (sigma: number): number => Math.sqrt(1 - sigma * sigma); // mu² + sigma² = 1

/** n rows of d-D data, N(0, scale² I), row-major. */
function dataNd(seed: number, n: number, d: number, scale: number): Float64Array {
  return seededNormals(seed, n * d, scale);
}

/** Evaluation points (rows) of every kind: far, at data rows, midway between rows 0-1 and 2-3, random. */
function pointsNd(x: Float64Array, n: number, d: number, mu: number): number[] {
  const row = (i: number): number[] => Array.from(x.subarray(i * d, (i + 1) * d));
  const far = [Array.from({ length: d }, (_, c) => (c === 0 ? 30 : -0.5)), Array.from({ length: d }, () => -12)];
  const at = [0, 1, n - 1].map((i) => row(i).map((v) => mu * v));
  const mid = [[0, 1], [2, 3]].map(([a, b]) => row(a).map((v, c) => mu * (v + row(b)[c]) / 2));
  const rnd = Array.from({ length: 4 }, (_, k) => Array.from(seededUniforms(40 + k, d, -3, 3)));
  return [...far, ...at, ...mid, ...rnd].flat();
}

/** Run sStarNd at y (p × d); the Jacobian when `jac`. */
function runNd(be: Backend, x: Float64Array, n: number, d: number, mu: number, sigma: number,
  y: number[], jac: boolean): Outputs {
  const p = y.length / d;
  const X = be.f64From(x), Y = be.f64From(y), v = be.f64(p * d), J = jac ? be.f64(p * d * d) : null;
  be.sStarNd(X, n, d, mu, sigma, Y, p, v, J);
  const out: Outputs = { value: snapshot(v) };
  if (J) out.jacobian = snapshot(J);
  for (const b of [X, Y, v, J]) b?.free();
  return out;
}

const casesNd: ParityCase[] = [[1, 12], [2, 10], [3, 10], [10, 20]].flatMap(([d, n]) =>
  SIGMAS.map((sigma): ParityCase => {
    const mu = muOf(sigma), x = dataNd(100 + d, n, d, 2);
    return {
      kernel: 'sStarNd', label: `d ${d}, n ${n}, sigma ${sigma}: far, at, midway, random`, tol: { default: TOL },
      run: (be) => runNd(be, x, n, d, mu, sigma, pointsNd(x, n, d, mu), true),
    };
  }));

const edgeNd: ParityCase[] = [
  {
    kernel: 'sStarNd', label: 'n = 1, d 2, sigma 0.05', tol: { default: TOL },
    run: (be) => runNd(be, Float64Array.of(0.3, -0.2), 1, 2, muOf(0.05), 0.05, [-3, 1, 0.29, -0.19, 5, 5], true),
  },
  {
    kernel: 'sStarNd', label: 'value only, d 100, n 10, sigma 0.31', tol: { default: TOL },
    run: (be) => runNd(be, dataNd(9, 10, 100, 2), 10, 100, muOf(0.31), 0.31,
      Array.from(seededNormals(10, 7 * 100, 2)), false),
  },
];

export const cases: ParityCase[] = [...casesNd, ...edgeNd];
