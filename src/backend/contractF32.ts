// The f32 kernels of the Backend contract (src/backend/contract.ts: `Kernels extends KernelsF32`),
// issue 14: f32x4 kernels with the layouts and draws of their f64 namesakes.
//
// Every operation is an f32 operation (TS twins: Math.fround after each +, −, ×, ÷;
// no fused multiply-add anywhere), so both backends agree bit for bit. Scalars (mu, sigma,
// eta, h, ...) arrive as f64 and are rounded to f32 once. The generator stays the f64
// xoshiro256**/polar stream (an F64 state): integers (batch and time indices) come from its
// f64 uniforms exactly as in f64, normals are its f64 normals rounded to f32 — so an f32 run
// draws the same stream as the f64 run with the same seed. Losses are f32 values stored in
// an F64 buffer (exactly). Scratch lengths are in f32 slots.
import type { F32, F64 } from './contract.js';

export interface KernelsF32 {
  /** netForward in f32. scratch: scratchLength.netF32(dIn, m, dOut). */
  netForwardF32(params: F32, dIn: number, m: number, dOut: number, X: F32, B: number,
    out: F32, scratch: F32): void;
  /** netBackward in f32. scratch: scratchLength.netF32(dIn, m, dOut). */
  netBackwardF32(params: F32, dIn: number, m: number, dOut: number, X: F32, B: number,
    gOut: F32, grad: F32, scratch: F32): void;
  /** sgdDense in f32: the same steps, draws and return value. scratch: scratchLength.sgdDenseF32(d, m, B). */
  sgdDenseF32(params: F32, d: number, m: number, x: F32, n: number, mu: number, sigma: number,
    eta: number, B: number, epochs: number, trainW1: number, rng: F64,
    losses: F64 | null, scratch: F32): number;
  /** sgd1d in f32 (sorted kinks, prefix sums): the same draws and contract as sgdDenseF32 with
   *  d = 1 (agreement to f32 rounding). scratch: scratchLength.sgd1dF32(m, B). */
  sgd1dF32(params: F32, m: number, x: F32, n: number, mu: number, sigma: number,
    eta: number, B: number, epochs: number, trainW1: number, rng: F64,
    losses: F64 | null, scratch: F32): number;
  /** diffusionBatch in f32: the same draw order; the time index from the f64 uniform and the
   *  f64 cumWeights (so the same index as f64), z rounded to f32. */
  diffusionBatchF32(x: F32, n: number, d: number, times: F32, mus: F32, sigmas: F32, cumWeights: F64,
    nTimes: number, B: number, rng: F64, U: F32, Z: F32): void;
  /** denoiseLossGrad in f32 (loss sum is an f32 value). scratch: scratchLength.denoiseLossGradF32(dIn, m, dOut). */
  denoiseLossGradF32(params: F32, dIn: number, m: number, dOut: number, U: F32, Z: F32, rows: number,
    grad: F32, scratch: F32): number;
  /** reverseSdeStep in f32: y + h·(y + (2·scoreScale)·s) + √(2h)·ξ per coordinate, ξ rounded. */
  reverseSdeStepF32(Y: F32, N: number, d: number, h: number, score: F32, scoreScale: number,
    rng: F64, nextT: number, U: F32 | null): void;
  /** Benchmark probe beside `peak`: `iterations` rounds of register-only f32x4 multiply-adds
   *  on 12 independent chains; 96 flops/round. */
  peakF32(iterations: number): number;

}
