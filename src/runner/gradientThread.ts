// A helper thread of the data-parallel batch gradient (started by parallelGradient.ts): one
// backend instance (the Wasm Module it was sent, instantiated here), then a synchronous loop —
// wait for a generation bump, take chunks, report DONE — until the EXIT command.
//
//   workerData: { module?: WebAssembly.Module, backend: BackendName, control: SharedArrayBuffer,
//                 port: MessagePort }
//   thread → caller (parentPort): { type: 'ready' } | { type: 'init-error', message } (once)
//   caller → thread (port, read synchronously after a wake): { data: SharedArrayBuffer }
//   thread → caller (port, after setting ERROR): { message }
import { type MessagePort, parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import type { BackendName } from '../backend/contract.js';
import { createBackend } from '../backend/index.js';
import { ChunkRunner, CTRL, EXIT, layoutFromControl, sharedData, type SharedData } from './sharedGradient.js';

interface ThreadInit { module?: WebAssembly.Module; backend: BackendName; control: SharedArrayBuffer; port: MessagePort }

const parent = parentPort;
if (!parent) throw new Error('runner/gradientThread: must run in a worker thread (see parallelGradient.ts)');
const init = workerData as ThreadInit;

let runner: ChunkRunner;
try {
  runner = new ChunkRunner(await createBackend(init.backend, init.module));
} catch (err) {
  parent.postMessage({ type: 'init-error', message: (err as Error).message });
  throw err;
}
const ctrl = new Int32Array(init.control);
let data: SharedData = { f64: new Float64Array(0), f32: new Float32Array(0) };
let gen = Atomics.load(ctrl, CTRL.GEN); // read before 'ready': the caller bumps it only after
parent.postMessage({ type: 'ready' });
for (;;) {
  Atomics.wait(ctrl, CTRL.GEN, gen);
  gen = Atomics.load(ctrl, CTRL.GEN);
  if (Atomics.load(ctrl, CTRL.CMD) === EXIT) break;
  for (let msg = receiveMessageOnPort(init.port); msg; msg = receiveMessageOnPort(init.port)) {
    data = sharedData((msg.message as { data: SharedArrayBuffer }).data);
  }
  try {
    Atomics.add(ctrl, CTRL.HELPED, runner.runAny(ctrl, data, layoutFromControl(ctrl)));
  } catch (err) {
    Atomics.store(ctrl, CTRL.ERROR, 1);
    init.port.postMessage({ message: (err as Error).message });
  }
  Atomics.add(ctrl, CTRL.DONE, 1);
  Atomics.notify(ctrl, CTRL.DONE);
}
runner.free();
init.port.close();
