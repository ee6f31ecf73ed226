// The pure-TypeScript backend: each kernel is the twin in ./<file>.ts (table: ./kernels.ts),
// called on the Float64Array behind each buffer handle. The adaptors are written out per kernel
// so that the compiler checks every call against the contract (src/backend/contract.ts).
import type { Backend, F32, F64 } from '../contract.js';
import { twins as t } from './kernels.js';

class TsF64 implements F64 {
  constructor(private readonly data: Float64Array) {}
  get length(): number { return this.data.length; }
  view(): Float64Array { return this.data; }
  free(): void { /* garbage-collected */ }
}

class TsF32 implements F32 {
  constructor(private readonly data: Float32Array) {}
  get length(): number { return this.data.length; }
  view(): Float32Array { return this.data; }
  free(): void { /* garbage-collected */ }
}

const v = (b: F64): Float64Array => b.view();
const vOpt = (b: F64 | null): Float64Array | null => (b === null ? null : b.view());
const w = (b: F32): Float32Array => b.view();
const wOpt = (b: F32 | null): Float32Array | null => (b === null ? null : b.view());

export function createTsBackend(): Backend {
  return {
    name: 'ts',
    f64: (length) => new TsF64(new Float64Array(length)),
    f64From: (values) => new TsF64(Float64Array.from(values)),
    f32: (length) => new TsF32(new Float32Array(length)),
    f32From: (values) => new TsF32(Float32Array.from(values)),

    rngSeed: (state, seed) => t.rngSeed(v(state), seed),
    rngUniforms: (state, out, count) => t.rngUniforms(v(state), v(out), count),
    rngNormals: (state, out, count) => t.rngNormals(v(state), v(out), count),
    sStar1d: (x, n, mu, sigma, y, p, value, derivative, secondDerivative) =>
      t.sStar1d(v(x), n, mu, sigma, v(y), p, v(value), vOpt(derivative), vOpt(secondDerivative)),
    sStarNd: (x, n, d, mu, sigma, y, p, value, jacobian) =>
      t.sStarNd(v(x), n, d, mu, sigma, v(y), p, v(value), vOpt(jacobian)),
    netForward: (params, dIn, m, dOut, X, B, out, scratch) =>
      t.netForward(v(params), dIn, m, dOut, v(X), B, v(out), v(scratch)),
    netBackward: (params, dIn, m, dOut, X, B, gOut, grad, scratch) =>
      t.netBackward(v(params), dIn, m, dOut, v(X), B, v(gOut), v(grad), v(scratch)),
    sgdDense: (params, d, m, x, n, mu, sigma, eta, B, epochs, trainW1, rng, losses, scratch) =>
      t.sgdDense(v(params), d, m, v(x), n, mu, sigma, eta, B, epochs, trainW1, v(rng), vOpt(losses), v(scratch)),
    sgd1d: (params, m, x, n, mu, sigma, eta, B, epochs, trainW1, rng, losses, scratch) =>
      t.sgd1d(v(params), m, v(x), n, mu, sigma, eta, B, epochs, trainW1, v(rng), vOpt(losses), v(scratch)),
    excessRiskMC: (params, d, m, x, n, mu, sigma, draws, rng, out, scratch) =>
      t.excessRiskMC(v(params), d, m, v(x), n, mu, sigma, draws, v(rng), v(out), v(scratch)),
    exactRisk1d: (params, m, x, n, mu, sigma, grad, scratch) =>
      t.exactRisk1d(v(params), m, v(x), n, mu, sigma, vOpt(grad), v(scratch)),
    hessian1d: (params, m, x, n, mu, sigma, H, scratch) =>
      t.hessian1d(v(params), m, v(x), n, mu, sigma, v(H), v(scratch)),
    hessianVector1d: (params, m, x, n, mu, sigma, vec, Hv, scratch) =>
      t.hessianVector1d(v(params), m, v(x), n, mu, sigma, v(vec), v(Hv), v(scratch)),
    erfcVector: (x, count, out) => t.erfcVector(v(x), count, v(out)),
    gramSchmidt: (Q, k, P, w, h) => t.gramSchmidt(v(Q), k, P, v(w), v(h)),
    sampledHessianVector: (params, dIn, m, dOut, U, T, N, vec, Hv, scratch) =>
      t.sampledHessianVector(v(params), dIn, m, dOut, v(U), v(T), N, v(vec), v(Hv), v(scratch)),
    diffusionBatch: (x, n, d, times, mus, sigmas, cumWeights, nTimes, B, rng, U, Z) =>
      t.diffusionBatch(v(x), n, d, v(times), v(mus), v(sigmas), v(cumWeights), nTimes, B, v(rng), v(U), v(Z)),
    denoiseLossGrad: (params, dIn, m, dOut, U, Z, rows, grad, scratch) =>
      t.denoiseLossGrad(v(params), dIn, m, dOut, v(U), v(Z), rows, v(grad), v(scratch)),
    reverseSdeStep: (Y, N, d, h, score, scoreScale, rng, nextT, U) =>
      t.reverseSdeStep(v(Y), N, d, h, v(score), scoreScale, v(rng), nextT, vOpt(U)),
    gaussianFitSample: (x, n, d, N, rng, out) => t.gaussianFitSample(v(x), n, d, N, v(rng), v(out)),
    mmdUnbiased: (X, nx, Y, ny, d, bandwidth, out) => t.mmdUnbiased(v(X), nx, v(Y), ny, d, bandwidth, v(out)),
    w2Assignment: (X, Y, n, d, out, matching, potentials, scratch) =>
      t.w2Assignment(v(X), v(Y), n, d, v(out), vOpt(matching), vOpt(potentials), v(scratch)),
    peak: (iterations) => t.peak(iterations),
    netForwardF32: (params, dIn, m, dOut, X, B, out, scratch) =>
      t.netForwardF32(w(params), dIn, m, dOut, w(X), B, w(out), w(scratch)),
    netBackwardF32: (params, dIn, m, dOut, X, B, gOut, grad, scratch) =>
      t.netBackwardF32(w(params), dIn, m, dOut, w(X), B, w(gOut), w(grad), w(scratch)),
    sgdDenseF32: (params, d, m, x, n, mu, sigma, eta, B, epochs, trainW1, rng, losses, scratch) =>
      t.sgdDenseF32(w(params), d, m, w(x), n, mu, sigma, eta, B, epochs, trainW1, v(rng), vOpt(losses), w(scratch)),
    sgd1dF32: (params, m, x, n, mu, sigma, eta, B, epochs, trainW1, rng, losses, scratch) =>
      t.sgd1dF32(w(params), m, w(x), n, mu, sigma, eta, B, epochs, trainW1, v(rng), vOpt(losses), w(scratch)),
    diffusionBatchF32: (x, n, d, times, mus, sigmas, cumWeights, nTimes, B, rng, U, Z) =>
      t.diffusionBatchF32(w(x), n, d, w(times), w(mus), w(sigmas), v(cumWeights), nTimes, B, v(rng), w(U), w(Z)),
    denoiseLossGradF32: (params, dIn, m, dOut, U, Z, rows, grad, scratch) =>
      t.denoiseLossGradF32(w(params), dIn, m, dOut, w(U), w(Z), rows, w(grad), w(scratch)),
    reverseSdeStepF32: (Y, N, d, h, score, scoreScale, rng, nextT, U) =>
      t.reverseSdeStepF32(w(Y), N, d, h, w(score), scoreScale, v(rng), nextT, wOpt(U)),
    peakF32: (iterations) => t.peakF32(iterations),
  };
}
