// The Wasm backend: buffers live in the module's linear memory, kernels are its exports.
// The exports are typed by the declarations the AssemblyScript compiler writes next to the
// release build (build/bigstep.d.ts, asconfig.json "bindings"), so the compiler checks them
// against the contract twice: ExportsMatchContract (each export's arity and result exactly the
// contract's, buffers as pointers) and the per-kernel adaptors below (each call typed both ways).
import { instantiate } from '@assemblyscript/loader';
import type { Backend, F32, F64, KernelName, SameSignature, WasmSignature } from '../contract.js';
import type { instantiate as instantiateBindings } from '../../../build/bigstep.js';
import { compileWasm } from './load.js';

/** The module's exports as the compiler declared them (every kernel, alloc, free, memory). */
type CoreExports = Awaited<ReturnType<typeof instantiateBindings>>;

/** Fails to compile, naming the kernel, when a Wasm export's signature is not the contract's. */
type AllTrue<T extends { [K in KernelName]: true }> = T;
type ExportsMatchContract = AllTrue<{ [K in KernelName]: SameSignature<CoreExports[K], WasmSignature<K>> }>;

/** A Float64 block in Wasm memory. The cached view is re-taken whenever memory.buffer has
 *  changed (a grow detaches the old ArrayBuffer). */
class WasmF64 implements F64 {
  private cachedView: Float64Array;
  constructor(private readonly core: CoreExports, public readonly ptr: number, public readonly length: number) {
    this.cachedView = new Float64Array(core.memory.buffer, ptr, length);
  }
  view(): Float64Array {
    if (this.cachedView.buffer !== this.core.memory.buffer) {
      this.cachedView = new Float64Array(this.core.memory.buffer, this.ptr, this.length);
    }
    return this.cachedView;
  }
  free(): void { this.core.free(this.ptr); }
}

/** A Float32 block in Wasm memory (the buffers of f32 training); the same view rule as WasmF64. */
class WasmF32 implements F32 {
  private cachedView: Float32Array;
  constructor(private readonly core: CoreExports, public readonly ptr: number, public readonly length: number) {
    this.cachedView = new Float32Array(core.memory.buffer, ptr, length);
  }
  view(): Float32Array {
    if (this.cachedView.buffer !== this.core.memory.buffer) {
      this.cachedView = new Float32Array(this.core.memory.buffer, this.ptr, this.length);
    }
    return this.cachedView;
  }
  free(): void { this.core.free(this.ptr); }
}

/** The offset of a buffer of this backend (a buffer of another backend is an error). */
function p(b: F64): number {
  if (b instanceof WasmF64) return b.ptr;
  throw new TypeError('wasm backend: a kernel got a buffer that this backend did not allocate');
}
/** An optional buffer: null is offset 0 ("do not compute it"). */
const pOpt = (b: F64 | null): number => (b === null ? 0 : p(b));
/** The offset of an f32 buffer of this backend. */
function q(b: F32): number {
  if (b instanceof WasmF32) return b.ptr;
  throw new TypeError('wasm backend: a kernel got an f32 buffer that this backend did not allocate');
}
const qOpt = (b: F32 | null): number => (b === null ? 0 : q(b));

/** Instantiate the core (compiled once per process) and wrap its exports as a Backend.
 *  Pass a compiled `module` to share one compilation across workers. */
export async function createWasmBackend(module?: WebAssembly.Module): Promise<Backend> {
  const mod = module ?? (await compileWasm());
  const { exports: c } = await instantiate<CoreExports>(mod, {});
  const allocF64 = (length: number): WasmF64 => {
    const ptr = c.alloc(Math.max(length, 1) * 8);
    if (ptr % 16 !== 0) throw new Error(`wasm backend: allocator returned unaligned offset ${ptr}`);
    return new WasmF64(c, ptr, length);
  };
  const allocF32 = (length: number): WasmF32 => {
    const ptr = c.alloc(Math.max(length, 1) * 4);
    if (ptr % 16 !== 0) throw new Error(`wasm backend: allocator returned unaligned offset ${ptr}`);
    return new WasmF32(c, ptr, length);
  };
  return {
    name: 'wasm',
    f64: allocF64,
    // values are copied out before allocating: they may be a view of this memory, which the
    // allocation can grow (detaching the view)
    f64From: (values) => {
      const src = Float64Array.from(values);
      const buf = allocF64(src.length);
      buf.view().set(src);
      return buf;
    },
    f32: allocF32,
    f32From: (values) => {
      const src = Float32Array.from(values);
      const buf = allocF32(src.length);
      buf.view().set(src);
      return buf;
    },

    rngSeed: (state, seed) => c.rngSeed(p(state), seed),
    rngUniforms: (state, out, count) => c.rngUniforms(p(state), p(out), count),
    rngNormals: (state, out, count) => c.rngNormals(p(state), p(out), count),
    sStar1d: (x, n, mu, sigma, y, q, value, derivative, secondDerivative) =>
      c.sStar1d(p(x), n, mu, sigma, p(y), q, p(value), pOpt(derivative), pOpt(secondDerivative)),
    sStarNd: (x, n, d, mu, sigma, y, q, value, jacobian) =>
      c.sStarNd(p(x), n, d, mu, sigma, p(y), q, p(value), pOpt(jacobian)),
    netForward: (params, dIn, m, dOut, X, B, out, scratch) =>
      c.netForward(p(params), dIn, m, dOut, p(X), B, p(out), p(scratch)),
    netBackward: (params, dIn, m, dOut, X, B, gOut, grad, scratch) =>
      c.netBackward(p(params), dIn, m, dOut, p(X), B, p(gOut), p(grad), p(scratch)),
    sgdDense: (params, d, m, x, n, mu, sigma, eta, B, epochs, trainW1, rng, losses, scratch) =>
      c.sgdDense(p(params), d, m, p(x), n, mu, sigma, eta, B, epochs, trainW1, p(rng), pOpt(losses), p(scratch)),
    sgd1d: (params, m, x, n, mu, sigma, eta, B, epochs, trainW1, rng, losses, scratch) =>
      c.sgd1d(p(params), m, p(x), n, mu, sigma, eta, B, epochs, trainW1, p(rng), pOpt(losses), p(scratch)),
    excessRiskMC: (params, d, m, x, n, mu, sigma, draws, rng, out, scratch) =>
      c.excessRiskMC(p(params), d, m, p(x), n, mu, sigma, draws, p(rng), p(out), p(scratch)),
    exactRisk1d: (params, m, x, n, mu, sigma, grad, scratch) =>
      c.exactRisk1d(p(params), m, p(x), n, mu, sigma, pOpt(grad), p(scratch)),
    hessian1d: (params, m, x, n, mu, sigma, H, scratch) =>
      c.hessian1d(p(params), m, p(x), n, mu, sigma, p(H), p(scratch)),
    hessianVector1d: (params, m, x, n, mu, sigma, vec, Hv, scratch) =>
      c.hessianVector1d(p(params), m, p(x), n, mu, sigma, p(vec), p(Hv), p(scratch)),
    erfcVector: (x, count, out) => c.erfcVector(p(x), count, p(out)),
    gramSchmidt: (Q, k, P, w, h) => c.gramSchmidt(p(Q), k, P, p(w), p(h)),
    sampledHessianVector: (params, dIn, m, dOut, U, T, N, vec, Hv, scratch) =>
      c.sampledHessianVector(p(params), dIn, m, dOut, p(U), p(T), N, p(vec), p(Hv), p(scratch)),
    diffusionBatch: (x, n, d, times, mus, sigmas, cumWeights, nTimes, B, rng, U, Z) =>
      c.diffusionBatch(p(x), n, d, p(times), p(mus), p(sigmas), p(cumWeights), nTimes, B, p(rng), p(U), p(Z)),
    denoiseLossGrad: (params, dIn, m, dOut, U, Z, rows, grad, scratch) =>
      c.denoiseLossGrad(p(params), dIn, m, dOut, p(U), p(Z), rows, p(grad), p(scratch)),
    reverseSdeStep: (Y, N, d, h, score, scoreScale, rng, nextT, U) =>
      c.reverseSdeStep(p(Y), N, d, h, p(score), scoreScale, p(rng), nextT, pOpt(U)),
    gaussianFitSample: (x, n, d, N, rng, out) => c.gaussianFitSample(p(x), n, d, N, p(rng), p(out)),
    mmdUnbiased: (X, nx, Y, ny, d, bandwidth, out) => c.mmdUnbiased(p(X), nx, p(Y), ny, d, bandwidth, p(out)),
    w2Assignment: (X, Y, n, d, out, matching, potentials, scratch) =>
      c.w2Assignment(p(X), p(Y), n, d, p(out), pOpt(matching), pOpt(potentials), p(scratch)),
    peak: (iterations) => c.peak(iterations),
    netForwardF32: (params, dIn, m, dOut, X, B, out, scratch) =>
      c.netForwardF32(q(params), dIn, m, dOut, q(X), B, q(out), q(scratch)),
    netBackwardF32: (params, dIn, m, dOut, X, B, gOut, grad, scratch) =>
      c.netBackwardF32(q(params), dIn, m, dOut, q(X), B, q(gOut), q(grad), q(scratch)),
    sgdDenseF32: (params, d, m, x, n, mu, sigma, eta, B, epochs, trainW1, rng, losses, scratch) =>
      c.sgdDenseF32(q(params), d, m, q(x), n, mu, sigma, eta, B, epochs, trainW1, p(rng), pOpt(losses), q(scratch)),
    sgd1dF32: (params, m, x, n, mu, sigma, eta, B, epochs, trainW1, rng, losses, scratch) =>
      c.sgd1dF32(q(params), m, q(x), n, mu, sigma, eta, B, epochs, trainW1, p(rng), pOpt(losses), q(scratch)),
    diffusionBatchF32: (x, n, d, times, mus, sigmas, cumWeights, nTimes, B, rng, U, Z) =>
      c.diffusionBatchF32(q(x), n, d, q(times), q(mus), q(sigmas), p(cumWeights), nTimes, B, p(rng), q(U), q(Z)),
    denoiseLossGradF32: (params, dIn, m, dOut, U, Z, rows, grad, scratch) =>
      c.denoiseLossGradF32(q(params), dIn, m, dOut, q(U), q(Z), rows, q(grad), q(scratch)),
    reverseSdeStepF32: (Y, N, d, h, score, scoreScale, rng, nextT, U) =>
      c.reverseSdeStepF32(q(Y), N, d, h, q(score), scoreScale, p(rng), nextT, qOpt(U)),
    peakF32: (iterations) => c.peakF32(iterations),
  };
}
