// Blocked f64x2 products over neurons: the three loops a two-layer network is made of
// (reluNet.ts, sgdDense.ts). Wasm only; the TypeScript twins compute the same sums with plain loops.
//
// Matrices here are "padded neuron-major": row r of a weight or gradient matrix holds neurons
// l = 0..mPad-1 at W + (r*mPad + l)*8, with mPad = m rounded up to a multiple of 8 (a *group*
// = 8 neurons = four v128) and the padding neurons' weights all zero. combineRows and
// accumulateOuter are blocked over one group × two rows (8 independent f64x2 chains, 14 of
// the 16 xmm registers; V8 hoists a loop body's loads, so more blocking spills), rowDots over
// one group × one row.
//
// Summation order (what makes the Wasm and TypeScript backends bit-identical): the blocking
// never changes the order in which a single output is summed —
//   combineRows:  out[b,l]  = sum over k = 0, 1, ..., K-1 in order, starting from the k = 0 product;
//   accumulateOuter: G[r,l] += sum over rows b = 0, 1, ... in order, added one by one to G;
//   rowDots:      s[b,j]   = eight partial sums (lane l mod 8, each in increasing l from +0),
//                 combined as ((a0 + a2) + (a4 + a6)) + ((a1 + a3) + (a5 + a7)), then / m.
// Padding neurons add +0.0 to a partial sum that started at +0.0 and so never changes it.
// A row pair with an odd row count repeats the last row: it computes identical values and
// stores them twice to the same place.

/** Neurons per group (four f64x2 lanes). */
// @ts-ignore: decorator
@inline export const GROUP: i32 = 8;

/** m rounded up to a multiple of GROUP. */
// @ts-ignore: decorator
@inline export function padNeurons(m: i32): i32 {
  return (m + GROUP - 1) & ~(GROUP - 1);
}

/** out[b, l] = post( Σ_{k<K} A[b*aStride + k] · W[k*mPad + l] ) for rows b < rows, l < mPad.
 *  post = relu (u > 0 ? u : 0, so relu'(u) = 1{u > 0}) when `mask` is 0; otherwise
 *  post(v) = mask[b, l] > 0 ? v : 0 — the backprop through relu, with mask = relu(u).
 *  Forward: W = [w1; b] (K = dIn + 1), A = [y, 1]  →  out = h = relu(w1ᵀ y + b).
 *  Backward: W = w2 (K = dOut), A = c = gOut/m      →  out = δ = (w2ᵀ c) ⊙ 1{u > 0}. */
export function combineRows(W: usize, K: i32, mPad: i32, A: usize, aStride: i32, rows: i32,
  out: usize, mask: usize): void {
  const zero = f64x2.splat(0.0);
  const wStep = <usize>mPad << 3;
  const aStep = <usize>aStride << 3;
  for (let g = 0; g < mPad; g += GROUP) {
    const gOff = <usize>g << 3;
    for (let b = 0; b < rows; b += 2) {
      const b1 = b + 1 < rows ? b + 1 : b;
      let pw = W + gOff;
      let pa0 = A + <usize>b * aStep;
      let pa1 = A + <usize>b1 * aStep;
      // k = 0: the first products start the sums
      let a0 = f64x2.splat(load<f64>(pa0));
      let a1 = f64x2.splat(load<f64>(pa1));
      const w0 = load<v128>(pw), w1 = load<v128>(pw, 16), w2 = load<v128>(pw, 32), w3 = load<v128>(pw, 48);
      let u00 = f64x2.mul(w0, a0), u01 = f64x2.mul(w1, a0), u02 = f64x2.mul(w2, a0), u03 = f64x2.mul(w3, a0);
      let u10 = f64x2.mul(w0, a1), u11 = f64x2.mul(w1, a1), u12 = f64x2.mul(w2, a1), u13 = f64x2.mul(w3, a1);
      for (let k = 1; k < K; k++) {
        pw += wStep; pa0 += 8; pa1 += 8;
        a0 = f64x2.splat(load<f64>(pa0));
        a1 = f64x2.splat(load<f64>(pa1));
        // each weight vector is loaded once and used for both rows at once (few live registers)
        let w = load<v128>(pw);
        u00 = f64x2.add(u00, f64x2.mul(w, a0)); u10 = f64x2.add(u10, f64x2.mul(w, a1));
        w = load<v128>(pw, 16);
        u01 = f64x2.add(u01, f64x2.mul(w, a0)); u11 = f64x2.add(u11, f64x2.mul(w, a1));
        w = load<v128>(pw, 32);
        u02 = f64x2.add(u02, f64x2.mul(w, a0)); u12 = f64x2.add(u12, f64x2.mul(w, a1));
        w = load<v128>(pw, 48);
        u03 = f64x2.add(u03, f64x2.mul(w, a0)); u13 = f64x2.add(u13, f64x2.mul(w, a1));
      }
      const o0 = out + ((<usize>b * <usize>mPad) << 3) + gOff;
      const o1 = out + ((<usize>b1 * <usize>mPad) << 3) + gOff;
      if (mask == 0) {
        // relu(u) = u · 1{u > 0}; the convention relu'(0) = 0 follows from the strict `>`
        u00 = v128.and(u00, f64x2.gt(u00, zero)); u01 = v128.and(u01, f64x2.gt(u01, zero));
        u02 = v128.and(u02, f64x2.gt(u02, zero)); u03 = v128.and(u03, f64x2.gt(u03, zero));
        u10 = v128.and(u10, f64x2.gt(u10, zero)); u11 = v128.and(u11, f64x2.gt(u11, zero));
        u12 = v128.and(u12, f64x2.gt(u12, zero)); u13 = v128.and(u13, f64x2.gt(u13, zero));
      } else {
        // δ = v · 1{u > 0} = v · 1{h > 0} with h = relu(u) stored by the forward pass
        const m0 = mask + (o0 - out), m1 = mask + (o1 - out);
        u00 = v128.and(u00, f64x2.gt(load<v128>(m0), zero)); u01 = v128.and(u01, f64x2.gt(load<v128>(m0, 16), zero));
        u02 = v128.and(u02, f64x2.gt(load<v128>(m0, 32), zero)); u03 = v128.and(u03, f64x2.gt(load<v128>(m0, 48), zero));
        u10 = v128.and(u10, f64x2.gt(load<v128>(m1), zero)); u11 = v128.and(u11, f64x2.gt(load<v128>(m1, 16), zero));
        u12 = v128.and(u12, f64x2.gt(load<v128>(m1, 32), zero)); u13 = v128.and(u13, f64x2.gt(load<v128>(m1, 48), zero));
      }
      store<v128>(o1, u10); store<v128>(o1, u11, 16); store<v128>(o1, u12, 32); store<v128>(o1, u13, 48);
      store<v128>(o0, u00); store<v128>(o0, u01, 16); store<v128>(o0, u02, 32); store<v128>(o0, u03, 48);
    }
  }
}

/** G[r*mPad + l] += Σ_{b<rows} A[b*aStride + r] · V[b*mPad + l] for r in [r0, r1), l < mPad,
 *  the rows b added to G one at a time, in order.
 *  Gradients: ∂/∂[w1; b] += [y, 1] δᵀ (A = Ya, V = δ) and ∂/∂w2 += c hᵀ (A = c, V = h). */
export function accumulateOuter(G: usize, r0: i32, r1: i32, mPad: i32, A: usize, aStride: i32,
  rows: i32, V: usize): void {
  const vStep = <usize>mPad << 3;
  const aStep = <usize>aStride << 3;
  for (let g = 0; g < mPad; g += GROUP) {
    const gOff = <usize>g << 3;
    for (let r = r0; r < r1; r += 2) {
      const rb = r + 1 < r1 ? r + 1 : r;
      const g0 = G + ((<usize>r * <usize>mPad) << 3) + gOff;
      const g1 = G + ((<usize>rb * <usize>mPad) << 3) + gOff;
      let s00 = load<v128>(g0), s01 = load<v128>(g0, 16), s02 = load<v128>(g0, 32), s03 = load<v128>(g0, 48);
      let s10 = load<v128>(g1), s11 = load<v128>(g1, 16), s12 = load<v128>(g1, 32), s13 = load<v128>(g1, 48);
      let pv = V + gOff;
      let pa0 = A + (<usize>r << 3);
      let pa1 = A + (<usize>rb << 3);
      for (let b = 0; b < rows; b++) {
        const a0 = f64x2.splat(load<f64>(pa0));
        const a1 = f64x2.splat(load<f64>(pa1));
        let v = load<v128>(pv);
        s00 = f64x2.add(s00, f64x2.mul(a0, v)); s10 = f64x2.add(s10, f64x2.mul(a1, v));
        v = load<v128>(pv, 16);
        s01 = f64x2.add(s01, f64x2.mul(a0, v)); s11 = f64x2.add(s11, f64x2.mul(a1, v));
        v = load<v128>(pv, 32);
        s02 = f64x2.add(s02, f64x2.mul(a0, v)); s12 = f64x2.add(s12, f64x2.mul(a1, v));
        v = load<v128>(pv, 48);
        s03 = f64x2.add(s03, f64x2.mul(a0, v)); s13 = f64x2.add(s13, f64x2.mul(a1, v));
        pv += vStep; pa0 += aStep; pa1 += aStep;
      }
      store<v128>(g1, s10); store<v128>(g1, s11, 16); store<v128>(g1, s12, 32); store<v128>(g1, s13, 48);
      store<v128>(g0, s00); store<v128>(g0, s01, 16); store<v128>(g0, s02, 32); store<v128>(g0, s03, 48);
    }
  }
}

/** s[b*dOut + j] = (1/m) Σ_l W2[j*mPad + l] · H[b*mPad + l] for rows b < rows, j < dOut: the
 *  mean-field output layer. Eight partial sums per output (lane l mod 8, see the header).
 *  One row at a time: with two rows V8 runs out of xmm registers and spills in the loop. */
export function rowDots(W2: usize, dOut: i32, mPad: i32, m: i32, H: usize, rows: i32, s: usize): void {
  const mF = <f64>m; // s = sum / m: divided, not multiplied by 1/m (the twin does the same)
  const hStep = <usize>mPad << 3;
  for (let b = 0; b < rows; b++) {
    const h = H + <usize>b * hStep;
    for (let j = 0; j < dOut; j++) {
      let pw = W2 + <usize>j * hStep;
      let ph = h;
      let s0 = f64x2.splat(0.0), s1 = s0, s2 = s0, s3 = s0;
      for (let g = 0; g < mPad; g += GROUP) {
        s0 = f64x2.add(s0, f64x2.mul(load<v128>(pw), load<v128>(ph)));
        s1 = f64x2.add(s1, f64x2.mul(load<v128>(pw, 16), load<v128>(ph, 16)));
        s2 = f64x2.add(s2, f64x2.mul(load<v128>(pw, 32), load<v128>(ph, 32)));
        s3 = f64x2.add(s3, f64x2.mul(load<v128>(pw, 48), load<v128>(ph, 48)));
        pw += 64; ph += 64;
      }
      // lanes: s0 = (l≡0, l≡1), s1 = (2, 3), s2 = (4, 5), s3 = (6, 7) mod 8
      const t = f64x2.add(f64x2.add(s0, s1), f64x2.add(s2, s3));
      store<f64>(s + ((<usize>b * <usize>dOut + <usize>j) << 3),
        (f64x2.extract_lane(t, 0) + f64x2.extract_lane(t, 1)) / mF);
    }
  }
}
