// A pool worker (started by pool.ts): instantiates the Wasm module it was sent into its own
// backend, imports the experiment registry once, then runs one task per message.
//
//   workerData:        { module?: WebAssembly.Module, backend: BackendName, registryUrl: string }
//   worker → main:     { type: 'ready' } | { type: 'init-error', error }
//   main → worker:     { type: 'task', id, task }   (task.gradientThreads > 1: the run gets a
//                      ParallelGradient of that many threads, created before it starts and kept
//                      for the next task with the same count)
//   worker → main:     { type: 'progress', id, progress } (any number, while a long run runs)
//   worker → main:     { type: 'result', id, result } | { type: 'error', id, error }
//   workerData.stop:   a SharedArrayBuffer flag, set by the sweep on SIGTERM: runs checkpoint and stop
import { parentPort, workerData } from 'node:worker_threads';
import type { BackendName } from '../backend/contract.js';
import { createBackend } from '../backend/index.js';
import type { RunProgress } from './checkpoint.js';
import { errorToData, executeTask, loadRegistry, type RunTask } from './execute.js';
import { createParallelGradient, type ParallelGradient } from './parallelGradient.js';

interface WorkerInit {
  module?: WebAssembly.Module;
  backend: BackendName;
  registryUrl: string;
  stop: SharedArrayBuffer;
}

const port = parentPort;
if (!port) throw new Error('runner/worker: must run in a worker thread (see pool.ts)');
const init = workerData as WorkerInit;

try {
  const [backend, registry] = await Promise.all([createBackend(init.backend, init.module), loadRegistry(init.registryUrl)]);
  let gradient: ParallelGradient | undefined;
  port.on('message', async (msg: { type: 'task'; id: number; task: RunTask }) => {
    if (msg.type !== 'task') return;
    try {
      const threads = msg.task.gradientThreads ?? 1;
      if (gradient && gradient.threads !== threads) { await gradient.close(); gradient = undefined; }
      if (threads > 1) gradient ??= await createParallelGradient({ threads, backend: init.backend, module: init.module });
      const hooks = { stop: new Int32Array(init.stop), report: (progress: RunProgress) => port.postMessage({ type: 'progress', id: msg.id, progress }) };
      const result = executeTask(registry, backend, msg.task, gradient, hooks);
      port.postMessage({ type: 'result', id: msg.id, result });
    } catch (err) {
      port.postMessage({ type: 'error', id: msg.id, error: errorToData(err) });
    }
  });
  port.postMessage({ type: 'ready' });
} catch (err) {
  port.postMessage({ type: 'init-error', error: errorToData(err) });
}
