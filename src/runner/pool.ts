// A pool of worker threads that run the tasks of a sweep (node:worker_threads, no dependency).
// The Wasm module is compiled once here and sent to every worker (a WebAssembly.Module is
// structured-cloneable); each worker instantiates it into one backend and keeps it.
//
// Worker entry: compiled code (dist/runner/pool.js) starts dist/runner/worker.js directly.
// Source code run through a TypeScript loader (vitest, tsx) sees import.meta.url ending in
// `.ts`; Node 20 does not carry a loader into a worker's entry (`execArgv: ['--import', 'tsx']`
// fails on the .ts entry), so the worker then starts from a two-line bootstrap that registers
// tsx's ESM hooks in that thread and imports worker.ts.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { BackendName } from '../backend/contract.js';
import { createBackend } from '../backend/index.js';
import { compileWasm } from '../backend/wasm/load.js';
import type { RunProgress } from './checkpoint.js';
import { DEFAULT_REGISTRY_URL, type ErrorData, errorFromData, errorToData, executeTask, loadRegistry, type Registry, RunError, type RunHooks, type RunTask, type TaskResult } from './execute.js';

export interface PoolOptions {
  /** Worker threads (default os.availableParallelism()). */
  workers?: number;
  /** Run tasks in this thread instead (one at a time; no worker). Default false. */
  inProcess?: boolean;
  /** The module exporting EXPERIMENTS (default src/experiments/index.ts, built as dist/experiments/index.js). */
  registryUrl?: URL;
  backend?: BackendName;
  /** A compiled Wasm core (default compileWasm(): build/bigstep.wasm, compiled once). */
  module?: WebAssembly.Module;
  /** The stop flag (one Int32) every run polls: set it and runs checkpoint and stop. */
  stop?: SharedArrayBuffer;
  /** Progress reports of long runs. */
  onProgress?: (progress: RunProgress) => void;
}

export interface Pool {
  /** How many tasks run at once. */
  readonly size: number;
  /** Run one task; rejects with the run's error (a RunError, or an InputError it threw). */
  run(task: RunTask): Promise<TaskResult>;
  /** Stop the workers (a running task is abandoned and rejects). */
  close(): Promise<void>;
}

/** Start a pool; resolves once every worker has its backend and registry. */
export async function createPool(opts: PoolOptions = {}): Promise<Pool> {
  const backend = opts.backend ?? 'wasm';
  const registryUrl = opts.registryUrl ?? DEFAULT_REGISTRY_URL;
  const module = backend === 'wasm' ? (opts.module ?? (await compileWasm())) : undefined;
  const stop = opts.stop ?? new SharedArrayBuffer(4);
  const onProgress = opts.onProgress ?? ((): void => {});
  if (opts.inProcess) {
    const hooks = { stop: new Int32Array(stop), report: onProgress };
    return inProcessPool(await createBackend(backend, module), await loadRegistry(registryUrl), hooks);
  }
  const workers = opts.workers ?? availableParallelism();
  if (!Number.isInteger(workers) || workers < 1) throw new Error(`runner: workers must be an integer >= 1, got ${workers}`);
  const started = await Promise.allSettled(Array.from({ length: workers }, () => startWorker({ module, backend, registryUrl: registryUrl.href, stop })));
  const slots = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await Promise.all(slots.map((s) => s.worker.terminate()));
    throw failed.reason;
  }
  return workerPool(slots, onProgress);
}

/** Tasks run one at a time in this thread; each waits a macrotask first so signals and I/O
 *  between runs are handled. */
function inProcessPool(be: Awaited<ReturnType<typeof createBackend>>, registry: Registry, hooks: RunHooks): Pool {
  let closed = false;
  return {
    size: 1,
    async run(task) {
      await new Promise((resolve) => setImmediate(resolve));
      if (closed) throw new RunError(task.spec.key, 'the pool was closed');
      try {
        return executeTask(registry, be, task, undefined, hooks);
      } catch (err) {
        throw errorFromData(errorToData(err), task.spec.key); // the same errors as from a worker
      }
    },
    async close() { closed = true; },
  };
}

interface Pending { id: number; key: string; resolve(r: TaskResult): void; reject(e: Error): void }
interface Slot { worker: Worker; current: Pending | null; dead: boolean }

/** How to start the thread entry `./NAME.js` of this folder (`./NAME.ts` under a TypeScript
 *  loader, through the tsx bootstrap described at the top of this file). */
export function threadEntry(name: string): { entry: URL | string; options: { eval?: boolean } } {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return { entry: new URL(`./${name}.js`, here), options: {} };
  const tsx = tsxEsmApi(here);
  const worker = new URL(`./${name}.ts`, here).href;
  const boot = `import(${JSON.stringify(tsx)}).then((api) => { (api.register ?? api.default.register)(); return import(${JSON.stringify(worker)}); })`;
  return { entry: boot, options: { eval: true } };
}

/** The URL of tsx's ESM API (its `import` export of `tsx/esm/api`), resolved from `from`. */
function tsxEsmApi(from: string): string {
  try {
    const pkgFile = createRequire(from).resolve('tsx/package.json');
    const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { exports?: Record<string, { import?: { default?: string } }> };
    const rel = pkg.exports?.['./esm/api']?.import?.default;
    if (rel) return pathToFileURL(join(dirname(pkgFile), rel)).href;
  } catch { /* fall through: let the worker resolve it */ }
  return 'tsx/esm/api';
}

function startWorker(init: { module?: WebAssembly.Module; backend: BackendName; registryUrl: string; stop: SharedArrayBuffer }): Promise<Slot> {
  const { entry, options } = threadEntry('worker');
  const worker = new Worker(entry, { ...options, workerData: init });
  return new Promise((resolve, reject) => {
    const fail = (err: Error): void => { worker.terminate(); reject(err); };
    worker.once('message', (msg: { type: string; error?: ErrorData }) => {
      worker.off('error', fail);
      if (msg.type === 'ready') resolve({ worker, current: null, dead: false });
      else fail(new Error(`runner: a worker could not start: ${msg.error?.message ?? JSON.stringify(msg)}`));
    });
    worker.once('error', fail);
  });
}

function workerPool(slots: Slot[], onProgress: (p: RunProgress) => void): Pool {
  const queue: { task: RunTask; pending: Pending }[] = [];
  let nextId = 1;
  let closed = false;

  const dispatch = (): void => {
    for (const slot of slots) {
      if (slot.current || slot.dead || queue.length === 0) continue;
      const { task, pending } = queue.shift()!;
      slot.current = pending;
      slot.worker.postMessage({ type: 'task', id: pending.id, task });
    }
    if (slots.every((s) => s.dead)) {
      for (const { pending } of queue.splice(0)) pending.reject(new RunError(pending.key, 'every worker has stopped'));
    }
  };

  for (const slot of slots) {
    const finish = (): Pending | null => { const p = slot.current; slot.current = null; return p; };
    slot.worker.on('message', (msg: { type: string; id: number; result?: TaskResult; error?: ErrorData; progress?: RunProgress }) => {
      if (msg.type === 'progress') { if (slot.current?.id === msg.id) onProgress(msg.progress!); return; }
      const p = finish();
      if (!p || p.id !== msg.id) return;
      if (msg.type === 'result') p.resolve(msg.result!);
      else p.reject(errorFromData(msg.error!, p.key));
      dispatch();
    });
    const die = (reason: string): void => {
      if (slot.dead) return;
      slot.dead = true;
      const p = finish();
      p?.reject(new RunError(p.key, reason));
      dispatch();
    };
    slot.worker.on('error', (err) => die(`the worker crashed: ${err.message}`));
    slot.worker.on('exit', (code) => die(closed ? 'abandoned: the pool was closed' : `the worker exited (code ${code})`));
  }

  return {
    size: slots.length,
    run(task) {
      return new Promise<TaskResult>((resolve, reject) => {
        if (closed) { reject(new RunError(task.spec.key, 'the pool was closed')); return; }
        queue.push({ task, pending: { id: nextId++, key: task.spec.key, resolve, reject } });
        dispatch();
      });
    },
    async close() {
      closed = true;
      for (const { pending } of queue.splice(0)) pending.reject(new RunError(pending.key, 'the pool was closed'));
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}
