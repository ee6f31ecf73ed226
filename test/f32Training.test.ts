// The precision setting through the library (issue 14): f32 networks and their two buffers,
// training and sampling in f32 on both backends, and the errors for bad input.
import { describe, expect, it } from 'vitest';
import { Dataset } from '../src/model/dataset.js';
import { timeGrid, trainDiffusion } from '../src/model/diffusion.js';
import { InputError } from '../src/model/errors.js';
import { Net } from '../src/model/net.js';
import { sampleLearned } from '../src/model/sample.js';
import { noiseAt } from '../src/model/schedule.js';
import { train } from '../src/model/train.js';
import { BACKENDS, normwiseError, snapshot, wasm } from './helpers/parity.js';
import { scratchLength, type Backend } from '../src/backend/index.js';

const noise = noiseAt(0.2);
const schedule = timeGrid({ tMin: 0.01, count: 20, weighting: 'sigma', muRate: 1 });

function rejects(fn: () => unknown, field: string, allowed: RegExp): void {
  try { fn(); } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).field).toBe(field);
    expect((err as InputError).allowed).toMatch(allowed);
    return;
  }
  throw new Error(`expected an InputError on ${field}`);
}

describe('f32 networks', () => {
  it('hold params32 and its exact promotion; initialisation = the f64 draws rounded', () => {
    const a = Net.experiment(wasm, { dIn: 2, dOut: 2, m: 40, seed: 3, precision: 'f32' });
    const b = Net.experiment(wasm, { dIn: 2, dOut: 2, m: 40, seed: 3 });
    expect(a.precision).toBe('f32');
    expect(b.params32).toBeNull();
    expect(Array.from(a.params.view())).toEqual(Array.from(a.params32!.view()));
    expect(Array.from(a.params.view())).toEqual(Array.from(b.params.view(), Math.fround));
    expect(Array.from(a.params.view())).not.toEqual(Array.from(b.params.view()));
    const t = Net.theory(wasm, { m: 9, seed: 4, precision: 'f32' });
    expect(Array.from(t.params.view())).toEqual(Array.from(Net.theory(wasm, { m: 9, seed: 4 }).params.view(), Math.fround));
    const f = Net.fromModel(wasm, { w1: [0.1], b: [0.2], w2: [0.3] }, 1, 1, 'f32');
    expect(Array.from(f.params.view())).toEqual([0.1, 0.2, 0.3].map(Math.fround));
    expect(f.toModel()).toEqual({ w1: [Math.fround(0.1)], b: [Math.fround(0.2)], w2: [Math.fround(0.3)] });
    for (const n of [a, b, t, f]) n.free();
  });

  it('bad precision: an InputError naming the field and the allowed values', () => {
    rejects(() => Net.zeros(wasm, { dIn: 1, m: 2, dOut: 1 }, 'f16' as 'f32'), 'precision', /f64.*f32/);
    const data = Dataset.sample(wasm, { n: 5, d: 1, seed: 1 });
    const net = Net.experiment(wasm, { dIn: 1, dOut: 1, m: 4, seed: 2 });
    rejects(() => train(net, data, { ...noise, eta: 0.1, B: 5, epochs: 1, seed: 3, precision: 'f32' }), 'precision', /"f64", the network's precision/);
    rejects(() => train(net, data, { ...noise, eta: 0.1, B: 5, epochs: 1, seed: 3, precision: 'half' as 'f32' }), 'precision', /f64/);
    const tc = Net.experiment(wasm, { dIn: 2, dOut: 1, m: 4, seed: 2, precision: 'f32' });
    rejects(() => trainDiffusion(tc, data, { schedule, eta: 0.1, B: 5, epochs: 1, seed: 3, precision: 'f64' }), 'precision', /"f32"/);
    rejects(() => sampleLearned(tc, { N: 3, steps: 2, seed: 1, precision: 'f8' as 'f32' }), 'precision', /f64.*f32/);
  });
});

describe.each(BACKENDS.map((be) => [be.name, be] as const))('f32 training on %s', (_name, be: Backend) => {
  it('score model: chunking does not change a bit; sgd1dF32 and sgdDenseF32 agree to f32 rounding', () => {
    const data = Dataset.sample(be, { n: 20, d: 1, seed: 4 });
    const make = (): Net => Net.experiment(be, { dIn: 1, dOut: 1, m: 50, seed: 5, precision: 'f32' });
    const a = make(), b = make();
    const opts = { ...noise, eta: 0.1, B: 30, epochs: 60, seed: 6 };
    const ra = train(a, data, { ...opts, chunk: 7 }), rb = train(b, data, opts);
    expect(Array.from(a.params32!.view())).toEqual(Array.from(b.params32!.view()));
    expect(Array.from(a.params.view())).toEqual(Array.from(a.params32!.view())); // promoted after training
    expect(ra.epochs).toBe(60);
    expect(rb.lossTrace).toEqual([{ epoch: 60, loss: rb.finalLoss }]);
    // the dense kernel on the same draws (train picks sgd1dF32 in 1-D; call sgdDenseF32 directly)
    const c = make(), x32 = be.f32From(data.x.view()), rng = be.f64(6), scratch = be.f32(scratchLength.sgdDenseF32(1, 50, 30));
    be.rngSeed(rng, 6);
    expect(be.sgdDenseF32(c.params32!, 1, 50, x32, 20, noise.mu, noise.sigma, 0.1, 30, 60, 1, rng, null, scratch)).toBe(60);
    expect(normwiseError(c.params32!.view(), a.params32!.view())).toBeLessThan(1e-5);
    expect(normwiseError(c.params32!.view(), a.params32!.view())).toBeGreaterThan(0);
  });

  it.each([1, 3])('reports divergence and keeps finite f32 parameters (d = %i)', (d) => {
    const data = Dataset.sample(be, { n: 10, d, seed: 7 });
    const net = Net.experiment(be, { dIn: d, dOut: d, m: 20, seed: 8, precision: 'f32' });
    const r = train(net, data, { ...noise, eta: 500, B: 20, epochs: 300, seed: 9, chunk: 50 });
    expect(r.divergedAtEpoch).toBe(r.epochs + 1);
    expect(net.params32!.view().every(Number.isFinite)).toBe(true);
    expect(Array.from(net.params.view())).toEqual(Array.from(net.params32!.view()));
  });

  it('time-conditioned model: f32 within rounding of f64 after 3 steps; f32 samples close to f64 samples', () => {
    const data = Dataset.sample(be, { n: 6, d: 2, seed: 10, scale: 2 });
    const a = Net.experiment(be, { dIn: 3, dOut: 2, m: 24, seed: 11, precision: 'f32' });
    const b = Net.experiment(be, { dIn: 3, dOut: 2, m: 24, seed: 11 });
    b.params.view().set(a.params.view());
    const opts = { schedule, eta: 0.05, B: 40, epochs: 3, seed: 12, chunkRows: 16 };
    trainDiffusion(a, data, opts);
    trainDiffusion(b, data, opts);
    const dev = normwiseError(a.params.view(), b.params.view());
    expect(dev).toBeGreaterThan(0);
    expect(dev).toBeLessThan(1e-6);
    // sampling: an f64 net sampled in f32 rounds its parameters, as an f32 net does
    const s32 = sampleLearned(a, { N: 50, steps: 10, seed: 13 });
    const s64 = sampleLearned(b, { N: 50, steps: 10, seed: 13 });
    const s64as32 = sampleLearned(b, { N: 50, steps: 10, seed: 13, precision: 'f32' });
    const f64of32 = sampleLearned(a, { N: 50, steps: 10, seed: 13, precision: 'f64' });
    expect(snapshot(s32).every((v) => Math.fround(v) === v)).toBe(true);
    expect(normwiseError(snapshot(s32), snapshot(s64))).toBeLessThan(1e-5);
    expect(normwiseError(snapshot(s64as32), snapshot(s32))).toBeLessThan(1e-5);
    expect(normwiseError(snapshot(f64of32), snapshot(s64))).toBeLessThan(1e-5);
    for (const buf of [s32, s64, s64as32, f64of32]) buf.free();
  });
});
