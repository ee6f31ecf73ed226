// Diffusion training (src/model/diffusion.ts) and its kernels: the draw order and distribution
// of diffusionBatch, denoiseLossGrad against netForward/netBackward and finite differences,
// and trainDiffusion's contract (loss decreases, divergence, lossReduction, validation).
import { describe, expect, it } from 'vitest';
import { RNG_STATE_LENGTH, scratchLength, type Backend } from '../src/backend/index.js';
import { Xoshiro, rngSeed } from '../src/backend/ts/rng.js';
import { Dataset } from '../src/model/dataset.js';
import { SerialGradient, muAt, sigmaAt, timeGrid, trainDiffusion, type DiffusionTrainOptions } from '../src/model/diffusion.js';
import { InputError } from '../src/model/errors.js';
import { Net } from '../src/model/net.js';
import { experimentParams, gaussianParams } from './helpers/nets.js';
import { BACKENDS, seededNormals, snapshot, wasm } from './helpers/parity.js';

/** Draw a batch on `be` from a 4-time grid with the given probabilities. */
function drawBatch(be: Backend, opts: { n: number; d: number; B: number; seed: number; weights: number[] }) {
  const times = [0.1, 0.4, 0.7, 1.0];
  const mus = times.map((t) => muAt(t, 1)), sigmas = times.map(sigmaAt);
  let s = 0;
  const cum = opts.weights.map((w) => (s += w));
  const x = seededNormals(opts.seed, opts.n * opts.d, 2);
  const rng = be.f64(RNG_STATE_LENGTH), U = be.f64(opts.B * (opts.d + 1)), Z = be.f64(opts.B * opts.d);
  be.rngSeed(rng, opts.seed);
  be.diffusionBatch(be.f64From(x), opts.n, opts.d, be.f64From(times), be.f64From(mus), be.f64From(sigmas),
    be.f64From(cum), 4, opts.B, rng, U, Z);
  return { times, mus, sigmas, cum, x, U: snapshot(U), Z: snapshot(Z) };
}

describe('diffusionBatch', () => {
  it('draws per row: uniform → index, uniform → time, d normals (the documented order)', () => {
    const n = 5, d = 3, B = 9, seed = 41;
    for (const be of BACKENDS) {
      const r = drawBatch(be, { n, d, B, seed, weights: [0.1, 0.2, 0.3, 0.4] });
      const st = new Float64Array(6);
      rngSeed(st, seed);
      const g = new Xoshiro(st);
      for (let b = 0; b < B; b++) {
        const i = Math.floor(n * g.uniform());
        const u = g.uniform();
        const k = r.cum.findIndex((c) => u < c);
        expect(r.U[b * (d + 1)]).toBe(r.times[k]);
        for (let j = 0; j < d; j++) {
          const z = g.normal();
          expect(r.Z[b * d + j]).toBe(z);
          expect(r.U[b * (d + 1) + 1 + j]).toBe(r.mus[k] * r.x[i * d + j] + r.sigmas[k] * z);
        }
      }
    }
  });

  it('time frequencies ∝ weights, rows consistent with their noise, z ~ N(0, 1)', () => {
    const n = 3, d = 2, B = 40_000;
    const weights = [0.1, 0.2, 0.3, 0.4];
    const r = drawBatch(wasm, { n, d, B, seed: 7, weights });
    const counts = [0, 0, 0, 0];
    let zSum = 0, zSq = 0;
    for (let b = 0; b < B; b++) {
      const k = r.times.indexOf(r.U[b * (d + 1)]);
      expect(k).toBeGreaterThanOrEqual(0);
      counts[k]++;
      // y − sigma z must be mu x_i for one data point i (to rounding)
      const matches = Array.from({ length: n }, (_, i) => i).filter((i) =>
        [0, 1].every((j) => Math.abs(r.U[b * (d + 1) + 1 + j] - r.sigmas[k] * r.Z[b * d + j] - r.mus[k] * r.x[i * d + j]) < 1e-12));
      expect(matches.length).toBeGreaterThanOrEqual(1);
      for (let j = 0; j < d; j++) { zSum += r.Z[b * d + j]; zSq += r.Z[b * d + j] ** 2; }
    }
    weights.forEach((w, k) => {
      const sd = Math.sqrt(B * w * (1 - w));
      expect(Math.abs(counts[k] - B * w)).toBeLessThan(5 * sd);
    });
    const N = B * d;
    expect(Math.abs(zSum / N)).toBeLessThan(5 / Math.sqrt(N));
    expect(Math.abs(zSq / N - 1)).toBeLessThan(5 * Math.sqrt(2 / N));
  });
});

describe('denoiseLossGrad', () => {
  it('equals netForward then netBackward with gOut = 2(s − z), bit for bit', () => {
    const dIn = 3, m = 50, dOut = 2, rows = 37;
    for (const be of BACKENDS) {
      const params = be.f64From(experimentParams(3, dIn, m, dOut));
      const U = be.f64From(seededNormals(4, rows * dIn)), Z = be.f64From(seededNormals(5, rows * dOut));
      const s = be.f64(rows * dOut), gOut = be.f64(rows * dOut), ref = be.f64(m * (dIn + 1 + dOut)), grad = be.f64(m * (dIn + 1 + dOut));
      const netScratch = be.f64(scratchLength.net(dIn, m, dOut));
      be.netForward(params, dIn, m, dOut, U, rows, s, netScratch);
      const sv = s.view(), zv = Z.view(), gv = gOut.view();
      let loss = 0;
      for (let q = 0; q < rows * dOut; q++) { const f = sv[q] - zv[q]; loss += f * f; gv[q] = 2 * f; }
      be.netBackward(params, dIn, m, dOut, U, rows, gOut, ref, netScratch);
      const got = be.denoiseLossGrad(params, dIn, m, dOut, U, Z, rows, grad, be.f64(scratchLength.denoiseLossGrad(dIn, m, dOut)));
      expect(got).toBe(loss);
      expect(Array.from(grad.view())).toEqual(Array.from(ref.view()));
    }
  });

  it('matches central finite differences of the loss', () => {
    const dIn = 3, m = 7, dOut = 2, rows = 5;
    for (const be of BACKENDS) {
      const p0 = gaussianParams(6, dIn, m, dOut);
      const params = be.f64From(p0), grad = be.f64(p0.length);
      const U = be.f64From(seededNormals(7, rows * dIn)), Z = be.f64From(seededNormals(8, rows * dOut));
      const scratch = be.f64(scratchLength.denoiseLossGrad(dIn, m, dOut)), tmp = be.f64(p0.length);
      be.denoiseLossGrad(params, dIn, m, dOut, U, Z, rows, grad, scratch);
      const g = snapshot(grad);
      const h = 1e-6;
      for (let i = 0; i < p0.length; i++) {
        const at = (delta: number): number => {
          params.view().set(p0);
          params.view()[i] += delta;
          return be.denoiseLossGrad(params, dIn, m, dOut, U, Z, rows, tmp, scratch);
        };
        const fd = (at(h) - at(-h)) / (2 * h);
        expect(Math.abs(fd - g[i])).toBeLessThan(1e-6 * Math.max(1, Math.abs(g[i])));
      }
    }
  });
});

describe('trainDiffusion', () => {
  const setup = (be: Backend, seed = 1) => {
    const data = Dataset.sample(be, { n: 4, d: 2, seed, scale: 2 });
    const net = Net.experiment(be, { dIn: 3, dOut: 2, m: 64, seed: seed + 1 });
    return { data, net };
  };
  const schedule = timeGrid({ tMin: 0.01, weighting: 'sigma', muRate: 1 });
  const base: DiffusionTrainOptions = { schedule, eta: 0.1, B: 200, epochs: 400, seed: 3, traceEvery: 20, chunkRows: 64 };

  it('the loss decreases on a tiny problem; both backends give the same parameters bit for bit', () => {
    const params: Float64Array[] = [];
    for (const be of BACKENDS) {
      const { data, net } = setup(be);
      const res = trainDiffusion(net, data, base);
      expect(res.divergedAtEpoch).toBeNull();
      expect(res.epochs).toBe(400);
      expect(res.lossTrace.map((p) => p.epoch)).toEqual(Array.from({ length: 20 }, (_, k) => 20 * (k + 1)));
      // mean loss over steps 1-20 vs 381-400 (from about 1.4 to about 0.9 here)
      expect(res.lossTrace[19].loss).toBeLessThan(0.8 * res.lossTrace[0].loss);
      expect(res.finalLoss).toBe(res.lossTrace[19].loss);
      params.push(snapshot(net.params));
    }
    expect(Array.from(params[0])).toEqual(Array.from(params[1]));
  });

  it('reports divergence at a huge eta, before applying the bad step', () => {
    const { data, net } = setup(wasm);
    const res = trainDiffusion(net, data, { ...base, eta: 1e8, epochs: 50 });
    expect(res.divergedAtEpoch).not.toBeNull();
    expect(res.divergedAtEpoch).toBe(res.epochs + 1);
    expect(res.epochs).toBeLessThan(50);
  });

  it("lossReduction 'mean' equals 'sum' with eta / d", () => {
    const a = setup(wasm), b = setup(wasm);
    const ra = trainDiffusion(a.net, a.data, { ...base, epochs: 50, lossReduction: 'mean' });
    const rb = trainDiffusion(b.net, b.data, { ...base, epochs: 50, eta: base.eta / 2 });
    const pa = snapshot(a.net.params), pb = snapshot(b.net.params);
    const scale = Math.max(...pb.map(Math.abs));
    expect(Math.max(...pa.map((v, i) => Math.abs(v - pb[i])))).toBeLessThan(1e-12 * scale);
    expect(ra.finalLoss * 2).toBeCloseTo(rb.finalLoss, 10);
  });

  it('the chunk size changes only the rounding; one chunk = one kernel call', () => {
    const a = setup(wasm), b = setup(wasm);
    trainDiffusion(a.net, a.data, { ...base, epochs: 20, chunkRows: 7 });
    trainDiffusion(b.net, b.data, { ...base, epochs: 20, chunkRows: 200 });
    const pa = snapshot(a.net.params), pb = snapshot(b.net.params);
    expect(Math.max(...pa.map((v, i) => Math.abs(v - pb[i])))).toBeLessThan(1e-10);
    // a supplied SerialGradient gives the default's result
    const c = setup(wasm), gradient = new SerialGradient();
    trainDiffusion(c.net, c.data, { ...base, epochs: 20, chunkRows: 7, gradient });
    gradient.close();
    expect(Array.from(snapshot(c.net.params))).toEqual(Array.from(pa));
  });

  it('timeGrid: 100 equally spaced times on [tMin, 1], weights ∝ sigma or 1/sigma, summing to 1', () => {
    const s = timeGrid({ tMin: 0.05, weighting: 'inverseSigma', muRate: 2 });
    expect(s.times.length).toBe(100);
    expect(s.times[0]).toBe(0.05);
    expect(s.times[99]).toBeCloseTo(1, 14);
    expect(s.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(s.weights[0] / s.weights[99]).toBeCloseTo(sigmaAt(1) / sigmaAt(0.05), 10);
    expect(schedule.weights[99] / schedule.weights[0]).toBeCloseTo(sigmaAt(1) / sigmaAt(0.01), 10);
    expect(muAt(0.5, 2)).toBe(Math.exp(-1));
  });

  it('invalid options give an InputError naming the field', () => {
    const { data, net } = setup(wasm);
    const bad: [Partial<Record<string, unknown>>, string][] = [
      [{ eta: 0 }, 'eta'], [{ B: 0 }, 'B'], [{ epochs: -1 }, 'epochs'], [{ seed: 1.5 }, 'seed'],
      [{ lossReduction: 'avg' }, 'lossReduction'], [{ chunkRows: 0 }, 'chunkRows'], [{ traceEvery: 0 }, 'traceEvery'],
      [{ onTrace: 3 }, 'onTrace'], [{ gradient: {} }, 'gradient'],
      [{ schedule: { ...schedule, muRate: 3 } }, 'muRate'],
      [{ schedule: { ...schedule, weights: [1] } }, 'schedule'],
      [{ schedule: { times: [0, 1], weights: [1, 1], muRate: 1 } }, 'schedule'],
      [{ schedule: { times: [0.5], weights: [0], muRate: 1 } }, 'schedule'],
    ];
    for (const [patch, field] of bad) {
      const call = () => trainDiffusion(net, data, { ...base, ...patch } as DiffusionTrainOptions);
      expect(call).toThrow(InputError);
      try { call(); } catch (e) { expect((e as InputError).field, JSON.stringify(patch)).toBe(field); }
    }
    const wrong = Net.experiment(wasm, { dIn: 2, dOut: 2, m: 8, seed: 1 });
    expect(() => trainDiffusion(wrong, data, base)).toThrow(/dIn = 3/);
    for (const [opts, field] of [
      [{ tMin: 0, weighting: 'sigma', muRate: 1 }, 'tMin'], [{ tMin: 0.01, weighting: 'x', muRate: 1 }, 'weighting'],
      [{ tMin: 0.01, weighting: 'sigma', muRate: 3 }, 'muRate'], [{ tMin: 0.01, count: 0, weighting: 'sigma', muRate: 1 }, 'count'],
    ] as const) {
      try { timeGrid(opts as never); expect.unreachable(); } catch (e) { expect((e as InputError).field).toBe(field); }
    }
  });
});
