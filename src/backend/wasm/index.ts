// The Wasm backend: buffers live in the module's linear memory, kernels are its exports.
import { instantiate } from '@assemblyscript/loader';
import type { Backend, F64, Kernels } from '../contract.js';
import { KERNEL_NAMES } from '../contract.js';
import { compileWasm } from './load.js';

interface CoreExports {
  memory: WebAssembly.Memory;
  alloc(bytes: number): number;
  free(ptr: number): void;
  [kernel: string]: unknown;
}

/** A Float64 block in Wasm memory. The cached view is re-taken whenever memory.buffer has
 *  changed (a grow detaches the old ArrayBuffer). */
class WasmF64 implements F64 {
  private cachedView: Float64Array;
  constructor(private readonly core: CoreExports, public readonly ptr: number, public readonly length: number) {
    this.cachedView = new Float64Array(core.memory.buffer, ptr, length);
  }
  view(): Float64Array {
    if (this.cachedView.buffer !== this.core.memory.buffer) {
      this.cachedView = new Float64Array(this.core.memory.buffer, this.ptr, this.length);
    }
    return this.cachedView;
  }
  free(): void { this.core.free(this.ptr); }
}

/** Instantiate the core (compiled once per process) and wrap its exports as a Backend.
 *  Pass a compiled `module` to share one compilation across workers. */
export async function createWasmBackend(module?: WebAssembly.Module): Promise<Backend> {
  const mod = module ?? (await compileWasm());
  const { exports } = await instantiate<CoreExports>(mod, {});
  const core = exports as unknown as CoreExports;
  const allocF64 = (length: number): WasmF64 => {
    const ptr = core.alloc(Math.max(length, 1) * 8);
    if (ptr % 16 !== 0) throw new Error(`wasm backend: allocator returned unaligned offset ${ptr}`);
    return new WasmF64(core, ptr, length);
  };
  const backend: Record<string, unknown> = {
    name: 'wasm',
    f64: allocF64,
    f64From: (values: ArrayLike<number>): F64 => {
      const buf = allocF64(values.length);
      buf.view().set(values);
      return buf;
    },
  };
  for (const name of KERNEL_NAMES) {
    const kernel = core[name];
    if (typeof kernel !== 'function') throw new Error(`wasm backend: the module does not export kernel ${name}`);
    backend[name] = (...args: unknown[]) =>
      (kernel as (...a: unknown[]) => unknown)(...args.map(toWasmArg));
  }
  return backend as unknown as Backend & Kernels;
}

function toWasmArg(a: unknown): unknown {
  if (a instanceof WasmF64) return a.ptr;
  if (a === null) return 0;
  return a;
}
