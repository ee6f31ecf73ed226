// Input validation at the library boundary: a typed InputError naming the field and the
// allowed values, before any kernel runs.
import { describe, expect, it } from 'vitest';
import { excessRiskMonteCarlo } from '../src/analysis/excessRisk.js';
import { Dataset } from '../src/model/dataset.js';
import { InputError } from '../src/model/errors.js';
import { Net } from '../src/model/net.js';
import { noiseAt } from '../src/model/schedule.js';
import { train, type TrainOptions } from '../src/model/train.js';
import { wasm } from './helpers/parity.js';

function rejects(fn: () => unknown, field: string, allowed: RegExp, path?: string): void {
  let caught: unknown;
  try { fn(); } catch (err) { caught = err; }
  expect(caught).toBeInstanceOf(InputError);
  const e = caught as InputError;
  expect(e.field).toBe(field);
  expect(e.allowed).toMatch(allowed);
  expect(e.message).toContain(e.allowed);
  if (path) expect(e.path).toBe(path);
  expect(e.toJSON().error.field).toBe(field);
}

const data = Dataset.from(wasm, [0.3, -1, 2]);
const net = Net.experiment(wasm, { dIn: 1, dOut: 1, m: 4, seed: 1 });
const ok: TrainOptions = { mu: 0.8, sigma: 0.6, eta: 0.1, B: 5, epochs: 3, seed: 1 };

describe('validation', () => {
  it('mu and sigma outside (0, 1)', () => {
    for (const bad of [0, 1, -0.5, 1.5, NaN, Infinity]) {
      rejects(() => train(net, data, { ...ok, mu: bad }), 'mu', /\(0, 1\)/);
      rejects(() => train(net, data, { ...ok, sigma: bad }), 'sigma', /\(0, 1\)/);
    }
    rejects(() => excessRiskMonteCarlo(net, data, { mu: 2, sigma: 0.5, draws: 10, seed: 1 }), 'mu', /\(0, 1\)/);
  });

  it('m < 1, B < 1, non-integer sizes', () => {
    rejects(() => Net.experiment(wasm, { dIn: 1, dOut: 1, m: 0, seed: 1 }), 'm', />= 1/);
    rejects(() => Net.theory(wasm, { m: 2.5, seed: 1 }), 'm', /integer/);
    rejects(() => train(net, data, { ...ok, B: 0 }), 'B', />= 1/);
    rejects(() => train(net, data, { ...ok, epochs: -1 }), 'epochs', />= 0/);
  });

  it('eta <= 0 or not finite', () => {
    for (const bad of [0, -1, NaN, Infinity]) rejects(() => train(net, data, { ...ok, eta: bad }), 'eta', /> 0/);
  });

  it('empty or non-finite data, ragged rows', () => {
    rejects(() => Dataset.from(wasm, []), 'x', /non-empty/);
    rejects(() => Dataset.from(wasm, 'abc'), 'x', /non-empty/);
    rejects(() => Dataset.from(wasm, [0, NaN, 1]), 'x', /finite/, 'x[1]');
    rejects(() => Dataset.from(wasm, [0, Infinity]), 'x', /finite/, 'x[1]');
    rejects(() => Dataset.from(wasm, [[0, 1], [2]]), 'x', /rows/, 'x[1]');
    rejects(() => Dataset.from(wasm, [[0, 1], [2, null]]), 'x', /finite/, 'x[1][1]');
  });

  it('mismatched dimensions between data, network and model', () => {
    const data2 = Dataset.from(wasm, [[0, 1], [1, 0]]);
    rejects(() => train(net, data2, ok), 'model', /dimension 2/);
    rejects(() => Dataset.from(wasm, [[0, 1, 2]], 2), 'x', /rows of 2/);
    rejects(() => Net.fromModel(wasm, { w1: [1, 2], b: [0, 0, 0], w2: [1, 1, 1] }, 1), 'model', /3 finite/, 'model.w1');
    rejects(() => Net.fromModel(wasm, { w1: [1], b: [0], w2: [NaN] }, 1), 'model', /finite/, 'model.w2[0]');
    rejects(() => Net.fromModel(wasm, { w1: [[1]], b: [0], w2: [[1]] }, 2), 'model', /rows of 2/, 'model.w1[0]');
    rejects(() => Net.fromModel(wasm, [1, 2], 1), 'model', /object/);
  });

  it('seeds and diffusion times', () => {
    rejects(() => train(net, data, { ...ok, seed: -1 }), 'seed', /integer/);
    rejects(() => train(net, data, { ...ok, seed: 0.5 }), 'seed', /integer/);
    rejects(() => noiseAt(0), 't', /> 0/);
  });

  it('accepts valid input and round-trips the model shape', () => {
    const model = { w1: [1, -1, 0.5], b: [0.1, 0.2, -0.3], w2: [2, 3, 4] };
    expect(Net.fromModel(wasm, model, 1).toModel()).toEqual(model);
    const model2 = { w1: [[1, 2], [3, 4]], b: [0, 1], w2: [[5, 6], [7, 8]] };
    expect(Net.fromModel(wasm, model2, 2).toModel()).toEqual(model2);
    expect(Dataset.from(wasm, [2, -1, 0]).toJSON()).toEqual([-1, 0, 2]);
  });
});
