// Data-parallel batch gradient (Node): a BatchGradient (src/model/batchGradient.ts) that
// spreads the fixed chunks of a batch over T threads — the calling thread and T − 1 helper
// threads (worker_threads, gradientThread.ts), one backend instance each from one compiled
// Wasm Module. The step loop of Experiment.run is synchronous, so the per-step handshake is
// too: shared memory and Atomics.wait/notify (sharedGradient.ts), no message per step.
// The threads are created asynchronously beforehand (createParallelGradient).
//
// Result: each chunk's loss and gradient land in their own slots, summed by the caller in
// chunk order exactly as SerialGradient sums them — bit-identical whatever T.
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { BackendName, F32, F64 } from '../backend/contract.js';
import { compileWasm } from '../backend/wasm/load.js';
import { addChunk, addChunk32, type BatchGradient, type GradientProblem, type GradientProblemF32 } from '../model/batchGradient.js';
import { threadEntry } from './pool.js';
import { ChunkRunner, COMPUTE, CTRL, CTRL_LENGTH, EXIT, layout, sharedData, type Layout, type SharedData } from './sharedGradient.js';

export interface ParallelGradientOptions {
  /** Threads in all, the calling thread included (>= 1; 1 = no helper thread). */
  threads: number;
  /** Backend of the helper threads (default 'wasm'); the calling thread uses the problem's. */
  backend?: BackendName;
  /** A compiled Wasm core (default compileWasm(), compiled once per process). */
  module?: WebAssembly.Module;
  /** Give up (throw) when the helpers make no progress for this long (default 120 s). */
  timeoutMs?: number;
}

interface Helper { worker: Worker; port: MessagePort }

export class ParallelGradient implements BatchGradient {
  private readonly ctrl: Int32Array;
  private data: SharedData = sharedData(new SharedArrayBuffer(8));
  private runner: ChunkRunner | undefined;
  private closed = false;

  private constructor(private readonly helpers: Helper[], control: SharedArrayBuffer, private readonly timeoutMs: number) {
    this.ctrl = new Int32Array(control);
  }

  /** Chunks the helper threads have computed so far (the calling thread's are not counted). */
  get helperChunks(): number { return Atomics.load(this.ctrl, CTRL.HELPED); }

  /** Threads in all (helpers + the calling thread). */
  get threads(): number { return this.helpers.length + 1; }

  static async create(opts: ParallelGradientOptions): Promise<ParallelGradient> {
    const threads = opts.threads;
    if (!Number.isInteger(threads) || threads < 1) throw new Error(`parallelGradient: threads must be an integer >= 1, got ${threads}`);
    const backend = opts.backend ?? 'wasm';
    const module = backend === 'wasm' ? (opts.module ?? (await compileWasm())) : undefined;
    const control = new SharedArrayBuffer(CTRL_LENGTH * 4);
    const started = await Promise.allSettled(Array.from({ length: threads - 1 }, () => startHelper(module, backend, control)));
    const helpers = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) {
      await Promise.all(helpers.map((h) => h.worker.terminate()));
      throw failed.reason;
    }
    return new ParallelGradient(helpers, control, opts.timeoutMs ?? 120_000);
  }

  compute(p: GradientProblem, grad: F64): number {
    const lay = this.publish(p, 0);
    const data = this.data.f64;
    data.set(p.params.view().subarray(0, lay.P), lay.params);
    data.set(p.U.view().subarray(0, p.rows * lay.dIn), lay.U);
    data.set(p.Z.view().subarray(0, p.rows * lay.dOut), lay.Z);
    this.go(p, lay, (r) => r.run(this.ctrl, data, lay));
    const g = grad.view();
    let loss = 0;
    for (let c = 0; c < lay.C; c++) { // chunk order (batchGradient.ts)
      const off = lay.grads + c * lay.P;
      addChunk(g, data.subarray(off, off + lay.P), c === 0);
      loss = c === 0 ? data[lay.losses] : loss + data[lay.losses + c];
    }
    return loss;
  }

  /** compute in f32: the data buffer read as Float32Array, f32 chunk sums in chunk order. */
  computeF32(p: GradientProblemF32, grad: F32): number {
    const lay = this.publish(p, 1);
    const data = this.data.f32;
    data.set(p.params.view().subarray(0, lay.P), lay.params);
    data.set(p.U.view().subarray(0, p.rows * lay.dIn), lay.U);
    data.set(p.Z.view().subarray(0, p.rows * lay.dOut), lay.Z);
    this.go(p, lay, (r) => r.runF32(this.ctrl, data, lay));
    const g = grad.view();
    let loss = 0;
    for (let c = 0; c < lay.C; c++) {
      const off = lay.grads + c * lay.P;
      addChunk32(g, data.subarray(off, off + lay.P), c === 0);
      loss = c === 0 ? data[lay.losses] : Math.fround(loss + data[lay.losses + c]);
    }
    return loss;
  }

  /** The layout of this problem, with room for it (slots of 8 or 4 bytes). */
  private publish(p: { shape: GradientProblem['shape']; rows: number; chunkRows: number }, prec: 0 | 1): Layout {
    if (this.closed) throw new Error('parallelGradient: used after close()');
    const { dIn, m, dOut } = p.shape;
    const lay = layout(dIn, m, dOut, p.rows, p.chunkRows);
    this.ensureRoom(lay.length * (prec === 1 ? 4 : 8));
    Atomics.store(this.ctrl, CTRL.PREC, prec);
    return lay;
  }

  /** Start a generation, run chunks in this thread too, wait for the helpers. */
  private go(p: { backend: GradientProblem['backend'] }, lay: Layout, runOwn: (r: ChunkRunner) => void): void {
    const ctrl = this.ctrl;
    const fields: [number, number][] = [[CTRL.DIN, lay.dIn], [CTRL.M, lay.m], [CTRL.DOUT, lay.dOut], [CTRL.ROWS, lay.rows],
      [CTRL.CHUNK, lay.chunkRows], [CTRL.CMD, COMPUTE], [CTRL.NEXT, 0], [CTRL.DONE, 0], [CTRL.ERROR, 0]];
    for (const [slot, value] of fields) Atomics.store(ctrl, slot, value);
    Atomics.add(ctrl, CTRL.GEN, 1);
    Atomics.notify(ctrl, CTRL.GEN);

    if (this.runner?.backend !== p.backend) { this.runner?.free(); this.runner = new ChunkRunner(p.backend); }
    let ownError: unknown = null;
    try { runOwn(this.runner); } catch (err) { ownError = err; Atomics.store(ctrl, CTRL.NEXT, lay.C); }
    this.waitForHelpers();
    if (ownError !== null) throw ownError;
    if (Atomics.load(ctrl, CTRL.ERROR) !== 0) throw new Error(`parallelGradient: a helper thread failed: ${this.helperErrors()}`);
  }

  /** Stop the helper threads and free the calling thread's buffers. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.runner?.free();
    Atomics.store(this.ctrl, CTRL.CMD, EXIT);
    Atomics.add(this.ctrl, CTRL.GEN, 1);
    Atomics.notify(this.ctrl, CTRL.GEN);
    // A helper that already exited emits no second 'exit': terminate() resolves for it too.
    await Promise.all(this.helpers.map(({ worker, port }) => new Promise<void>((resolve) => {
      const done = (): void => { clearTimeout(timer); port.close(); resolve(); };
      const timer = setTimeout(() => { void worker.terminate().then(done, done); }, 5000);
      worker.once('exit', done);
      if (worker.threadId === -1) void worker.terminate().then(done, done); // exited before close()
    })));
  }

  /** A larger data buffer when this problem's `bytes` do not fit, posted to every helper. */
  private ensureRoom(bytes: number): void {
    if (this.data.f32.byteLength >= bytes) return;
    const sab = new SharedArrayBuffer(Math.ceil(bytes / 8) * 8);
    this.data = sharedData(sab);
    for (const h of this.helpers) h.port.postMessage({ data: sab });
  }

  private waitForHelpers(): void {
    const ctrl = this.ctrl, n = this.helpers.length;
    let last = -1, since = performance.now();
    for (let done = Atomics.load(ctrl, CTRL.DONE); done < n; done = Atomics.load(ctrl, CTRL.DONE)) {
      if (done !== last) { last = done; since = performance.now(); }
      if (performance.now() - since > this.timeoutMs) {
        throw new Error(`parallelGradient: ${n - done} helper thread(s) made no progress for ${this.timeoutMs} ms`);
      }
      Atomics.wait(ctrl, CTRL.DONE, done, 1000);
    }
  }

  private helperErrors(): string {
    const messages: string[] = [];
    for (const h of this.helpers) {
      for (let m = receiveMessageOnPort(h.port); m; m = receiveMessageOnPort(h.port)) messages.push((m.message as { message: string }).message);
    }
    return messages.join('; ') || 'no message';
  }
}

/** Start T threads (T − 1 helpers); resolves when every helper has its backend. */
export function createParallelGradient(opts: ParallelGradientOptions): Promise<ParallelGradient> {
  return ParallelGradient.create(opts);
}

function startHelper(module: WebAssembly.Module | undefined, backend: BackendName, control: SharedArrayBuffer): Promise<Helper> {
  const { entry, options } = threadEntry('gradientThread');
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(entry, { ...options, workerData: { module, backend, control, port: port2 }, transferList: [port2] });
  return new Promise((resolve, reject) => {
    const fail = (err: Error): void => { void worker.terminate(); port1.close(); reject(err); };
    worker.once('message', (msg: { type: string; message?: string }) => {
      worker.off('error', fail);
      // A later error (the thread died) is seen by the caller as "no progress" (waitForHelpers);
      // keep a listener so it is not an unhandled 'error' event in this thread.
      worker.on('error', () => {});
      if (msg.type !== 'ready') { fail(new Error(`parallelGradient: a helper thread could not start: ${msg.message ?? JSON.stringify(msg)}`)); return; }
      worker.unref(); // a forgotten close() does not keep the process alive
      port1.unref();
      resolve({ worker, port: port1 });
    });
    worker.once('error', fail);
  });
}
