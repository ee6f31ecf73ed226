// The erfc of the exact 1-D kernels (assembly/math/gauss.ts and its twin) against values
// computed with 1400-bit integer arithmetic: relative error < 1e-15 on both backends.
import { describe, expect, it } from 'vitest';
import { erfcReference } from './helpers/erfcReference.js';
import { BACKENDS, seededUniforms } from './helpers/parity.js';

const relErr = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

describe('erfc', () => {
  const xs = [
    0, 1e-15, 1e-10, 0.1, 0.3, 0.4999999999999999, 0.5, 0.5000000000000001, 0.7, 1, 1.5, 2, 2.5, 3, 3.75, 4, 5,
    6.3, 8, 10, 13, 17, 21, 25, 26.4, ...Array.from(seededUniforms(7, 40, 0, 26.5)),
  ];
  const ref = xs.map(erfcReference);
  const neg = [-1e-10, -0.2, -0.5, -1, -3, -6];
  const negRef = neg.map((x) => 2 - erfcReference(-x));
  for (const be of BACKENDS) {
    it(`${be.name}: relative error < 1e-15 on [-6, 26.5] (1400-bit reference)`, () => {
      const all = [...xs, ...neg], want = [...ref, ...negRef];
      const xb = be.f64From(all), out = be.f64(all.length);
      be.erfcVector(xb, all.length, out);
      const got = out.view();
      let worst = 0, at = 0;
      for (let i = 0; i < all.length; i++) {
        const e = relErr(got[i], want[i]);
        if (e > worst) { worst = e; at = all[i]; }
      }
      expect(worst, `worst at x = ${at}`).toBeLessThan(1e-15);
      xb.free(); out.free();
    });
  }
  it('reference sanity: erfc(1), erfc(5) to 1e-16', () => {
    expect(relErr(erfcReference(1), 0.15729920705028513)).toBeLessThan(1e-16);
    expect(relErr(erfcReference(5), 1.5374597944280349e-12)).toBeLessThan(1e-15);
  });
  it('edge values: NaN, ±inf, huge', () => {
    for (const be of BACKENDS) {
      const xb = be.f64From([NaN, Infinity, -Infinity, 40, -40, 1e300]), out = be.f64(6);
      be.erfcVector(xb, 6, out);
      const v = Array.from(out.view());
      expect(Number.isNaN(v[0])).toBe(true);
      expect(v.slice(1)).toEqual([0, 2, 0, 2, 0]);
    }
  });
});
