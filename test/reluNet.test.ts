// The network kernels against the math, on both backends: netForward and netBackward against
// a plain reference and central finite differences; one sgdDense step against a plain-TS
// step computed from the same draws (the generator replayed with Xoshiro) and against finite
// differences of the batch loss; divergence reporting.
import { describe, expect, it } from 'vitest';
import { scratchLength, type Backend } from '../src/backend/index.js';
import { Xoshiro, rngSeed } from '../src/backend/ts/rng.js';
import { experimentParams, gaussianParams, referenceBackward, referenceForward, theoryParams } from './helpers/nets.js';
import { BACKENDS, normwiseError, seededNormals } from './helpers/parity.js';
import { runs, runSgd } from './parity/sgdDense.cases.js';

/** s_theta(X) on a backend, as a plain array. */
function forward(be: Backend, params: Float64Array, dIn: number, m: number, dOut: number, X: Float64Array, B: number): Float64Array {
  const p = be.f64From(params), x = be.f64From(X), out = be.f64(B * dOut), scratch = be.f64(scratchLength.net(dIn, m, dOut));
  be.netForward(p, dIn, m, dOut, x, B, out, scratch);
  const s = out.view().slice();
  for (const buf of [p, x, out, scratch]) buf.free();
  return s;
}

function backward(be: Backend, params: Float64Array, dIn: number, m: number, dOut: number, X: Float64Array, B: number, g: Float64Array): Float64Array {
  const p = be.f64From(params), x = be.f64From(X), gOut = be.f64From(g), scratch = be.f64(scratchLength.net(dIn, m, dOut));
  const grad = be.f64From(new Float64Array(params.length).fill(NaN)); // must be overwritten
  be.netBackward(p, dIn, m, dOut, x, B, gOut, grad, scratch);
  const out = grad.view().slice();
  for (const buf of [p, x, gOut, grad, scratch]) buf.free();
  return out;
}

/** Smallest |u_l(X_b)| over the batch: finite differences need every input away from a kink. */
function minAbsPreactivation(params: Float64Array, dIn: number, m: number, dOut: number, X: Float64Array, B: number): number {
  let least = Infinity;
  for (let b = 0; b < B; b++) {
    const { u } = referenceForward(params, dIn, m, dOut, X.subarray(b * dIn, (b + 1) * dIn));
    for (const v of u) least = Math.min(least, Math.abs(v));
  }
  return least;
}

/** Central difference of f at params, coordinate by coordinate, step h. */
function centralDifferences(params: Float64Array, f: (p: Float64Array) => number, h = 1e-6): Float64Array {
  const grad = new Float64Array(params.length);
  for (let i = 0; i < params.length; i++) {
    const p = params.slice();
    p[i] = params[i] + h; const up = f(p);
    p[i] = params[i] - h; const down = f(p);
    grad[i] = (up - down) / (2 * h);
  }
  return grad;
}

/** The draws of one sgdDense step, replayed from a seed with the TypeScript generator:
 *  (a) B indices floor(n U), (b) B·d normals, row-major. Returns them and the state after. */
function replayDraws(seed: number, n: number, B: number, d: number): { idx: number[]; z: Float64Array; state: Float64Array } {
  const state = new Float64Array(6);
  rngSeed(state, seed);
  const g = new Xoshiro(state);
  const idx = Array.from({ length: B }, () => Math.min(Math.floor(n * g.uniform()), n - 1));
  const z = Float64Array.from({ length: B * d }, () => g.normal());
  g.store(state);
  return { idx, z, state };
}

interface Step { d: number; m: number; n: number; B: number; mu: number; sigma: number; eta: number; trainW1: number; seed: number; params: Float64Array; x: Float64Array }

/** One step of sgdDense on a backend: the parameters after it, the loss and the rng state. */
function sgdStep(be: Backend, s: Step): { params: Float64Array; loss: number; state: Float64Array; done: number } {
  const p = be.f64From(s.params), x = be.f64From(s.x), rng = be.f64(6), losses = be.f64(1);
  const scratch = be.f64(scratchLength.sgdDense(s.d, s.m, s.B));
  be.rngSeed(rng, s.seed);
  const done = be.sgdDense(p, s.d, s.m, x, s.n, s.mu, s.sigma, s.eta, s.B, 1, s.trainW1, rng, losses, scratch);
  const out = { params: p.view().slice(), loss: losses.view()[0], state: rng.view().slice(), done };
  for (const buf of [p, x, rng, losses, scratch]) buf.free();
  return out;
}

/** The batch of a step: Y_b = mu x_{i_b} + sigma z_b, and the batch loss as a function of theta. */
function batchOf(s: Step) {
  const { idx, z, state } = replayDraws(s.seed, s.n, s.B, s.d);
  const Y = new Float64Array(s.B * s.d);
  for (let b = 0; b < s.B; b++) for (let k = 0; k < s.d; k++) Y[b * s.d + k] = s.mu * s.x[idx[b] * s.d + k] + s.sigma * z[b * s.d + k];
  const residual = (sOut: ArrayLike<number>) => Float64Array.from(sOut, (v, q) => v + z[q] / s.sigma); // f = s + z/sigma
  return { Y, z, state, residual };
}

const STEPS: Record<string, Step> = {
  'experiment model, d=2, m=9': { d: 2, m: 9, n: 6, B: 11, mu: 0.8, sigma: 0.6, eta: 0.3, trainW1: 1, seed: 31,
    params: gaussianParams(21, 2, 9, 2), x: seededNormals(22, 12) },
  'theory model, d=1, m=12, trainW1=0': { d: 1, m: 12, n: 5, B: 8, mu: 0.95, sigma: 0.31, eta: 0.2, trainW1: 0, seed: 32,
    params: theoryParams(23, 12), x: seededNormals(24, 5) },
};

for (const be of BACKENDS) {
  describe(`network kernels (${be.name})`, () => {
    it('netForward matches the definition (d=10 experiment model; dIn=3 -> dOut=2)', () => {
      for (const [dIn, m, dOut, B, params] of [
        [10, 1000, 10, 7, experimentParams(41, 10, 1000, 10)], [3, 13, 2, 5, gaussianParams(42, 3, 13, 2)],
      ] as const) {
        const X = seededNormals(43, B * dIn);
        const want = new Float64Array(B * dOut);
        for (let b = 0; b < B; b++) want.set(referenceForward(params, dIn, m, dOut, X.subarray(b * dIn, (b + 1) * dIn)).s, b * dOut);
        expect(normwiseError(forward(be, params, dIn, m, dOut, X, B), want)).toBeLessThan(1e-13);
      }
    });

    it('netBackward matches the definition and central differences of Σ_b <g_b, s(X_b)>', () => {
      const dIn = 3, m = 7, dOut = 2, B = 4;
      const params = gaussianParams(51, dIn, m, dOut), X = seededNormals(52, B * dIn), g = seededNormals(53, B * dOut);
      expect(minAbsPreactivation(params, dIn, m, dOut, X, B)).toBeGreaterThan(1e-3); // away from kinks
      const grad = backward(be, params, dIn, m, dOut, X, B, g);
      expect(normwiseError(grad, referenceBackward(params, dIn, m, dOut, X, B, g))).toBeLessThan(1e-13);
      const objective = (p: Float64Array) => forward(be, p, dIn, m, dOut, X, B).reduce((acc, v, q) => acc + g[q] * v, 0);
      expect(normwiseError(grad, centralDifferences(params, objective))).toBeLessThan(1e-7);
    });

    it('relu\'(0) = 0: an input on every kink (b = 0, y = 0) gives s = 0 and no gradient through w1, b', () => {
      const dIn = 2, m = 10, dOut = 2;
      const params = experimentParams(61, dIn, m, dOut), X = new Float64Array(dIn), g = Float64Array.of(1, -2);
      expect(Array.from(forward(be, params, dIn, m, dOut, X, 1))).toEqual([0, 0]);
      expect(Array.from(backward(be, params, dIn, m, dOut, X, 1, g))).toEqual(new Array(params.length).fill(0));
    });

    for (const [label, s] of Object.entries(STEPS)) {
      it(`one sgdDense step = the plain-TS step from the same draws (${label})`, () => {
        const { Y, state, residual } = batchOf(s);
        const sOut = new Float64Array(s.B * s.d);
        for (let b = 0; b < s.B; b++) sOut.set(referenceForward(s.params, s.d, s.m, s.d, Y.subarray(b * s.d, (b + 1) * s.d)).s, b * s.d);
        const f = residual(sOut);
        const loss = f.reduce((acc, v) => acc + v * v, 0) / s.B;                    // (1/B) Σ ||f_b||²
        const grad = referenceBackward(s.params, s.d, s.m, s.d, Y, s.B, f.map((v) => 2 * v / s.B)); // (2/B) Σ Jᵀ f
        const want = s.params.map((p, i) => (s.trainW1 === 0 && i < s.d * s.m ? p : p - s.m * s.eta * grad[i]));
        const got = sgdStep(be, s);
        expect(got.done).toBe(1);
        expect(Math.abs(got.loss - loss) / loss).toBeLessThan(1e-14);
        expect(normwiseError(got.params, want)).toBeLessThan(1e-14);
        expect(Array.from(new Uint32Array(got.state.buffer, 0, 8))).toEqual(Array.from(new Uint32Array(state.buffer, 0, 8)));
        expect(Array.from(got.state.subarray(4))).toEqual(Array.from(state.subarray(4)));
        if (s.trainW1 === 0) expect(Array.from(got.params.subarray(0, s.d * s.m))).toEqual(Array.from(s.params.subarray(0, s.d * s.m)));
      });

      it(`the sgdDense step follows central differences of the batch loss (${label})`, () => {
        const { Y, residual } = batchOf(s);
        expect(minAbsPreactivation(s.params, s.d, s.m, s.d, Y, s.B)).toBeGreaterThan(1e-3);
        const loss = (p: Float64Array) => residual(forward(be, p, s.d, s.m, s.d, Y, s.B)).reduce((acc, v) => acc + v * v, 0) / s.B;
        const fd = centralDifferences(s.params, loss);
        if (s.trainW1 === 0) fd.fill(0, 0, s.d * s.m);
        const got = sgdStep(be, s);
        const implied = got.params.map((p, i) => (s.params[i] - p) / (s.m * s.eta)); // grad = (theta - theta') / (m eta)
        expect(normwiseError(implied, fd)).toBeLessThan(1e-7);
      });
    }

    it('a diverging run stops before the non-finite step: finite parameters = those after `returned` steps', () => {
      const r = runs.find((run) => run.label.startsWith('diverging'))!;
      const full = runSgd(be, r) as { done: number; params: Float64Array; losses: Float64Array };
      expect(full.done).toBeGreaterThan(0);
      expect(full.done).toBeLessThan(r.epochs);
      expect(full.params.every(Number.isFinite)).toBe(true);
      expect(full.losses.subarray(0, full.done).every(Number.isFinite)).toBe(true);
      expect(Number.isFinite(full.losses[full.done])).toBe(false);
      const upTo = runSgd(be, { ...r, epochs: full.done }) as { done: number; params: Float64Array };
      expect(upTo.done).toBe(full.done);
      expect(Array.from(upTo.params)).toEqual(Array.from(full.params));
    });

    it('the generator state carries over between calls: 2 × 40 epochs = 80 epochs', () => {
      const r = runs.find((run) => run.label.startsWith('d=3'))!;
      const once = runSgd(be, { ...r, epochs: 80 }) as { params: Float64Array; rng: Float64Array };
      const p = be.f64From(r.params()), x = be.f64From(r.x()), rng = be.f64(6), scratch = be.f64(scratchLength.sgdDense(r.d, r.m, r.B));
      be.rngSeed(rng, r.seed);
      for (let call = 0; call < 2; call++) {
        expect(be.sgdDense(p, r.d, r.m, x, r.n, r.mu, r.sigma, r.eta, r.B, 40, r.trainW1, rng, null, scratch)).toBe(40);
      }
      expect(Array.from(p.view())).toEqual(Array.from(once.params));
      const bits = (v: Float64Array) => Array.from(new Uint32Array(v.slice().buffer)); // u64 words may read as NaN
      expect(bits(rng.view())).toEqual(bits(once.rng));
      for (const buf of [p, x, rng, scratch]) buf.free();
    });
  });
}
