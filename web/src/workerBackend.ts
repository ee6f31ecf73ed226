// A worker's backends: 'wasm' compiles ./bigstep.wasm (served next to the worker script, as
// application/wasm) once and instantiates it; 'ts' is the pure-TypeScript twin. One of each.
import { createBackend, type Backend } from '../../src/backend/index.js';
import type { BackendChoice } from './lab1d/protocol.js';

let wasmModule: Promise<WebAssembly.Module> | null = null;
const backends = new Map<BackendChoice, Promise<Backend>>();

export function workerBackend(name: BackendChoice): Promise<Backend> {
  let be = backends.get(name);
  if (!be) {
    if (name === 'wasm') {
      wasmModule ??= WebAssembly.compileStreaming(fetch(new URL('./bigstep.wasm', self.location.href)));
      be = wasmModule.then((mod) => createBackend('wasm', mod));
    } else {
      be = createBackend('ts');
    }
    backends.set(name, be);
  }
  return be;
}

/** Let the worker's message queue run (a Stop posted meanwhile is seen before the next slice). */
export const yieldToMessages = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
