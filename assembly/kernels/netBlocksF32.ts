// Blocked f32x4 products over neurons: netBlocks.ts in f32 (issue 14), for reluNetF32.ts,
// sgdDenseF32.ts and diffusionF32.ts. Wasm only; the TypeScript twins (src/backend/ts/reluNetF32.ts)
// compute the same sums with plain loops and Math.fround after every operation.
//
// Matrices are "padded neuron-major" as in netBlocks.ts, with f32 slots: row r holds neurons
// l = 0..mPad-1 at W + (r*mPad + l)*4, mPad = m rounded up to a multiple of 16 (a *group* =
// 16 neurons = four f32x4), padding neurons' weights all zero. The blocking (one group × two
// rows, 8 independent f32x4 chains) is netBlocks.ts's with twice the lanes per register.
//
// Summation order (what makes the Wasm and TypeScript backends bit-identical); every + and ×
// is one f32 rounding, and there is no fused multiply-add (plain SIMD has none):
//   combineRows32:  out[b,l] = sum over k = 0, 1, ..., K-1 in order, starting from the k = 0 product;
//   accumulateOuter32: G[r,l] += the rows b = 0, 1, ... one at a time, in order;
//   rowDots32:      s[b,j] = sixteen partial sums p_i (lane i = l mod 16, each in increasing l
//                   from +0), then t_i = (p_i + p_{4+i}) + (p_{8+i} + p_{12+i}) for i < 4, then
//                   ((t_0 + t_1) + (t_2 + t_3)) / m.
// Padding neurons add +0 to partial sums that are never -0 (they start at +0, and x + (-x) = +0
// in round-to-nearest), so they change nothing. Rounding: each sum of K terms carries the usual
// recursive-summation error |fl(Σ) − Σ| <= γ_K Σ|terms|, γ_K = K u/(1 − K u), u = 2^-24
// (Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed., eq. 4.4); rowDots32's 16-way
// split makes its K about m/16 + 4.

/** Neurons per group (four f32x4 lanes). */
// @ts-ignore: decorator
@inline export const GROUP32: i32 = 16;

/** m rounded up to a multiple of GROUP32. */
// @ts-ignore: decorator
@inline export function padNeurons32(m: i32): i32 {
  return (m + GROUP32 - 1) & ~(GROUP32 - 1);
}

/** out[b, l] = post( Σ_{k<K} A[b*aStride + k] · W[k*mPad + l] ) for rows b < rows, l < mPad;
 *  post = relu when `mask` is 0, else post(v) = mask[b, l] > 0 ? v : 0 (netBlocks.ts combineRows). */
export function combineRows32(W: usize, K: i32, mPad: i32, A: usize, aStride: i32, rows: i32,
  out: usize, mask: usize): void {
  const zero = f32x4.splat(0.0);
  const wStep = <usize>mPad << 2;
  const aStep = <usize>aStride << 2;
  for (let g = 0; g < mPad; g += GROUP32) {
    const gOff = <usize>g << 2;
    for (let b = 0; b < rows; b += 2) {
      const b1 = b + 1 < rows ? b + 1 : b;
      let pw = W + gOff;
      let pa0 = A + <usize>b * aStep;
      let pa1 = A + <usize>b1 * aStep;
      let a0 = f32x4.splat(load<f32>(pa0));
      let a1 = f32x4.splat(load<f32>(pa1));
      const w0 = load<v128>(pw), w1 = load<v128>(pw, 16), w2 = load<v128>(pw, 32), w3 = load<v128>(pw, 48);
      let u00 = f32x4.mul(w0, a0), u01 = f32x4.mul(w1, a0), u02 = f32x4.mul(w2, a0), u03 = f32x4.mul(w3, a0);
      let u10 = f32x4.mul(w0, a1), u11 = f32x4.mul(w1, a1), u12 = f32x4.mul(w2, a1), u13 = f32x4.mul(w3, a1);
      for (let k = 1; k < K; k++) {
        pw += wStep; pa0 += 4; pa1 += 4;
        a0 = f32x4.splat(load<f32>(pa0));
        a1 = f32x4.splat(load<f32>(pa1));
        let w = load<v128>(pw);
        u00 = f32x4.add(u00, f32x4.mul(w, a0)); u10 = f32x4.add(u10, f32x4.mul(w, a1));
        w = load<v128>(pw, 16);
        u01 = f32x4.add(u01, f32x4.mul(w, a0)); u11 = f32x4.add(u11, f32x4.mul(w, a1));
        w = load<v128>(pw, 32);
        u02 = f32x4.add(u02, f32x4.mul(w, a0)); u12 = f32x4.add(u12, f32x4.mul(w, a1));
        w = load<v128>(pw, 48);
        u03 = f32x4.add(u03, f32x4.mul(w, a0)); u13 = f32x4.add(u13, f32x4.mul(w, a1));
      }
      const o0 = out + ((<usize>b * <usize>mPad) << 2) + gOff;
      const o1 = out + ((<usize>b1 * <usize>mPad) << 2) + gOff;
      if (mask == 0) {
        // relu(u) = u · 1{u > 0} (relu'(0) = 0 from the strict >; NaN → +0, as the twin's u > 0 ? u : 0)
        u00 = v128.and(u00, f32x4.gt(u00, zero)); u01 = v128.and(u01, f32x4.gt(u01, zero));
        u02 = v128.and(u02, f32x4.gt(u02, zero)); u03 = v128.and(u03, f32x4.gt(u03, zero));
        u10 = v128.and(u10, f32x4.gt(u10, zero)); u11 = v128.and(u11, f32x4.gt(u11, zero));
        u12 = v128.and(u12, f32x4.gt(u12, zero)); u13 = v128.and(u13, f32x4.gt(u13, zero));
      } else {
        const m0 = mask + (o0 - out), m1 = mask + (o1 - out);
        u00 = v128.and(u00, f32x4.gt(load<v128>(m0), zero)); u01 = v128.and(u01, f32x4.gt(load<v128>(m0, 16), zero));
        u02 = v128.and(u02, f32x4.gt(load<v128>(m0, 32), zero)); u03 = v128.and(u03, f32x4.gt(load<v128>(m0, 48), zero));
        u10 = v128.and(u10, f32x4.gt(load<v128>(m1), zero)); u11 = v128.and(u11, f32x4.gt(load<v128>(m1, 16), zero));
        u12 = v128.and(u12, f32x4.gt(load<v128>(m1, 32), zero)); u13 = v128.and(u13, f32x4.gt(load<v128>(m1, 48), zero));
      }
      store<v128>(o1, u10); store<v128>(o1, u11, 16); store<v128>(o1, u12, 32); store<v128>(o1, u13, 48);
      store<v128>(o0, u00); store<v128>(o0, u01, 16); store<v128>(o0, u02, 32); store<v128>(o0, u03, 48);
    }
  }
}

/** G[r*mPad + l] += Σ_{b<rows} A[b*aStride + r] · V[b*mPad + l] for r in [r0, r1), l < mPad,
 *  the rows b added to G one at a time, in order (netBlocks.ts accumulateOuter). */
export function accumulateOuter32(G: usize, r0: i32, r1: i32, mPad: i32, A: usize, aStride: i32,
  rows: i32, V: usize): void {
  const vStep = <usize>mPad << 2;
  const aStep = <usize>aStride << 2;
  for (let g = 0; g < mPad; g += GROUP32) {
    const gOff = <usize>g << 2;
    for (let r = r0; r < r1; r += 2) {
      const rb = r + 1 < r1 ? r + 1 : r;
      const g0 = G + ((<usize>r * <usize>mPad) << 2) + gOff;
      const g1 = G + ((<usize>rb * <usize>mPad) << 2) + gOff;
      let s00 = load<v128>(g0), s01 = load<v128>(g0, 16), s02 = load<v128>(g0, 32), s03 = load<v128>(g0, 48);
      let s10 = load<v128>(g1), s11 = load<v128>(g1, 16), s12 = load<v128>(g1, 32), s13 = load<v128>(g1, 48);
      let pv = V + gOff;
      let pa0 = A + (<usize>r << 2);
      let pa1 = A + (<usize>rb << 2);
      for (let b = 0; b < rows; b++) {
        const a0 = f32x4.splat(load<f32>(pa0));
        const a1 = f32x4.splat(load<f32>(pa1));
        let v = load<v128>(pv);
        s00 = f32x4.add(s00, f32x4.mul(a0, v)); s10 = f32x4.add(s10, f32x4.mul(a1, v));
        v = load<v128>(pv, 16);
        s01 = f32x4.add(s01, f32x4.mul(a0, v)); s11 = f32x4.add(s11, f32x4.mul(a1, v));
        v = load<v128>(pv, 32);
        s02 = f32x4.add(s02, f32x4.mul(a0, v)); s12 = f32x4.add(s12, f32x4.mul(a1, v));
        v = load<v128>(pv, 48);
        s03 = f32x4.add(s03, f32x4.mul(a0, v)); s13 = f32x4.add(s13, f32x4.mul(a1, v));
        pv += vStep; pa0 += aStep; pa1 += aStep;
      }
      store<v128>(g1, s10); store<v128>(g1, s11, 16); store<v128>(g1, s12, 32); store<v128>(g1, s13, 48);
      store<v128>(g0, s00); store<v128>(g0, s01, 16); store<v128>(g0, s02, 32); store<v128>(g0, s03, 48);
    }
  }
}

/** s[b*dOut + j] = (1/m) Σ_l W2[j*mPad + l] · H[b*mPad + l] for rows b < rows, j < dOut, summed
 *  in sixteen lanes and combined as in the header, then divided by m (not multiplied by 1/m). */
export function rowDots32(W2: usize, dOut: i32, mPad: i32, m: i32, H: usize, rows: i32, s: usize): void {
  const mF = <f32>m;
  const hStep = <usize>mPad << 2;
  for (let b = 0; b < rows; b++) {
    const h = H + <usize>b * hStep;
    for (let j = 0; j < dOut; j++) {
      let pw = W2 + <usize>j * hStep;
      let ph = h;
      let s0 = f32x4.splat(0.0), s1 = s0, s2 = s0, s3 = s0;
      for (let g = 0; g < mPad; g += GROUP32) {
        s0 = f32x4.add(s0, f32x4.mul(load<v128>(pw), load<v128>(ph)));
        s1 = f32x4.add(s1, f32x4.mul(load<v128>(pw, 16), load<v128>(ph, 16)));
        s2 = f32x4.add(s2, f32x4.mul(load<v128>(pw, 32), load<v128>(ph, 32)));
        s3 = f32x4.add(s3, f32x4.mul(load<v128>(pw, 48), load<v128>(ph, 48)));
        pw += 64; ph += 64;
      }
      // s0 = lanes l ≡ 0..3, s1 = 4..7, s2 = 8..11, s3 = 12..15 (mod 16)
      const t = f32x4.add(f32x4.add(s0, s1), f32x4.add(s2, s3));
      const total: f32 = (f32x4.extract_lane(t, 0) + f32x4.extract_lane(t, 1)) +
        (f32x4.extract_lane(t, 2) + f32x4.extract_lane(t, 3));
      store<f32>(s + ((<usize>b * <usize>dOut + <usize>j) << 2), total / mF);
    }
  }
}
