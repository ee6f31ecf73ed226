// netForwardF32 / netBackwardF32 must agree bit for bit on both backends (the f32 sums of
// assembly/kernels/netBlocksF32.ts, in the same order), on the shapes of reluNet.cases.ts plus
// widths around the 16-neuron group (m = 15, 16, 17).
import { scratchLength } from '../../src/backend/index.js';
import type { Backend } from '../../src/backend/index.js';
import { experimentParams, gaussianParams, theoryParams } from '../helpers/nets.js';
import type { Outputs, ParityCase } from '../helpers/parity.js';
import { seededNormals, snapshot } from '../helpers/parity.js';

interface NetCase { label: string; dIn: number; m: number; dOut: number; B: number; params: () => Float64Array; X: () => Float64Array }

function runForward(be: Backend, c: NetCase): Outputs {
  const params = be.f32From(c.params()), X = be.f32From(c.X());
  const out = be.f32(c.B * c.dOut), scratch = be.f32(scratchLength.netF32(c.dIn, c.m, c.dOut));
  be.netForwardF32(params, c.dIn, c.m, c.dOut, X, c.B, out, scratch);
  return { out: snapshot(out) };
}

function runBackward(be: Backend, c: NetCase): Outputs {
  const params = be.f32From(c.params()), X = be.f32From(c.X());
  const gOut = be.f32From(seededNormals(99, c.B * c.dOut));
  const grad = be.f32From(new Float64Array(c.m * (c.dIn + 1 + c.dOut)).fill(NaN));
  const scratch = be.f32(scratchLength.netF32(c.dIn, c.m, c.dOut));
  be.netBackwardF32(params, c.dIn, c.m, c.dOut, X, c.B, gOut, grad, scratch);
  return { grad: snapshot(grad) };
}

const nets: NetCase[] = [
  { label: 'd=1, m=1, B=1', dIn: 1, m: 1, dOut: 1, B: 1, params: () => gaussianParams(1, 1, 1, 1), X: () => seededNormals(2, 1) },
  { label: 'd=1, m=15, B=7', dIn: 1, m: 15, dOut: 1, B: 7, params: () => gaussianParams(3, 1, 15, 1), X: () => seededNormals(4, 7) },
  { label: 'd=2, m=16 (one group), B=3', dIn: 2, m: 16, dOut: 2, B: 3, params: () => gaussianParams(5, 2, 16, 2), X: () => seededNormals(6, 6) },
  { label: 'd=1 theory model, m=17, B=33', dIn: 1, m: 17, dOut: 1, B: 33, params: () => theoryParams(7, 17), X: () => seededNormals(8, 33, 2) },
  { label: 'd=10 experiment model, m=1000, B=50 (paper size)', dIn: 10, m: 1000, dOut: 10, B: 50,
    params: () => experimentParams(9, 10, 1000, 10), X: () => seededNormals(10, 500) },
  { label: 'time-conditioned dIn=3 -> dOut=2, m=37, B=21', dIn: 3, m: 37, dOut: 2, B: 21,
    params: () => gaussianParams(11, 3, 37, 2), X: () => seededNormals(12, 63) },
  { label: 'inputs on every kink (b = 0, y = 0) among others', dIn: 10, m: 100, dOut: 10, B: 5,
    params: () => experimentParams(13, 10, 100, 10), X: () => { const X = seededNormals(14, 50); X.fill(0, 10, 20); return X; } },
];

export const cases: ParityCase[] = nets.flatMap((c): ParityCase[] => [
  { kernel: 'netForwardF32', label: c.label, tol: { default: 0 }, run: (be) => runForward(be, c) },
  { kernel: 'netBackwardF32', label: c.label, tol: { default: 0 }, run: (be) => runBackward(be, c) },
]);
