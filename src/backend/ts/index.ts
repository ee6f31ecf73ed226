// The pure-TypeScript backend: each kernel is the twin in ./<file>.ts, called on the views of
// plain Float64Array buffers.
import type { Backend, F64, Kernels } from '../contract.js';
import { KERNEL_NAMES } from '../contract.js';
import * as kernels from './kernels.js';

class TsF64 implements F64 {
  constructor(private readonly data: Float64Array) {}
  get length(): number { return this.data.length; }
  view(): Float64Array { return this.data; }
  free(): void { /* garbage-collected */ }
}

export function createTsBackend(): Backend {
  const backend: Record<string, unknown> = {
    name: 'ts',
    f64: (length: number): F64 => new TsF64(new Float64Array(length)),
    f64From: (values: ArrayLike<number>): F64 => new TsF64(Float64Array.from(values)),
  };
  const table = kernels as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const name of KERNEL_NAMES) {
    const kernel = table[name];
    if (typeof kernel !== 'function') throw new Error(`ts backend: kernel ${name} has no TypeScript twin`);
    backend[name] = (...args: unknown[]) =>
      kernel(...args.map((a) => (a instanceof TsF64 ? a.view() : a)));
  }
  return backend as unknown as Backend & Kernels;
}
