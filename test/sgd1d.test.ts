// sgd1d (sorted kinks + prefix sums) against a plain dense B × m reference written here from
// the definition (SPEC §1): same draws (replayed with the TS Xoshiro), s, loss and gradient
// summed neuron by neuron with relu'(u) = 1{u > 0}.
import { describe, expect, it } from 'vitest';
import { scratchLength } from '../src/backend/index.js';
import { Xoshiro, rngSeed } from '../src/backend/ts/rng.js';
import { BACKENDS, normwiseError, seededNormals } from './helpers/parity.js';
import { experimentModel, firstBatchPoint, runSgd1d, theoryModel, tieGeneral, tieModel, withZeroW1, type Sgd1dRun } from './parity/sgd1d.cases.js';

interface DenseResult { params: Float64Array; losses: number[]; returned: number }

/** `epochs` dense SGD steps; stops before applying a step with a non-finite loss. */
function denseSgd(p0: Float64Array, m: number, x: Float64Array, mu: number, sigma: number, eta: number,
  B: number, epochs: number, trainW1: boolean, seed: number): DenseResult {
  const p = p0.slice(), n = x.length;
  const st = new Float64Array(6);
  rngSeed(st, seed);
  const gen = new Xoshiro(st);
  const losses: number[] = [];
  for (let step = 0; step < epochs; step++) {
    const idx: number[] = [], z: number[] = [];
    for (let b = 0; b < B; b++) idx.push(Math.floor(n * gen.uniform()));
    for (let b = 0; b < B; b++) z.push(gen.normal());
    const grad = new Float64Array(3 * m);
    let loss = 0;
    for (let b = 0; b < B; b++) {
      const y = mu * x[idx[b]] + sigma * z[b];
      let s = 0;
      for (let l = 0; l < m; l++) s += p[2 * m + l] * Math.max(0, p[l] * y + p[m + l]);
      s /= m;
      const f = s + z[b] / sigma;
      loss += f * f / B;
      const g = 2 * f / B;
      for (let l = 0; l < m; l++) {
        const u = p[l] * y + p[m + l];
        if (!(u > 0)) continue;
        grad[2 * m + l] += g * u / m;
        grad[m + l] += g * p[2 * m + l] / m;
        grad[l] += g * p[2 * m + l] * y / m;
      }
    }
    losses.push(loss);
    if (!Number.isFinite(loss)) return { params: p, losses, returned: step };
    for (let i = trainW1 ? 0 : m; i < 3 * m; i++) p[i] -= m * eta * grad[i];
  }
  return { params: p, losses, returned: epochs };
}

const x20 = seededNormals(12, 20);
const models = {
  experiment: { params: experimentModel(1000, 11), trainW1: 1 },
  theory: { params: theoryModel(1000, 13), trainW1: 0 },
};

for (const be of BACKENDS) {
  describe(`sgd1d vs the dense reference (${be.name})`, () => {
    for (const [name, model] of Object.entries(models)) {
      for (const [epochs, tol] of [[1, 1e-12], [50, 1e-9]] as const) {
        it(`${name} model, ${epochs} step(s): params and losses within ${tol}`, () => {
          const r: Sgd1dRun = { m: 1000, n: 20, B: 50, epochs, x: x20, seed: 99, ...model };
          const got = runSgd1d(be, r);
          const ref = denseSgd(model.params, 1000, x20, 0.81, 0.57, 0.1, 50, epochs, model.trainW1 === 1, 99);
          expect(got.returned).toBe(epochs);
          expect(normwiseError(got.params, ref.params)).toBeLessThanOrEqual(tol);
          expect(normwiseError(got.losses, ref.losses)).toBeLessThanOrEqual(tol);
          // the run really moved the parameters (every block)
          for (const blk of model.trainW1 ? [0, 1, 2] : [1, 2]) {
            expect(normwiseError(got.params.subarray(blk * 1000, (blk + 1) * 1000),
              model.params.subarray(blk * 1000, (blk + 1) * 1000))).toBeGreaterThan(1e-3);
          }
        });
      }
    }

    it('kink exactly at a batch point (w1 = ±1): inactive there, as 1{w1 y + b > 0}', () => {
      const p = tieModel(40, x20, 50, 7);
      const y0 = firstBatchPoint(7, x20, 50, 0.81, 0.57);
      expect([p[0] * y0 + p[40], p[1] * y0 + p[41]]).toEqual([0, 0]);
      const r = runSgd1d(be, { m: 40, n: 20, B: 50, epochs: 1, trainW1: 0, seed: 7, x: x20, params: p });
      const ref = denseSgd(p, 40, x20, 0.81, 0.57, 0.1, 50, 1, false, 7);
      expect(normwiseError(r.params, ref.params)).toBeLessThanOrEqual(1e-12);
    });

    it('kink exactly at a batch point (general w1, w1 y + b == 0 exactly) and w1 = 0 neurons', () => {
      const pt = tieGeneral(), y0 = firstBatchPoint(7, x20, 50, 0.81, 0.57);
      expect(-(pt[50] / pt[0])).toBe(y0);
      expect(pt[0] * y0 + pt[50]).toBe(0);
      for (const [label, p, seed, B] of [['tie', tieGeneral(), 7, 50], ['w1 = 0', withZeroW1(), 2025, 30]] as const) {
        const m = p.length / 3;
        const r = runSgd1d(be, { m, n: 20, B, epochs: 1, seed, x: x20, params: p });
        const ref = denseSgd(p, m, x20, 0.81, 0.57, 0.1, B, 1, true, seed);
        expect(normwiseError(r.params, ref.params), label).toBeLessThanOrEqual(1e-12);
      }
    });

    it('odd m, n = 1, B = 1 agree with the reference', () => {
      for (const [m, n, B] of [[7, 20, 50], [1, 1, 1], [31, 1, 9], [64, 3, 1], [33, 20, 63], [40, 20, 64], [25, 20, 300]]) {
        const x = seededNormals(4, n), p = experimentModel(m, 6);
        const r = runSgd1d(be, { m, n, B, epochs: 20, x, params: p, seed: 3 });
        const ref = denseSgd(p, m, x, 0.81, 0.57, 0.1, B, 20, true, 3);
        expect(normwiseError(r.params, ref.params)).toBeLessThanOrEqual(1e-9);
      }
    });

    it('divergence: stops before the non-finite step, reports it, keeps finite params', () => {
      const p = experimentModel(100, 11);
      const r = runSgd1d(be, { m: 100, n: 20, B: 50, epochs: 1000, eta: 50, x: x20, params: p, seed: 5 });
      const ref = denseSgd(p, 100, x20, 0.81, 0.57, 50, 50, 1000, true, 5);
      expect(r.returned).toBeLessThan(1000);
      expect(r.returned).toBe(ref.returned);
      expect(r.params.every(Number.isFinite)).toBe(true);
      for (let k = 0; k < r.returned; k++) expect(Number.isFinite(r.losses[k])).toBe(true);
      expect(Number.isFinite(r.losses[r.returned])).toBe(false);
      // the params are those after `returned` steps: equal to a run asked for exactly that many
      const again = runSgd1d(be, { m: 100, n: 20, B: 50, epochs: r.returned, eta: 50, x: x20, params: p, seed: 5 });
      expect(again.returned).toBe(r.returned);
      expect(Array.from(again.params)).toEqual(Array.from(r.params));
    });

    it('writes nothing beyond scratchLength.sgd1d', () => {
      for (const [m, B] of [[1, 1], [3, 2], [8, 7], [9, 8], [16, 9], [5, 63], [6, 64], [7, 65], [11, 200]]) {
        const len = scratchLength.sgd1d(m, B), scratch = be.f64(len + 64);
        scratch.view().fill(12345.5);
        const params = be.f64From(experimentModel(m, 2)), x = be.f64From(seededNormals(3, 20)), rng = be.f64(6);
        be.rngSeed(rng, 1);
        expect(be.sgd1d(params, m, x, 20, 0.81, 0.57, 0.1, B, 5, 1, rng, null, scratch)).toBe(5);
        expect(Array.from(scratch.view().subarray(len))).toEqual(new Array(64).fill(12345.5));
      }
    });

    it('non-finite parameters stop the run at step 1', () => {
      const p = experimentModel(10, 1);
      p[25] = Infinity;
      const r = runSgd1d(be, { m: 10, n: 20, B: 5, epochs: 10, params: p });
      expect(r.returned).toBe(0);
    });

    it('trainW1 = 0 leaves w1 bit-unchanged', () => {
      const p = experimentModel(300, 8);
      const r = runSgd1d(be, { m: 300, n: 20, B: 50, epochs: 200, trainW1: 0, params: p });
      expect(r.returned).toBe(200);
      expect(Array.from(r.params.subarray(0, 300))).toEqual(Array.from(p.subarray(0, 300)));
      expect(normwiseError(r.params.subarray(300), p.subarray(300))).toBeGreaterThan(1e-3);
    });

    it('splitting the epochs over calls changes no bit (the kink order is canonical)', () => {
      const one = runSgd1d(be, { m: 500, n: 20, B: 50, epochs: 300 });
      const many = runSgd1d(be, { m: 500, n: 20, B: 50, epochs: 300, calls: 11 });
      expect(Array.from(many.params)).toEqual(Array.from(one.params));
      expect(Array.from(many.losses)).toEqual(Array.from(one.losses));
      expect(Array.from(many.rng)).toEqual(Array.from(one.rng));
    });
  });
}
