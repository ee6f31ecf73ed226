// netForward / netBackward must agree bit for bit on both backends (same sums in the same
// order, assembly/kernels/netBlocks.ts header), across the shapes and edge cases below.
import { scratchLength } from '../../src/backend/index.js';
import type { Backend } from '../../src/backend/index.js';
import { experimentParams, gaussianParams, theoryParams } from '../helpers/nets.js';
import type { Outputs, ParityCase } from '../helpers/parity.js';
import { seededNormals, snapshot } from '../helpers/parity.js';

interface NetCase {
  label: string;
  dIn: number; m: number; dOut: number; B: number;
  params: () => Float64Array;
  X: () => Float64Array;
}

function runForward(be: Backend, c: NetCase): Outputs {
  const params = be.f64From(c.params()), X = be.f64From(c.X());
  const out = be.f64(c.B * c.dOut), scratch = be.f64(scratchLength.net(c.dIn, c.m, c.dOut));
  be.netForward(params, c.dIn, c.m, c.dOut, X, c.B, out, scratch);
  return { out: snapshot(out) };
}

function runBackward(be: Backend, c: NetCase): Outputs {
  const params = be.f64From(c.params()), X = be.f64From(c.X());
  const gOut = be.f64From(seededNormals(99, c.B * c.dOut));
  const grad = be.f64From(new Float64Array(c.m * (c.dIn + 1 + c.dOut)).fill(NaN)); // overwritten
  const scratch = be.f64(scratchLength.net(c.dIn, c.m, c.dOut));
  be.netBackward(params, c.dIn, c.m, c.dOut, X, c.B, gOut, grad, scratch);
  return { grad: snapshot(grad) };
}

/** X with the listed rows set to exactly zero (so that b = 0 puts every neuron on its kink). */
function withZeroRows(X: Float64Array, dIn: number, rows: number[]): Float64Array {
  for (const b of rows) X.fill(0, b * dIn, (b + 1) * dIn);
  return X;
}

const nets: NetCase[] = [
  { label: 'd=1, m=1, B=1', dIn: 1, m: 1, dOut: 1, B: 1,
    params: () => gaussianParams(1, 1, 1, 1), X: () => seededNormals(2, 1) },
  { label: 'd=1, m=13 (odd), B=7 (odd)', dIn: 1, m: 13, dOut: 1, B: 7,
    params: () => gaussianParams(3, 1, 13, 1), X: () => seededNormals(4, 7) },
  { label: 'd=1 theory model (w1 = ±1), m=101', dIn: 1, m: 101, dOut: 1, B: 33,
    params: () => theoryParams(5, 101), X: () => seededNormals(6, 33, 2) },
  { label: 'd=10 experiment model, m=1000, B=50 (paper size)', dIn: 10, m: 1000, dOut: 10, B: 50,
    params: () => experimentParams(7, 10, 1000, 10), X: () => seededNormals(8, 500) },
  { label: 'd=10, m=9, B=17 (row block + 1)', dIn: 10, m: 9, dOut: 10, B: 17,
    params: () => gaussianParams(9, 10, 9, 10), X: () => seededNormals(10, 170) },
  { label: 'time-conditioned dIn=3 -> dOut=2, m=37', dIn: 3, m: 37, dOut: 2, B: 21,
    params: () => gaussianParams(11, 3, 37, 2), X: () => seededNormals(12, 63) },
  { label: 'inputs far outside the data (|y| ~ 1e6)', dIn: 2, m: 15, dOut: 2, B: 9,
    params: () => gaussianParams(13, 2, 15, 2), X: () => seededNormals(14, 18, 1e6) },
  { label: 'inputs on every kink (b = 0, y = 0) among others', dIn: 10, m: 1000, dOut: 10, B: 5,
    params: () => experimentParams(15, 10, 1000, 10), X: () => withZeroRows(seededNormals(16, 50), 10, [0, 3]) },
  { label: 'd=1 kinks: y = -b/w1 exactly (w1 = ±1)', dIn: 1, m: 19, dOut: 1, B: 19,
    params: () => theoryParams(17, 19),
    X: () => { const p = theoryParams(17, 19); return Float64Array.from({ length: 19 }, (_, l) => -p[19 + l] / p[l]); } },
];

export const cases: ParityCase[] = nets.flatMap((c): ParityCase[] => [
  { kernel: 'netForward', label: c.label, tol: { default: 0 }, run: (be) => runForward(be, c) },
  { kernel: 'netBackward', label: c.label, tol: { default: 0 }, run: (be) => runBackward(be, c) },
]);
