// The shared memory of the data-parallel batch gradient (parallelGradient.ts) and the chunk
// loop every thread runs on it — the calling thread and the helper threads alike.
//
// Control (an Int32Array on its own SharedArrayBuffer, created once):
//   GEN    step generation: the caller bumps it and notifies; helpers Atomics.wait on it
//   CMD    COMPUTE or EXIT;  NEXT  next chunk to take (Atomics.add: chunks are taken dynamically)
//   DONE   helpers finished with this generation (the caller waits until it equals their count)
//   ERROR  1 if a helper failed (its message follows on its MessagePort)
//   DIN, M, DOUT, ROWS, CHUNK  the problem of this generation
//   HELPED chunks computed by helper threads since the start (a statistic for tests and benchmarks)
// Data (a SharedArrayBuffer, replaced when a larger problem needs more room; the new one is
// posted to each helper before the generation bump), read as Float64Array or, when PREC is 1
// (an f32 problem, issue 14), as Float32Array — the same slots, 4 bytes each:
//   [ params (P) | U (rows × dIn) | Z (rows × dOut) | losses (C) | grads (C × P) ]
// Chunk c's loss and gradient go to their own slots: the caller sums them in chunk order
// (src/model/batchGradient.ts), so the result does not depend on which thread took which chunk.
import type { Backend, F32, F64 } from '../backend/contract.js';
import { scratchLength } from '../backend/contract.js';

export const CTRL = { GEN: 0, CMD: 1, NEXT: 2, DONE: 3, ERROR: 4, DIN: 5, M: 6, DOUT: 7, ROWS: 8, CHUNK: 9, HELPED: 10, PREC: 11 } as const;
export const CTRL_LENGTH = 16;
export const COMPUTE = 0, EXIT = 1;

export interface Layout {
  dIn: number; m: number; dOut: number; rows: number; chunkRows: number;
  /** Parameters and chunks. */
  P: number; C: number;
  /** Offsets (f64 slots) of the segments, and the total. */
  params: number; U: number; Z: number; losses: number; grads: number; length: number;
}

export function layout(dIn: number, m: number, dOut: number, rows: number, chunkRows: number): Layout {
  const P = m * (dIn + 1 + dOut), C = Math.ceil(rows / chunkRows);
  const params = 0, U = P, Z = U + rows * dIn, losses = Z + rows * dOut, grads = losses + C;
  return { dIn, m, dOut, rows, chunkRows, P, C, params, U, Z, losses, grads, length: grads + C * P };
}

/** The problem of the current generation, as the caller wrote it into the control block. */
export function layoutFromControl(ctrl: Int32Array): Layout {
  return layout(Atomics.load(ctrl, CTRL.DIN), Atomics.load(ctrl, CTRL.M), Atomics.load(ctrl, CTRL.DOUT),
    Atomics.load(ctrl, CTRL.ROWS), Atomics.load(ctrl, CTRL.CHUNK));
}

/** The data buffer's two readings (f64 problems use `f64`, f32 problems `f32`). */
export interface SharedData { f64: Float64Array; f32: Float32Array }

export function sharedData(sab: SharedArrayBuffer): SharedData {
  return { f64: new Float64Array(sab, 0, sab.byteLength >> 3), f32: new Float32Array(sab) };
}

/** One thread's side of the work: its own backend buffers (parameters, one chunk's rows, the
 *  chunk gradient, the kernel scratch), reallocated only when the shape or chunk size changes. */
export class ChunkRunner {
  private key = '';
  private bufs: { params: F64; U: F64; Z: F64; g: F64; scratch: F64 } | undefined;
  private key32 = '';
  private bufs32: { params: F32; U: F32; Z: F32; g: F32; scratch: F32 } | undefined;

  constructor(readonly backend: Backend) {}

  /** Take chunks of the current generation: f32 (denoiseLossGradF32) when PREC is 1, else f64. */
  runAny(ctrl: Int32Array, data: SharedData, lay: Layout): number {
    return Atomics.load(ctrl, CTRL.PREC) === 1 ? this.runF32(ctrl, data.f32, lay) : this.run(ctrl, data.f64, lay);
  }

  /** run() in f32. */
  runF32(ctrl: Int32Array, data: Float32Array, lay: Layout): number {
    let done = 0;
    for (;;) {
      const c = Atomics.add(ctrl, CTRL.NEXT, 1);
      if (c >= lay.C) return done;
      const b = this.buffers32(lay);
      if (done === 0) b.params.view().set(data.subarray(lay.params, lay.params + lay.P));
      const r0 = c * lay.chunkRows, r = Math.min(lay.chunkRows, lay.rows - r0);
      b.U.view().set(data.subarray(lay.U + r0 * lay.dIn, lay.U + (r0 + r) * lay.dIn));
      b.Z.view().set(data.subarray(lay.Z + r0 * lay.dOut, lay.Z + (r0 + r) * lay.dOut));
      data[lay.losses + c] = this.backend.denoiseLossGradF32(b.params, lay.dIn, lay.m, lay.dOut, b.U, b.Z, r, b.g, b.scratch);
      data.set(b.g.view(), lay.grads + c * lay.P);
      done++;
    }
  }

  /** Take chunks (Atomics.add on NEXT) until none is left; for each, run denoiseLossGrad on its
   *  rows and write its loss and gradient into its slots of `data`. Returns the chunks done. */
  run(ctrl: Int32Array, data: Float64Array, lay: Layout): number {
    let done = 0;
    for (;;) {
      const c = Atomics.add(ctrl, CTRL.NEXT, 1);
      if (c >= lay.C) return done;
      const b = this.buffers(lay);
      if (done === 0) b.params.view().set(data.subarray(lay.params, lay.params + lay.P));
      const r0 = c * lay.chunkRows, r = Math.min(lay.chunkRows, lay.rows - r0);
      b.U.view().set(data.subarray(lay.U + r0 * lay.dIn, lay.U + (r0 + r) * lay.dIn));
      b.Z.view().set(data.subarray(lay.Z + r0 * lay.dOut, lay.Z + (r0 + r) * lay.dOut));
      data[lay.losses + c] = this.backend.denoiseLossGrad(b.params, lay.dIn, lay.m, lay.dOut, b.U, b.Z, r, b.g, b.scratch);
      data.set(b.g.view(), lay.grads + c * lay.P);
      done++;
    }
  }

  free(): void {
    if (this.bufs) for (const buf of Object.values(this.bufs)) buf.free();
    if (this.bufs32) for (const buf of Object.values(this.bufs32)) buf.free();
    this.bufs = undefined;
    this.bufs32 = undefined;
    this.key = '';
    this.key32 = '';
  }

  private buffers32(lay: Layout): NonNullable<ChunkRunner['bufs32']> {
    const key = `${lay.dIn},${lay.m},${lay.dOut},${lay.chunkRows}`;
    if (this.bufs32 && this.key32 === key) return this.bufs32;
    if (this.bufs32) for (const buf of Object.values(this.bufs32)) buf.free();
    const be = this.backend;
    this.bufs32 = {
      params: be.f32(lay.P), U: be.f32(lay.chunkRows * lay.dIn), Z: be.f32(lay.chunkRows * lay.dOut),
      g: be.f32(lay.P), scratch: be.f32(scratchLength.denoiseLossGradF32(lay.dIn, lay.m, lay.dOut)),
    };
    this.key32 = key;
    return this.bufs32;
  }

  private buffers(lay: Layout): NonNullable<ChunkRunner['bufs']> {
    const key = `${lay.dIn},${lay.m},${lay.dOut},${lay.chunkRows}`;
    if (this.bufs && this.key === key) return this.bufs;
    if (this.bufs) for (const buf of Object.values(this.bufs)) buf.free();
    const be = this.backend;
    this.bufs = {
      params: be.f64(lay.P), U: be.f64(lay.chunkRows * lay.dIn), Z: be.f64(lay.chunkRows * lay.dOut),
      g: be.f64(lay.P), scratch: be.f64(scratchLength.denoiseLossGrad(lay.dIn, lay.m, lay.dOut)),
    };
    this.key = key;
    return this.bufs;
  }
}
