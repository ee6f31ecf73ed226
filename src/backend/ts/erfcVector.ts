// Twin of assembly/kernels/erfcVector.ts: erfc (src/math/gauss.ts) over a buffer.
import { erfc } from '../../math/gauss.js';

/** Kernel: out[i] ← erfc(x[i]), i < count (exposes erfc for the accuracy and parity tests). */
export function erfcVector(x: Float64Array, count: number, out: Float64Array): void {
  for (let i = 0; i < count; i++) out[i] = erfc(x[i]);
}
