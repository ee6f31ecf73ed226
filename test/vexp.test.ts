// The Wasm f64x2 exp (assembly/math/vexp.ts), through its probe export `vexpArray`, against
// Math.exp: within 2 ulp on [-708, 709.78] (measured: 1 ulp; against correctly rounded values
// from Python's decimal module, 1.09 ulp max over 2e5 points), and the documented range rules.
import { instantiate } from '@assemblyscript/loader';
import { describe, expect, it } from 'vitest';
import { compileWasm } from '../src/backend/wasm/load.js';
import type { instantiate as instantiateBindings } from '../build/bigstep.js';
import { seededUniforms } from './helpers/parity.js';

/** The module's exports, vexpArray included, as the compiler declared them (build/bigstep.d.ts). */
type Probe = Awaited<ReturnType<typeof instantiateBindings>>;

const { exports: probe } = await instantiate<Probe>(await compileWasm(), {});

/** vexp at every x (an odd count exercises the scalar-tail path). */
function vexp(xs: ArrayLike<number>): Float64Array {
  const n = xs.length, pin = probe.alloc(n * 8), pout = probe.alloc(n * 8);
  new Float64Array(probe.memory.buffer, pin, n).set(xs);
  probe.vexpArray(pin, pout, n);
  const out = new Float64Array(probe.memory.buffer, pout, n).slice();
  probe.free(pin);
  probe.free(pout);
  return out;
}

const bits = new BigInt64Array(1), asF64 = new Float64Array(bits.buffer);
/** Distance in ulps between two finite positive doubles (their bit patterns are ordered). */
function ulpsApart(a: number, b: number): number {
  asF64[0] = a; const ia = bits[0];
  asF64[0] = b; const ib = bits[0];
  return Number(ia > ib ? ia - ib : ib - ia);
}

function maxUlps(xs: ArrayLike<number>): number {
  const got = vexp(xs);
  let worst = 0;
  for (let i = 0; i < xs.length; i++) worst = Math.max(worst, ulpsApart(got[i], Math.exp(xs[i])));
  return worst;
}

describe('vexp (Wasm f64x2 exp)', () => {
  it('is within 2 ulp of Math.exp over [-708, 709.78]', () => {
    expect(maxUlps(seededUniforms(1, 200001, -708, 709.78))).toBeLessThanOrEqual(2);
  });

  it('is within 2 ulp of Math.exp where s* lives: [-60, 0] and the reduced range |x| < 0.35', () => {
    expect(maxUlps(seededUniforms(2, 100001, -60, 0))).toBeLessThanOrEqual(2);
    expect(maxUlps(seededUniforms(3, 100001, -0.35, 0.35))).toBeLessThanOrEqual(2);
  });

  it('gives e^0 = 1 exactly and e^1 within 1 ulp of Math.E', () => {
    const got = vexp([0, -0, 1]);
    expect(got[0]).toBe(1);
    expect(got[1]).toBe(1);
    expect(ulpsApart(got[2], Math.E)).toBeLessThanOrEqual(1);
  });

  it('flushes to 0 below -708, overflows to Infinity above 709.78, keeps NaN', () => {
    const got = vexp([-708.0000001, -745.2, -1e300, -Infinity, 709.79, 1e300, Infinity, NaN, -708, 709.78]);
    expect(Array.from(got.slice(0, 4))).toEqual([0, 0, 0, 0]);
    expect(Array.from(got.slice(4, 7))).toEqual([Infinity, Infinity, Infinity]);
    expect(got[7]).toBeNaN();
    expect(ulpsApart(got[8], Math.exp(-708))).toBeLessThanOrEqual(2);
    expect(ulpsApart(got[9], Math.exp(709.78))).toBeLessThanOrEqual(2);
  });
});
