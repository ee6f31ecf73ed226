// exp on both lanes of an f64x2 (Wasm SIMD has no transcendental instructions).
//
// Method (Cody–Waite range reduction + polynomial):
//   n = round(x / ln 2)     via the 1.5·2^52 rounding trick, which also leaves n, as an integer,
//                           in the low mantissa bits of t = x·log2(e) + 1.5·2^52;
//   r = (x - n·LN2_HI) - n·LN2_LO,  |r| <= ln(2)/2 ≈ 0.3466; LN2_HI has 32 significant bits,
//                           so n·LN2_HI and x - n·LN2_HI are exact for |n| < 2^11;
//   e^r = 1 + r·q(r),  q(r) = Σ_{k=0..12} r^k / (k+1)!  (Taylor; the first omitted term of e^r,
//                           r^14/14!, is < 4.3e-18 = 0.04 ulp); q = 1 + r (1/2 + r E(r)) with
//                           the two leading steps by Horner (their roundings get scaled by r)
//                           and the tail E by Estrin's scheme (13 dependent Horner steps would
//                           make the chain, not the arithmetic, the bottleneck);
//   e^x = e^r · 2^n          by adding n to the exponent field of e^r (an integer add).
// Error: <= 2 ulp against the true e^x on [-708, 709.78]. Analysis: 0.5 ulp for the last add,
// 0.25 for r·q, |r|·(about 0.7 ulp of q) <= 0.25, the truncation 0.04: about 1.1 ulp. Measured:
// 1.09 ulp max against correctly rounded values (Python decimal, 2e5 points), and at most
// 1 ulp from Math.exp (test/vexp.test.ts, which asserts <= 2).
// Range: x < -708 gives 0 (flush to zero: e^x < 3.31e-308 there; Math.exp returns tiny normals
// and subnormals), x > 709.78 gives +Infinity (exp overflows at 709.7827). NaN gives NaN.
// The flush keeps the bit trick valid (n >= -1021) and keeps subnormals — slow on x86 — out
// of the hot loops; in s* (the only caller) a weight below 3.31e-308 sits beside w_k = 1.

// @ts-ignore: decorator
@inline const LOG2E: f64 = 1.4426950408889634; // 1/ln 2
// @ts-ignore: decorator
@inline const LN2_HI: f64 = 6.93147180369123816490e-01; // fdlibm, 0x3fe62e42fee00000
// @ts-ignore: decorator
@inline const LN2_LO: f64 = 1.90821492927058770002e-10; // ln 2 - LN2_HI
// @ts-ignore: decorator
@inline const ROUND_MAGIC: f64 = 6755399441055744.0; // 1.5 · 2^52
// @ts-ignore: decorator
@inline const ROUND_MAGIC_BITS: i64 = 0x4338000000000000; // bits of ROUND_MAGIC
// @ts-ignore: decorator
@inline const X_MIN: f64 = -708.0; // below: 0
// @ts-ignore: decorator
@inline const X_MAX: f64 = 709.78; // above: +Infinity (e^x overflows at 709.782712893384)

/** e^x lane-wise (see the file comment for method, range and error). */
// @ts-ignore: decorator
@inline export function vexp(x: v128): v128 {
  const lo = f64x2.splat(X_MIN), hi = f64x2.splat(X_MAX);
  const xc = f64x2.pmin(f64x2.pmax(x, lo), hi); // one instruction each; NaN stays NaN
  const t = f64x2.add(f64x2.mul(xc, f64x2.splat(LOG2E)), f64x2.splat(ROUND_MAGIC));
  const nf = f64x2.sub(t, f64x2.splat(ROUND_MAGIC));
  const r = f64x2.sub(f64x2.sub(xc, f64x2.mul(nf, f64x2.splat(LN2_HI))), f64x2.mul(nf, f64x2.splat(LN2_LO)));
  const er = f64x2.add(f64x2.mul(r, expQ(r)), f64x2.splat(1.0));
  const shift = i64x2.shl(i64x2.sub(t, i64x2.splat(ROUND_MAGIC_BITS)), 52); // n << 52
  let y = i64x2.add(er, shift); // e^r · 2^n: n >= -1021 keeps it normal, n <= 1024 with e^r < 1 finite
  y = f64x2.add(y, f64x2.sub(xc, xc)); // NaN in, NaN out (the bit add may have made it a number)
  y = v128.andnot(y, f64x2.lt(x, lo));
  return v128.bitselect(f64x2.splat(Infinity), y, f64x2.gt(x, hi));
}

/** q(r) = Σ_{k=0..12} r^k / (k+1)! = 1 + r (1/2 + r E(r)) for |r| <= ln(2)/2: the two
 *  leading steps by Horner (their roundings dominate and get scaled by r), the tail
 *  E(r) = Σ_{k=0..10} r^k / (k+3)! by Estrin's scheme (short dependency chain). */
// @ts-ignore: decorator
@inline function expQ(r: v128): v128 {
  const r2 = f64x2.mul(r, r), r4 = f64x2.mul(r2, r2), r8 = f64x2.mul(r4, r4);
  const a0 = pair(r, 0.16666666666666666, 4.1666666666666664e-2); // 1/3!, 1/4!
  const a1 = pair(r, 8.333333333333333e-3, 1.388888888888889e-3); // 1/5!, 1/6!
  const a2 = pair(r, 1.984126984126984e-4, 2.48015873015873e-5); // 1/7!, 1/8!
  const a3 = pair(r, 2.7557319223985893e-6, 2.755731922398589e-7); // 1/9!, 1/10!
  const a4 = pair(r, 2.505210838544172e-8, 2.08767569878681e-9); // 1/11!, 1/12!
  const a5 = f64x2.splat(1.6059043836821613e-10); // 1/13!
  const b0 = f64x2.add(a0, f64x2.mul(a1, r2));
  const b1 = f64x2.add(a2, f64x2.mul(a3, r2));
  const b2 = f64x2.add(a4, f64x2.mul(a5, r2));
  const e = f64x2.add(f64x2.add(b0, f64x2.mul(b1, r4)), f64x2.mul(b2, r8));
  const h = f64x2.add(f64x2.splat(0.5), f64x2.mul(r, e));
  return f64x2.add(f64x2.splat(1.0), f64x2.mul(r, h));
}

/** c0 + c1 r. */
// @ts-ignore: decorator
@inline function pair(r: v128, c0: f64, c1: f64): v128 {
  return f64x2.add(f64x2.splat(c0), f64x2.mul(f64x2.splat(c1), r));
}

/** Probe for test/vexp.test.ts: out[i] ← vexp(x[i]) for i < count (an odd tail runs in lane 0). */
export function vexpArray(x: usize, out: usize, count: i32): void {
  let i = 0;
  for (; i + 1 < count; i += 2) {
    const off = <usize>i << 3;
    v128.store(out + off, vexp(v128.load(x + off)));
  }
  if (i < count) {
    const off = <usize>i << 3;
    store<f64>(out + off, f64x2.extract_lane(vexp(f64x2.splat(load<f64>(x + off))), 0));
  }
}
