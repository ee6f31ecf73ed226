// The batch gradient of the diffusion loss (SPEC §2 fig3) as a sum over FIXED chunks of rows,
// so that its value does not depend on how many threads compute it:
//   chunk c = rows [c·chunkRows, min((c+1)·chunkRows, rows)),  c = 0 .. C−1,
//   (l_c, g_c) = denoiseLossGrad on chunk c (its own buffer),
//   loss = ((l_0 + l_1) + l_2) + ...,   grad = ((g_0 + g_1) + g_2) + ...  (chunk order).
// Any implementation (serial here, worker threads in src/runner/parallelGradient.ts) follows
// exactly this arithmetic, so all of them give bit-identical results. In f32 (computeF32, issue
// 14) the chunks run denoiseLossGradF32 and every sum above is an f32 sum (fl32(a + b)).
import type { Backend, F32, F64 } from '../backend/contract.js';
import { scratchLength } from '../backend/contract.js';
import type { NetShape } from './net.js';

/** One batch: network parameters and rows (U: rows × dIn, Z: rows × dOut) in `backend`. */
export interface GradientProblem {
  backend: Backend;
  params: F64;
  shape: NetShape;
  U: F64;
  Z: F64;
  rows: number;
  chunkRows: number;
}

/** The same problem on f32 buffers (an f32 net's params32, f32 rows). */
export interface GradientProblemF32 {
  backend: Backend;
  params: F32;
  shape: NetShape;
  U: F32;
  Z: F32;
  rows: number;
  chunkRows: number;
}

export interface BatchGradient {
  /** loss sum and grad sum over all chunks, in chunk order: returns Σ_b ||r_theta(U_b) − Z_b||²
   *  and overwrites grad (P = m(dIn+1+dOut)) with its gradient, both summed as in the header. */
  compute(problem: GradientProblem, grad: F64): number;
  /** compute in f32: denoiseLossGradF32 per chunk, f32 chunk sums (an f32 loss, an f32 grad). */
  computeF32(problem: GradientProblemF32, grad: F32): number;
  /** Release buffers (and threads, if any); the object must not be used afterwards. */
  close(): void | Promise<void>;
}

/** Number of chunks of a batch. */
export const chunkCount = (rows: number, chunkRows: number): number => Math.ceil(rows / chunkRows);

/** The default: every chunk in the calling thread, on the problem's backend. Buffers (one
 *  chunk's rows, its gradient, the kernel scratch) are allocated at the first call and again
 *  only when the backend, shape or chunk size changes. */
export class SerialGradient implements BatchGradient {
  private bufs: { key: string; backend: Backend; U: F64; Z: F64; g: F64; scratch: F64 } | undefined;
  private bufs32: { key: string; backend: Backend; U: F32; Z: F32; g: F32; scratch: F32 } | undefined;

  compute(p: GradientProblem, grad: F64): number {
    const { dIn, m, dOut } = p.shape;
    const b = this.buffers(p);
    const chunks = chunkCount(p.rows, p.chunkRows);
    let loss = 0;
    for (let c = 0; c < chunks; c++) {
      const r0 = c * p.chunkRows, r = Math.min(p.chunkRows, p.rows - r0);
      b.U.view().set(p.U.view().subarray(r0 * dIn, (r0 + r) * dIn));
      b.Z.view().set(p.Z.view().subarray(r0 * dOut, (r0 + r) * dOut));
      const l = p.backend.denoiseLossGrad(p.params, dIn, m, dOut, b.U, b.Z, r, b.g, b.scratch);
      addChunk(grad.view(), b.g.view(), c === 0);
      loss = c === 0 ? l : loss + l;
    }
    return loss;
  }

  computeF32(p: GradientProblemF32, grad: F32): number {
    const { dIn, m, dOut } = p.shape;
    const key = `${dIn},${m},${dOut},${p.chunkRows}`;
    if (!this.bufs32 || this.bufs32.key !== key || this.bufs32.backend !== p.backend) {
      this.close32();
      const be = p.backend;
      this.bufs32 = {
        key, backend: be, U: be.f32(p.chunkRows * dIn), Z: be.f32(p.chunkRows * dOut),
        g: be.f32(m * (dIn + 1 + dOut)), scratch: be.f32(scratchLength.denoiseLossGradF32(dIn, m, dOut)),
      };
    }
    const b = this.bufs32;
    let loss = 0;
    for (let c = 0; c < chunkCount(p.rows, p.chunkRows); c++) {
      const r0 = c * p.chunkRows, r = Math.min(p.chunkRows, p.rows - r0);
      b.U.view().set(p.U.view().subarray(r0 * dIn, (r0 + r) * dIn));
      b.Z.view().set(p.Z.view().subarray(r0 * dOut, (r0 + r) * dOut));
      const l = p.backend.denoiseLossGradF32(p.params, dIn, m, dOut, b.U, b.Z, r, b.g, b.scratch);
      addChunk32(grad.view(), b.g.view(), c === 0);
      loss = c === 0 ? l : Math.fround(loss + l);
    }
    return loss;
  }

  close(): void {
    this.close32();
    if (!this.bufs) return;
    for (const buf of [this.bufs.U, this.bufs.Z, this.bufs.g, this.bufs.scratch]) buf.free();
    this.bufs = undefined;
  }

  private close32(): void {
    if (!this.bufs32) return;
    for (const buf of [this.bufs32.U, this.bufs32.Z, this.bufs32.g, this.bufs32.scratch]) buf.free();
    this.bufs32 = undefined;
  }

  private buffers(p: GradientProblem): NonNullable<SerialGradient['bufs']> {
    const { dIn, m, dOut } = p.shape;
    const key = `${dIn},${m},${dOut},${p.chunkRows}`;
    if (this.bufs && this.bufs.key === key && this.bufs.backend === p.backend) return this.bufs;
    this.close();
    const be = p.backend;
    this.bufs = {
      key, backend: be, U: be.f64(p.chunkRows * dIn), Z: be.f64(p.chunkRows * dOut),
      g: be.f64(m * (dIn + 1 + dOut)), scratch: be.f64(scratchLength.denoiseLossGrad(dIn, m, dOut)),
    };
    return this.bufs;
  }
}

/** grad ← g (first chunk) or grad ← grad + g (later chunks), element by element. */
export function addChunk(grad: Float64Array, g: Float64Array, first: boolean): void {
  const P = g.length;
  if (first) { grad.set(g); return; }
  for (let i = 0; i < P; i++) grad[i] += g[i];
}

/** addChunk in f32 (its own function: one element type per loop keeps V8's code monomorphic).
 *  The store rounds the f64 sum of two f32 values, which is their correctly rounded f32 sum. */
export function addChunk32(grad: Float32Array, g: Float32Array, first: boolean): void {
  const P = g.length;
  if (first) { grad.set(g); return; }
  for (let i = 0; i < P; i++) grad[i] += g[i];
}
