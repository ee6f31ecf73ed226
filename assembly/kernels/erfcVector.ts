// Kernel erfcVector: erfc (assembly/math/gauss.ts) over a buffer, for the accuracy and parity
// tests of the erfc every exact 1-D kernel integrates with. Twin: src/backend/ts/erfcVector.ts.
import { erfc } from '../math/gauss';

/** Kernel: out[i] ← erfc(x[i]), i < count (exposes erfc for the accuracy and parity tests). */
export function erfcVector(x: usize, count: i32, out: usize): void {
  for (let i = 0; i < count; i++) {
    const off = <usize>i << 3;
    store<f64>(out + off, erfc(load<f64>(x + off)));
  }
}
