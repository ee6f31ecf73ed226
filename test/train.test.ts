// Training through the library: the 1-D sorted-batch kernel against the dense kernel on the
// same draws, chunking that does not change a bit, divergence reporting.
import { describe, expect, it } from 'vitest';
import { RNG_STATE_LENGTH, scratchLength } from '../src/backend/index.js';
import { Dataset } from '../src/model/dataset.js';
import { Net } from '../src/model/net.js';
import { noiseAt } from '../src/model/schedule.js';
import { train } from '../src/model/train.js';
import { BACKENDS, normwiseError } from './helpers/parity.js';

const noise = noiseAt(0.2);

describe.each(BACKENDS.map((be) => [be.name, be] as const))('train on %s', (_name, be) => {
  it.each(['experiment', 'theory'] as const)('sgd1d and sgdDense follow the same trajectory (%s model)', (kind) => {
    const m = 200, B = 50, n = 20, epochs = 300;
    const data = Dataset.sample(be, { n, d: 1, seed: 1 });
    const make = () => (kind === 'theory' ? Net.theory(be, { m, seed: 2 }) : Net.experiment(be, { dIn: 1, dOut: 1, m, seed: 2 }));
    const a = make(), b = make();
    const trainW1 = kind === 'experiment' ? 1 : 0;
    const run = (net: Net, oneD: boolean) => {
      const rng = be.f64(RNG_STATE_LENGTH), losses = be.f64(epochs);
      be.rngSeed(rng, 3);
      const done = oneD
        ? be.sgd1d(net.params, m, data.x, n, noise.mu, noise.sigma, 0.1, B, epochs, trainW1, rng, losses, be.f64(scratchLength.sgd1d(m, B)))
        : be.sgdDense(net.params, 1, m, data.x, n, noise.mu, noise.sigma, 0.1, B, epochs, trainW1, rng, losses, be.f64(scratchLength.sgdDense(1, m, B)));
      return { done, losses: losses.view().slice(), rng: new Uint32Array(rng.view().slice().buffer).slice(0, 8) };
    };
    const r1 = run(a, true), r2 = run(b, false);
    expect(r1.done).toBe(epochs);
    expect(r2.done).toBe(epochs);
    expect(Array.from(r1.rng)).toEqual(Array.from(r2.rng)); // the same draws were consumed
    expect(normwiseError(r1.losses, r2.losses)).toBeLessThan(1e-10);
    expect(normwiseError(a.params.view(), b.params.view())).toBeLessThan(1e-10);
  });

  it('chunking does not change a bit', () => {
    const data = Dataset.sample(be, { n: 20, d: 1, seed: 4 });
    const a = Net.experiment(be, { dIn: 1, dOut: 1, m: 100, seed: 5 }), b = Net.experiment(be, { dIn: 1, dOut: 1, m: 100, seed: 5 });
    const opts = { ...noise, eta: 0.1, B: 50, epochs: 500, seed: 6 };
    const ra = train(a, data, { ...opts, chunk: 7 }), rb = train(b, data, opts);
    expect(Array.from(a.params.view())).toEqual(Array.from(b.params.view()));
    expect(ra.epochs).toBe(500);
    expect(ra.lossTrace.length).toBe(Math.ceil(500 / 7));
    expect(rb.lossTrace).toEqual([{ epoch: 500, loss: rb.finalLoss }]);
  });

  it.each([1, 3])('reports the epoch of divergence and keeps finite parameters (d = %i)', (d) => {
    const data = Dataset.sample(be, { n: 10, d, seed: 7 });
    const net = Net.experiment(be, { dIn: d, dOut: d, m: 30, seed: 8 });
    const r = train(net, data, { ...noise, eta: 500, B: 20, epochs: 1000, seed: 9, chunk: 100 });
    expect(r.divergedAtEpoch).not.toBeNull();
    expect(r.divergedAtEpoch).toBe(r.epochs + 1);
    expect(net.params.view().every(Number.isFinite)).toBe(true);
  });

  it('keeps w1 fixed for the theory model', () => {
    const data = Dataset.sample(be, { n: 20, d: 1, seed: 10 });
    const net = Net.theory(be, { m: 50, seed: 11 });
    const w1 = net.params.view().slice(0, 50);
    train(net, data, { ...noise, eta: 0.1, B: 50, epochs: 200, seed: 12, trainW1: false });
    expect(Array.from(net.params.view().slice(0, 50))).toEqual(Array.from(w1));
    expect(w1.every((w) => w === 1 || w === -1)).toBe(true);
  });
});

describe('train across backends', () => {
  it('gives bit-identical parameters on wasm and ts (d = 1 and d = 3)', () => {
    for (const d of [1, 3]) {
      const [pw, pt] = BACKENDS.map((be) => {
        const data = Dataset.sample(be, { n: 20, d, seed: 13 });
        const net = Net.experiment(be, { dIn: d, dOut: d, m: 64, seed: 14 });
        train(net, data, { ...noise, eta: 0.1, B: 50, epochs: 300, seed: 15 });
        return Array.from(net.params.view());
      });
      expect(pw).toEqual(pt);
    }
  });
});
