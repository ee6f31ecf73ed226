// The batch gradient of the diffusion loss (SPEC §2 fig3) as a sum over FIXED chunks of rows,
// so that its value does not depend on how many threads compute it:
//   chunk c = rows [c·chunkRows, min((c+1)·chunkRows, rows)),  c = 0 .. C−1,
//   (l_c, g_c) = denoiseLossGrad on chunk c (its own buffer),
//   loss = ((l_0 + l_1) + l_2) + ...,   grad = ((g_0 + g_1) + g_2) + ...  (chunk order).
// Any implementation (serial here, worker threads in src/runner/parallelGradient.ts) follows
// exactly this arithmetic, so all of them give bit-identical results.
import type { Backend, F64 } from '../backend/contract.js';
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

export interface BatchGradient {
  /** loss sum and grad sum over all chunks, in chunk order: returns Σ_b ||r_theta(U_b) − Z_b||²
   *  and overwrites grad (P = m(dIn+1+dOut)) with its gradient, both summed as in the header. */
  compute(problem: GradientProblem, grad: F64): number;
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

  close(): void {
    if (!this.bufs) return;
    for (const buf of [this.bufs.U, this.bufs.Z, this.bufs.g, this.bufs.scratch]) buf.free();
    this.bufs = undefined;
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
