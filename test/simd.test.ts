// The release build really is SIMD: each hot kernel (with the functions it calls) contains
// f64x2/v128 instructions. Read with binaryen, the compiler's own Wasm toolkit.
import { readFileSync } from 'node:fs';
import binaryen from 'binaryen';
import { describe, expect, it } from 'vitest';

const SIMD_KERNELS = ['peak', 'netForward', 'netBackward', 'sgdDense', 'sgd1d', 'sStar1d', 'sStarNd', 'exactRisk1d', 'hessian1d', 'hessianVector1d', 'sampledHessianVector'];

const bytes = readFileSync(new URL('../build/bigstep.wasm', import.meta.url));
const mod = binaryen.readBinary(bytes);
const text = mod.emitText();
mod.dispose();

/** Text of each function, by internal name. */
const bodies = new Map<string, string>();
for (const chunk of text.split('\n (func ').slice(1)) {
  bodies.set(chunk.slice(0, chunk.search(/[\s)]/)), chunk);
}
const exported = new Map<string, string>();
for (const m of text.matchAll(/\(export "([^"]+)" \(func (\$[^)\s]+)\)\)/g)) exported.set(m[1], m[2]);

/** Count SIMD instructions in `name` and every function it calls, transitively. */
function simdOps(name: string, seen = new Set<string>()): number {
  if (seen.has(name)) return 0;
  seen.add(name);
  const body = bodies.get(name) ?? '';
  let count = (body.match(/\b(f64x2|v128|i64x2|i32x4)\.[a-z_]+/g) ?? []).length;
  for (const call of body.matchAll(/\(call (\$[^)\s]+)/g)) count += simdOps(call[1], seen);
  return count;
}

describe('release build', () => {
  for (const kernel of SIMD_KERNELS) {
    it(`${kernel} contains SIMD instructions`, () => {
      expect(exported.has(kernel), `${kernel} is exported`).toBe(true);
      expect(simdOps(exported.get(kernel)!)).toBeGreaterThan(0);
    });
  }
});
