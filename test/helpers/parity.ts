// The one parity helper (after tinygrad's helper_test_op): run a kernel on both backends with
// the same seeded inputs and compare every output norm-wise,
//   max_i |wasm_i - ts_i| <= tol · max_i |ts_i|,
// with a tolerance stated per output (tol = 0 demands bit-identical results).
import { expect } from 'vitest';
import { createBackend, type Backend, type KernelName } from '../../src/backend/index.js';
import { Xoshiro, rngSeed } from '../../src/backend/ts/rng.js';

export const wasm = await createBackend('wasm');
export const ts = await createBackend('ts');
export const BACKENDS: readonly Backend[] = [wasm, ts];

export type Outputs = Record<string, ArrayLike<number> | number>;

/** One parity case: a kernel, a label for its edge case, the run on one backend (inputs must
 *  be built from the seed inside `run`, identically for both), and the tolerance per output. */
export interface ParityCase {
  kernel: KernelName;
  label: string;
  run: (be: Backend) => Outputs;
  /** per output key; `default` for keys not listed. 0 = bit-identical. */
  tol: Record<string, number> & { default: number };
}

/** max_i |a_i - b_i| / max_i |b_i| (0 when both are all zero; Infinity on NaN or length mismatch). */
export function normwiseError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let diff = 0, scale = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (Number.isNaN(d)) return Infinity;
    if (d > diff) diff = d;
    const s = Math.abs(b[i]);
    if (s > scale) scale = s;
  }
  if (diff === 0) return 0;
  return scale === 0 ? Infinity : diff / scale;
}

/** Index of the first element whose bits differ, or -1. */
export function firstBitDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

const asArray = (v: ArrayLike<number> | number): ArrayLike<number> => (typeof v === 'number' ? [v] : v);

/** Run `c` on both backends and assert every output agrees within its tolerance. */
export function checkParity(c: ParityCase): void {
  const w = c.run(wasm), t = c.run(ts);
  expect(Object.keys(w).sort()).toEqual(Object.keys(t).sort());
  for (const key of Object.keys(t)) {
    const tol = c.tol[key] ?? c.tol.default;
    const a = asArray(w[key]), b = asArray(t[key]);
    if (tol === 0) {
      const at = firstBitDifference(a, b);
      expect(at, `${c.kernel} [${c.label}] ${key}: first bit difference at index ${at} (${a[at]} vs ${b[at]})`).toBe(-1);
    } else {
      const err = normwiseError(a, b);
      expect(err, `${c.kernel} [${c.label}] ${key}: norm-wise error ${err} > tol ${tol}`).toBeLessThanOrEqual(tol);
    }
  }
}

/** Deterministic test inputs, independent of the backends under test. */
export function seededNormals(seed: number, count: number, scale = 1): Float64Array {
  const state = new Float64Array(6);
  rngSeed(state, seed);
  const g = new Xoshiro(state);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) out[i] = scale * g.normal();
  return out;
}

export function seededUniforms(seed: number, count: number, lo = 0, hi = 1): Float64Array {
  const state = new Float64Array(6);
  rngSeed(state, seed);
  const g = new Xoshiro(state);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) out[i] = lo + (hi - lo) * g.uniform();
  return out;
}

/** Copy a backend buffer's contents out (views may be invalidated by later calls). */
export function snapshot(buf: { view(): Float64Array }): Float64Array;
export function snapshot(buf: { view(): Float32Array }): Float32Array;
export function snapshot(buf: { view(): Float64Array | Float32Array }): Float64Array | Float32Array {
  return buf.view().slice();
}
