// A pool worker (started by pool.ts): instantiates the Wasm module it was sent into its own
// backend, imports the experiment registry once, then runs one task per message.
//
//   workerData:        { module?: WebAssembly.Module, backend: BackendName, registryUrl: string }
//   worker → main:     { type: 'ready' } | { type: 'init-error', error }
//   main → worker:     { type: 'task', id, task }
//   worker → main:     { type: 'result', id, result } | { type: 'error', id, error }
import { parentPort, workerData } from 'node:worker_threads';
import type { BackendName } from '../backend/contract.js';
import { createBackend } from '../backend/index.js';
import { errorToData, executeTask, loadRegistry, type RunTask } from './execute.js';

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
  port.on('message', (msg: { type: 'task'; id: number; task: RunTask }) => {
    if (msg.type !== 'task') return;
    try {
      const result = executeTask(registry, backend, msg.task);
      port.postMessage({ type: 'result', id: msg.id, result });
    } catch (err) {
      port.postMessage({ type: 'error', id: msg.id, error: errorToData(err) });
    }
  });
  port.postMessage({ type: 'ready' });
} catch (err) {
  port.postMessage({ type: 'init-error', error: errorToData(err) });
}
