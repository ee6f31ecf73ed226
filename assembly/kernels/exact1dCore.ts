// The shared pass of the exact 1-D kernels (exactRisk1d, hessian1d, hessianVector1d).
// Twin: src/backend/ts/exact1dCore.ts, operation for operation.
//
// Model (SPEC §1): s(y) = (1/m) Σ_l w2_l relu(w1_l y + b_l), params = [w1 | b | w2] (m each).
// Data: centres c_i = mu x_i, Y ~ p_i = N(c_i, sigma²), residual f_i(y) = s(y) + (y - c_i)/sigma².
// Convention (stated here, where the code decides it): the closed-form integrals use
// 1_l(y) = 1{w1_l y + b_l >= 0}; it differs from forward/backprop's 1{u > 0} on a null set only.
// A neuron with w1_l = 0 has no kink: it is the constant relu(b_l), "active" iff b_l >= 0.
//
// The K neurons with w1 != 0 have kinks tau_l = -b_l / w1_l. Sorted (key (tau, index), a total
// order, so the permutation is the same for any correct sort), they give positions
// t_0 = -inf < t_1 <= ... <= t_K < t_{K+1} = +inf and intervals I = [t_I, t_{I+1}], I = 0..K, on
// each of which s(y) = A_I + B_I y. The active region of neuron l is the run of intervals
// [lo_l, hi_l) (w1 > 0: [p, K+1); w1 < 0: [0, p); constant: [0, K+1) if b >= 0, empty if not).
//
// prepare() makes one pass over (kink, data point) pairs — n·K Gaussian tails, O(n m) — and
// leaves, per interval I, the data-summed moments
//   T_j(I) = Σ_i E_i[Y^j 1_I] (j = 0, 1, 2),  U_j(I) = Σ_i E_i[(Y - c_i) Y^j 1_I] (j = 0, 1),
// per kink position p the sums P0[p] = Σ_i phi(z_ip), P1[p] = Σ_i z_ip phi(z_ip) with
// z_ip = (t_p - c_i)/sigma, and returns Σ_i E_i[f_i²] (eq. 5 times n). Each E_i over an interval
// is Σ_k of ∫_a^b z^k phi(z) dz: M0 = Phi(b) - Phi(a) (from the tails on the far side of 0:
// Q(-b) - Q(-a), Q(a) - Q(b) or 1 - Q(-a) - Q(b)), M1 = phi(a) - phi(b), M2 = M0 + a phi(a) -
// b phi(b). The risk is summed per (i, I) as alpha² M0 + 2 alpha beta M1 + beta² M2 with
// f_i = alpha + beta z on I (alpha = A + B c_i, beta = B sigma + 1/sigma): no cancellation
// between data points. Gradient-type sums go through the T, U sums (O(K + m) afterwards).
// Errors: inputs are assumed finite (validated by the caller); a kink beyond |z| = 38.7 of every
// centre (including tau = ±inf from w1 tiny) contributes exact zeros, never NaN.
import { INV_SQRT_2PI, INV_SQRT2, SQRT_HALF_PI, Z_CUT, erfcx, erfcxPair, erfcxSecond } from '../math/gauss';

// @ts-ignore: decorator
@inline export function ld(base: usize, slot: i32): f64 { return load<f64>(base + (<usize>slot << 3)); }
// @ts-ignore: decorator
@inline export function st(base: usize, slot: i32, v: f64): void { store<f64>(base + (<usize>slot << 3), v); }
// @ts-ignore: decorator
@inline export function ldi(base: usize, slot: i32): i32 { return <i32>load<f64>(base + (<usize>slot << 3)); }

// Core layout: offsets (in f64 slots) from the core's base, set by coreLayout(m, n).
export let oK: i32 = 0; // [0]: K
export let oOrd: i32 = 0, oTau: i32 = 0, oLo: i32 = 0, oHi: i32 = 0; // m each
export let oT: i32 = 0; // K + 2 positions
export let oA: i32 = 0, oB: i32 = 0; // K + 1 intervals
export let oT0: i32 = 0, oT1: i32 = 0, oT2: i32 = 0, oU0: i32 = 0, oU1: i32 = 0; // K + 1 intervals
export let oP0: i32 = 0, oP1: i32 = 0; // K + 2 positions
export let oKv: i32 = 0; // 8 arrays of even(n): (z, tail, phi, z phi) at the previous and current kink
export let oS0: i32 = 0, oS1: i32 = 0, oD: i32 = 0; // m each
export let oHL0: i32 = 0, oHR0: i32 = 0, oHL1: i32 = 0, oHR1: i32 = 0; // K + 2 positions
export let coreEnd: i32 = 0;

let segAt: i32 = 0;
function seg(len: i32): i32 { const at = segAt; segAt += len + (len & 1); return at; }

/** Slots of the core for width m and n data points (each array starts on an even slot). */
export function coreLayout(m: i32, n: i32): i32 {
  segAt = 2;
  oK = 0;
  oOrd = seg(m); oTau = seg(m); oLo = seg(m); oHi = seg(m);
  oT = seg(m + 2);
  oA = seg(m + 1); oB = seg(m + 1);
  oT0 = seg(m + 1); oT1 = seg(m + 1); oT2 = seg(m + 1); oU0 = seg(m + 1); oU1 = seg(m + 1);
  oP0 = seg(m + 2); oP1 = seg(m + 2);
  oKv = seg(8 * (n + (n & 1)));
  oS0 = seg(m); oS1 = seg(m); oD = seg(m);
  oHL0 = seg(m + 2); oHR0 = seg(m + 2); oHL1 = seg(m + 2); oHR1 = seg(m + 2);
  coreEnd = segAt;
  return segAt;
}

/** (tau[a], a) < (tau[b], b): the total order of kinks. */
// @ts-ignore: decorator
@inline function before(s: usize, a: i32, b: i32): bool {
  const ta = ld(s, oTau + a), tb = ld(s, oTau + b);
  return ta < tb || (ta == tb && a < b);
}

function siftDown(s: usize, root: i32, end: i32): void {
  let r = root;
  while (true) {
    let child = 2 * r + 1;
    if (child >= end) return;
    if (child + 1 < end && before(s, ldi(s, oOrd + child), ldi(s, oOrd + child + 1))) child++;
    if (!before(s, ldi(s, oOrd + r), ldi(s, oOrd + child))) return;
    const tmp = ld(s, oOrd + r);
    st(s, oOrd + r, ld(s, oOrd + child));
    st(s, oOrd + child, tmp);
    r = child;
  }
}

/** Heapsort of the K neuron ids in s[oOrd..] by (tau, id). */
function sortKinks(s: usize, K: i32): void {
  for (let start = (K >> 1) - 1; start >= 0; start--) siftDown(s, start, K);
  for (let end = K - 1; end > 0; end--) {
    const top = ld(s, oOrd);
    st(s, oOrd, ld(s, oOrd + end));
    st(s, oOrd + end, top);
    siftDown(s, 0, end);
  }
}

// @ts-ignore: decorator
@inline function vexp(a: v128): v128 {
  return f64x2.replace_lane(f64x2.splat(Math.exp(f64x2.extract_lane(a, 0))), 1, Math.exp(f64x2.extract_lane(a, 1)));
}

/** Per data point i, at the kink t (finite = false: t = +inf): z = (t - mu x_i)/sigma,
 *  the far-side tail Q(|z|) = phi(z) sqrt(pi/2) erfcx(|z|/sqrt2), phi(z) and z phi(z), into
 *  s[base + k·en + i], k = 0..3 (zeros beyond |z| = Z_CUT). Four data points at a time in
 *  f64x2 lanes (two Clenshaw chains), the operations of the scalar twin per element. */
function kinkValues(s: usize, base: i32, en: i32, t: f64, finite: bool, x: usize, n: i32, mu: f64, sigma: f64): void {
  let i = 0;
  if (!finite) {
    for (; i < n; i++) { st(s, base + i, Infinity); st(s, base + en + i, 0.0); st(s, base + 2 * en + i, 0.0); st(s, base + 3 * en + i, 0.0); }
    return;
  }
  const vt = f64x2.splat(t), vmu = f64x2.splat(mu), vsig = f64x2.splat(sigma), vcut = f64x2.splat(Z_CUT);
  const vhalf = f64x2.splat(-0.5), vnorm = f64x2.splat(INV_SQRT_2PI), vsh = f64x2.splat(SQRT_HALF_PI), vr2 = f64x2.splat(INV_SQRT2);
  for (; i + 3 < n; i += 4) {
    const z0 = f64x2.div(f64x2.sub(vt, f64x2.mul(vmu, v128.load(x + (<usize>i << 3)))), vsig);
    const z1 = f64x2.div(f64x2.sub(vt, f64x2.mul(vmu, v128.load(x + (<usize>(i + 2) << 3)))), vsig);
    const a0 = f64x2.abs(z0), a1 = f64x2.abs(z1);
    const k0 = f64x2.lt(a0, vcut), k1 = f64x2.lt(a1, vcut);
    v128.store(s + (<usize>(base + i) << 3), z0);
    v128.store(s + (<usize>(base + i + 2) << 3), z1);
    let t0 = f64x2.splat(0.0), t1 = f64x2.splat(0.0), p0 = f64x2.splat(0.0), p1 = f64x2.splat(0.0);
    let q0 = f64x2.splat(0.0), q1 = f64x2.splat(0.0);
    if (v128.any_true(v128.or(k0, k1))) {
      p0 = v128.and(f64x2.mul(vexp(f64x2.mul(f64x2.mul(vhalf, z0), z0)), vnorm), k0);
      p1 = v128.and(f64x2.mul(vexp(f64x2.mul(f64x2.mul(vhalf, z1), z1)), vnorm), k1);
      // lanes beyond the cut may hold inf: feed erfcx a 0 there (the result is masked anyway)
      const e0 = erfcxPair(v128.and(f64x2.mul(a0, vr2), k0), v128.and(f64x2.mul(a1, vr2), k1));
      const e1 = erfcxSecond;
      t0 = v128.and(f64x2.mul(f64x2.mul(p0, vsh), e0), k0);
      t1 = v128.and(f64x2.mul(f64x2.mul(p1, vsh), e1), k1);
      q0 = v128.and(f64x2.mul(z0, p0), k0);
      q1 = v128.and(f64x2.mul(z1, p1), k1);
    }
    v128.store(s + (<usize>(base + en + i) << 3), t0);
    v128.store(s + (<usize>(base + en + i + 2) << 3), t1);
    v128.store(s + (<usize>(base + 2 * en + i) << 3), p0);
    v128.store(s + (<usize>(base + 2 * en + i + 2) << 3), p1);
    v128.store(s + (<usize>(base + 3 * en + i) << 3), q0);
    v128.store(s + (<usize>(base + 3 * en + i + 2) << 3), q1);
  }
  for (; i < n; i++) {
    let ph: f64 = 0.0, tl: f64 = 0.0, q: f64 = 0.0;
    const z = (t - mu * ld(x, i)) / sigma;
    const az = Math.abs(z);
    if (az < Z_CUT) {
      ph = Math.exp(-0.5 * z * z) * INV_SQRT_2PI;
      tl = ph * SQRT_HALF_PI * erfcx(az * INV_SQRT2);
      q = z * ph;
    }
    st(s, base + i, z); st(s, base + en + i, tl); st(s, base + 2 * en + i, ph); st(s, base + 3 * en + i, q);
  }
}

/** The shared pass (see the file comment). s is the core (coreLayout(m, n) slots). Returns
 *  Σ_i E_i[f_i²]. */
export function prepare(params: usize, m: i32, x: usize, n: i32, mu: f64, sigma: f64, s: usize): f64 {
  let K: i32 = 0;
  let C: f64 = 0.0;
  for (let l = 0; l < m; l++) {
    const w1 = ld(params, l), b = ld(params, m + l);
    if (w1 != 0) {
      st(s, oTau + l, -b / w1);
      st(s, oOrd + K, <f64>l);
      K++;
    } else {
      st(s, oTau + l, 0.0);
      if (b > 0) C += ld(params, 2 * m + l) * b;
    }
  }
  st(s, oK, <f64>K);
  sortKinks(s, K);
  st(s, oT, -Infinity);
  st(s, oT + K + 1, Infinity);
  for (let l = 0; l < m; l++) {
    if (ld(params, l) == 0) {
      const on = ld(params, m + l) >= 0;
      st(s, oLo + l, on ? 0.0 : <f64>(K + 1));
      st(s, oHi + l, on ? <f64>(K + 1) : 0.0);
    }
  }
  for (let p = 1; p <= K; p++) {
    const l = ldi(s, oOrd + p - 1);
    st(s, oT + p, ld(s, oTau + l));
    if (ld(params, l) > 0) { st(s, oLo + l, <f64>p); st(s, oHi + l, <f64>(K + 1)); }
    else { st(s, oLo + l, 0.0); st(s, oHi + l, <f64>p); }
  }
  // s = A_I + B_I y: w1 < 0 neurons (active left of their kink) summed from the right,
  // w1 > 0 neurons from the left, so that nothing is ever subtracted.
  let accA: f64 = 0.0, accB: f64 = 0.0;
  for (let I = K; I >= 0; I--) {
    if (I < K) {
      const l = ldi(s, oOrd + I);
      const w1 = ld(params, l);
      if (w1 < 0) { const w2 = ld(params, 2 * m + l); accA += w2 * ld(params, m + l); accB += w2 * w1; }
    }
    st(s, oA + I, accA);
    st(s, oB + I, accB);
  }
  accA = 0.0; accB = 0.0;
  const fm = <f64>m;
  for (let I = 0; I <= K; I++) {
    if (I > 0) {
      const l = ldi(s, oOrd + I - 1);
      const w1 = ld(params, l);
      if (w1 > 0) { const w2 = ld(params, 2 * m + l); accA += w2 * ld(params, m + l); accB += w2 * w1; }
    }
    st(s, oA + I, (ld(s, oA + I) + accA + C) / fm);
    st(s, oB + I, (ld(s, oB + I) + accB) / fm);
  }
  // Moments: intervals left to right, data points inside. The Gaussian values at each kink
  // (kinkValues) are kept for the next interval: `prev` and `cur` swap roles.
  const en = n + (n & 1);
  let prev = oKv, cur = oKv + 4 * en;
  for (let i = 0; i < n; i++) {
    st(s, prev + i, -Infinity); st(s, prev + en + i, 0.0); st(s, prev + 2 * en + i, 0.0); st(s, prev + 3 * en + i, 0.0);
  }
  const invSigma = 1.0 / sigma, sigma2 = sigma * sigma;
  let risk: f64 = 0.0;
  for (let p = 1; p <= K + 1; p++) {
    const I = p - 1;
    kinkValues(s, cur, en, ld(s, oT + p), p <= K, x, n, mu, sigma);
    const AI = ld(s, oA + I), BI = ld(s, oB + I);
    const beta = BI * sigma + invSigma;
    let sM0: f64 = 0.0, sCM0: f64 = 0.0, sC2M0: f64 = 0.0, sM1: f64 = 0.0, sCM1: f64 = 0.0, sM2: f64 = 0.0;
    let sP: f64 = 0.0, sQ: f64 = 0.0;
    for (let i = 0; i < n; i++) {
      const c = mu * ld(x, i);
      const za = ld(s, prev + i), ta = ld(s, prev + en + i), pa = ld(s, prev + 2 * en + i), qa = ld(s, prev + 3 * en + i);
      const z = ld(s, cur + i), tl = ld(s, cur + en + i), ph = ld(s, cur + 2 * en + i), q = ld(s, cur + 3 * en + i);
      const M0 = z <= 0 ? tl - ta : (za > 0 ? ta - tl : 1.0 - ta - tl);
      const M1 = pa - ph;
      const M2 = M0 + qa - q;
      sM0 += M0; sCM0 += c * M0; sC2M0 += c * c * M0;
      sM1 += M1; sCM1 += c * M1; sM2 += M2;
      const alpha = AI + BI * c;
      risk += alpha * (alpha * M0 + 2.0 * beta * M1) + beta * beta * M2;
      sP += ph; sQ += q;
    }
    st(s, oT0 + I, sM0);
    st(s, oT1 + I, sCM0 + sigma * sM1);
    st(s, oT2 + I, sC2M0 + 2.0 * sigma * sCM1 + sigma2 * sM2);
    st(s, oU0 + I, sigma * sM1);
    st(s, oU1 + I, sigma * sCM1 + sigma2 * sM2);
    if (p <= K) { st(s, oP0 + p, sP); st(s, oP1 + p, sQ); }
    const swap = prev; prev = cur; cur = swap;
  }
  return risk;
}

/** Prefix sums HL[p] = Σ_{I<p} and suffix sums HR[p] = Σ_{I>=p} of two per-interval series
 *  g0_I = a_I T0 + b_I T1 + e U0, g1_I = a_I T1 + b_I T2 + e U1 (a, b at offsets oa, ob), then
 *  per neuron the sums over its active region into out0[l], out1[l]. */
export function halfSums(s: usize, m: i32, oa: i32, ob: i32, e: f64, out0: i32, out1: i32): void {
  const K = ldi(s, oK);
  let acc0: f64 = 0.0, acc1: f64 = 0.0;
  for (let p = 0; p <= K + 1; p++) {
    st(s, oHL0 + p, acc0);
    st(s, oHL1 + p, acc1);
    if (p <= K) {
      const a = ld(s, oa + p), b = ld(s, ob + p);
      acc0 += a * ld(s, oT0 + p) + b * ld(s, oT1 + p) + e * ld(s, oU0 + p);
      acc1 += a * ld(s, oT1 + p) + b * ld(s, oT2 + p) + e * ld(s, oU1 + p);
    }
  }
  acc0 = 0.0; acc1 = 0.0;
  for (let p = K + 1; p >= 0; p--) {
    if (p <= K) {
      const a = ld(s, oa + p), b = ld(s, ob + p);
      acc0 += a * ld(s, oT0 + p) + b * ld(s, oT1 + p) + e * ld(s, oU0 + p);
      acc1 += a * ld(s, oT1 + p) + b * ld(s, oT2 + p) + e * ld(s, oU1 + p);
    }
    st(s, oHR0 + p, acc0);
    st(s, oHR1 + p, acc1);
  }
  for (let l = 0; l < m; l++) {
    const lo = ldi(s, oLo + l), hi = ldi(s, oHi + l);
    let h0: f64 = 0.0, h1: f64 = 0.0;
    if (lo < hi) {
      if (lo == 0) { h0 = ld(s, oHL0 + hi); h1 = ld(s, oHL1 + hi); } else { h0 = ld(s, oHR0 + lo); h1 = ld(s, oHR1 + lo); }
    }
    st(s, out0 + l, h0);
    st(s, out1 + l, h1);
  }
}

/** After prepare: S0_l = Σ_i E_i[f_i 1_l], S1_l = Σ_i E_i[f_i Y 1_l] and the kink coefficient
 *  D_l = (2/(n m)) w2_l Σ_i f_i(tau_l) p_i(tau_l) / |w1_l| (SPEC §1, sign as corrected there). */
export function residualSums(params: usize, m: i32, n: i32, sigma: f64, s: usize): void {
  halfSums(s, m, oA, oB, 1.0 / (sigma * sigma), oS0, oS1);
  const K = ldi(s, oK);
  const c1 = 2.0 / (<f64>n * <f64>m);
  for (let l = 0; l < m; l++) st(s, oD + l, 0.0);
  for (let p = 1; p <= K; p++) {
    const l = ldi(s, oOrd + p - 1);
    const P0 = ld(s, oP0 + p);
    if (P0 > 0) {
      const tp = ld(s, oT + p);
      const sAt = ld(s, oA + p - 1) + ld(s, oB + p - 1) * tp;
      const fp = (sAt * P0 + ld(s, oP1 + p) / sigma) / sigma; // Σ_i f_i(t) p_i(t)
      st(s, oD + l, c1 * ld(params, 2 * m + l) * fp / Math.abs(ld(params, l)));
    }
  }
}
