// Memory ownership in the Wasm backend: 16-byte-aligned blocks, and views that survive growth.
import { describe, expect, it } from 'vitest';
import { RNG_STATE_LENGTH } from '../src/backend/index.js';
import { wasm } from './helpers/parity.js';

describe('wasm memory', () => {
  it('hands out 16-byte-aligned buffers', () => {
    for (const len of [1, 3, 5, 17, 1001]) {
      const buf = wasm.f64(len);
      expect(buf.view().byteOffset % 16).toBe(0);
      expect(buf.view().length).toBe(len);
    }
  });

  it('re-takes views after a call that grows memory: the second call is read through the API', () => {
    const st = wasm.f64(RNG_STATE_LENGTH), out = wasm.f64(1000);
    wasm.rngSeed(st, 5);
    wasm.rngNormals(st, out, 1000);
    const stale = out.view();
    const first = stale.slice();
    const bytesBefore = stale.buffer.byteLength;
    const big = wasm.f64(8 * 1024 * 1024); // 64 MiB: forces memory.grow
    expect(stale.length).toBe(0); // the old view was detached by the grow
    const grown = out.view();
    expect(grown.buffer.byteLength).toBeGreaterThan(bytesBefore);
    expect(Array.from(grown)).toEqual(Array.from(first)); // contents survive the grow
    wasm.rngNormals(st, out, 1000); // second call after the grow
    const second = out.view();
    expect(second.length).toBe(1000);
    expect(second[0]).not.toBe(first[0]);
    // the stream continued: compare with a fresh generator drawing 2000 normals at once
    const st2 = wasm.f64(RNG_STATE_LENGTH), both = wasm.f64(2000);
    wasm.rngSeed(st2, 5);
    wasm.rngNormals(st2, both, 2000);
    expect(Array.from(out.view())).toEqual(Array.from(both.view().subarray(1000)));
    big.free();
  });

  it('reuses freed blocks', () => {
    const a = wasm.f64(4096);
    const ptr = a.view().byteOffset;
    a.free();
    const b = wasm.f64(4096);
    expect(b.view().byteOffset).toBe(ptr);
    b.free();
  });
});
