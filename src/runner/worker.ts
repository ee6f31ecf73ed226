// A pool worker (started by pool.ts): instantiates the Wasm module it was sent into its own
// backend, imports the experiment registry once, then runs one task per message.
//
//   workerData:        { module?: WebAssembly.Module, backend: BackendName, registryUrl: string }
//   worker → main:     { type: 'ready' } | { type: 'init-error', error }
//   main → worker:     { type: 'task', id, task }   (task.gradientThreads > 1: the run gets a
//                      ParallelGradient of that many threads, created before it starts and kept
//                      for the next task with the same count)
//   worker → main:     { type: 'result', id, result } | { type: 'error', id, error }
import { parentPort, workerData } from 'node:worker_threads';
import type { BackendName } from '../backend/contract.js';
import { createBackend } from '../backend/index.js';
import { errorToData, executeTask, loadRegistry, type RunTask } from './execute.js';
import { createParallelGradient, type ParallelGradient } from './parallelGradient.js';

interface WorkerInit {
  module?: WebAssembly.Module;
  backend: BackendName;
  registryUrl: string;
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
      const result = executeTask(registry, backend, msg.task, gradient);
      port.postMessage({ type: 'result', id: msg.id, result });
    } catch (err) {
      port.postMessage({ type: 'error', id: msg.id, error: errorToData(err) });
    }
  });
  port.postMessage({ type: 'ready' });
} catch (err) {
  port.postMessage({ type: 'init-error', error: errorToData(err) });
}
