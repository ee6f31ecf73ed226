import type { Backend, BackendName } from './contract.js';
import { createTsBackend } from './ts/index.js';
import { createWasmBackend } from './wasm/index.js';

export * from './contract.js';

/** The backend of that name: 'wasm' (SIMD core, the default) or 'ts' (pure TypeScript). */
export async function createBackend(name: BackendName = 'wasm', module?: WebAssembly.Module): Promise<Backend> {
  if (name === 'wasm') return createWasmBackend(module);
  if (name === 'ts') return createTsBackend();
  throw new Error(`backend: got ${JSON.stringify(name)}; allowed: "wasm", "ts"`);
}
