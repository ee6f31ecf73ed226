// Twin of assembly/kernels/exact1dCore.ts: the shared pass of the exact 1-D kernels
// (exactRisk1d, hessian1d, hessianVector1d), operation for operation.
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
import { INV_SQRT_2PI, INV_SQRT2, SQRT_HALF_PI, Z_CUT, erfcx } from '../../math/gauss.js';

/** Core layout: offsets (in f64 slots) from the core's base, set by coreLayout(m, n). (The Wasm
 *  twin keeps them in globals; here one object, read into locals at the top of each function.) */
export const L = {
  oK: 0, // [0]: K
  oOrd: 0, oTau: 0, oLo: 0, oHi: 0, // m each: sorted neuron ids, tau, lo, hi
  oT: 0, // K + 2 positions
  oA: 0, oB: 0, // K + 1 intervals
  oT0: 0, oT1: 0, oT2: 0, oU0: 0, oU1: 0, // K + 1 intervals
  oP0: 0, oP1: 0, // K + 2 positions
  oKv: 0, // 8 arrays of even(n): (z, tail, phi, z phi) per data point at the previous and current kink
  oS0: 0, oS1: 0, oD: 0, // m each: Σ_i E_i[f_i 1_l], Σ_i E_i[f_i Y 1_l], kink coefficient
  oHL0: 0, oHR0: 0, oHL1: 0, oHR1: 0, // K + 2 positions: prefix / suffix sums
  coreEnd: 0,
};

/** Slots of the core for width m and n data points (each array starts on an even slot). */
export function coreLayout(m: number, n: number): number {
  let o = 2;
  const seg = (len: number): number => { const at = o; o += len + (len & 1); return at; };
  L.oK = 0;
  L.oOrd = seg(m); L.oTau = seg(m); L.oLo = seg(m); L.oHi = seg(m);
  L.oT = seg(m + 2);
  L.oA = seg(m + 1); L.oB = seg(m + 1);
  L.oT0 = seg(m + 1); L.oT1 = seg(m + 1); L.oT2 = seg(m + 1); L.oU0 = seg(m + 1); L.oU1 = seg(m + 1);
  L.oP0 = seg(m + 2); L.oP1 = seg(m + 2);
  L.oKv = seg(8 * (n + (n & 1)));
  L.oS0 = seg(m); L.oS1 = seg(m); L.oD = seg(m);
  L.oHL0 = seg(m + 2); L.oHR0 = seg(m + 2); L.oHL1 = seg(m + 2); L.oHR1 = seg(m + 2);
  L.coreEnd = o;
  return o;
}

/** (tau[a], a) < (tau[b], b): the total order of kinks. */
function before(s: Float64Array, oTau: number, a: number, b: number): boolean {
  const ta = s[oTau + a], tb = s[oTau + b];
  return ta < tb || (ta === tb && a < b);
}

/** Heapsort of the K neuron ids in s[oOrd..] by (tau, id). */
function sortKinks(s: Float64Array, K: number): void {
  const { oOrd } = L;
  for (let start = (K >> 1) - 1; start >= 0; start--) siftDown(s, start, K);
  for (let end = K - 1; end > 0; end--) {
    const top = s[oOrd];
    s[oOrd] = s[oOrd + end];
    s[oOrd + end] = top;
    siftDown(s, 0, end);
  }
}

function siftDown(s: Float64Array, root: number, end: number): void {
  const { oOrd, oTau } = L;
  let r = root;
  for (;;) {
    let child = 2 * r + 1;
    if (child >= end) return;
    if (child + 1 < end && before(s, oTau, s[oOrd + child], s[oOrd + child + 1])) child++;
    if (!before(s, oTau, s[oOrd + r], s[oOrd + child])) return;
    const tmp = s[oOrd + r];
    s[oOrd + r] = s[oOrd + child];
    s[oOrd + child] = tmp;
    r = child;
  }
}

/** Per data point i, at the kink t (finite = false: t = +inf): z = (t - mu x_i)/sigma,
 *  the far-side tail Q(|z|) = phi(z) sqrt(pi/2) erfcx(|z|/sqrt2), phi(z) and z phi(z), into
 *  s[base + k·en + i], k = 0..3 (zeros beyond |z| = Z_CUT). (The Wasm twin does four data
 *  points at a time in f64x2 lanes, the same operations per element.) */
export function kinkValues(s: Float64Array, base: number, en: number, t: number, finite: boolean,
  x: Float64Array, n: number, mu: number, sigma: number): void {
  for (let i = 0; i < n; i++) {
    let z = Infinity, ph = 0.0, tl = 0.0, q = 0.0;
    if (finite) {
      z = (t - mu * x[i]) / sigma;
      const az = Math.abs(z);
      if (az < Z_CUT) {
        ph = Math.exp(-0.5 * z * z) * INV_SQRT_2PI;
        tl = ph * SQRT_HALF_PI * erfcx(az * INV_SQRT2);
        q = z * ph;
      }
    }
    s[base + i] = z; s[base + en + i] = tl; s[base + 2 * en + i] = ph; s[base + 3 * en + i] = q;
  }
}

/** The shared pass (see the file comment). s is the core (coreLayout(m, n) slots). Returns
 *  Σ_i E_i[f_i²]. */
export function prepare(params: Float64Array, m: number, x: Float64Array, n: number,
  mu: number, sigma: number, s: Float64Array): number {
  const { oK, oOrd, oTau, oLo, oHi, oT, oA, oB, oT0, oT1, oT2, oU0, oU1, oP0, oP1, oKv } = L;
  // Kinks, constant neurons.
  let K = 0;
  let C = 0.0;
  for (let l = 0; l < m; l++) {
    const w1 = params[l], b = params[m + l];
    if (w1 !== 0) {
      s[oTau + l] = -b / w1;
      s[oOrd + K] = l;
      K++;
    } else {
      s[oTau + l] = 0.0;
      if (b > 0) C += params[2 * m + l] * b;
    }
  }
  s[oK] = K;
  sortKinks(s, K);
  s[oT] = -Infinity;
  s[oT + K + 1] = Infinity;
  for (let l = 0; l < m; l++) {
    if (params[l] === 0) {
      const on = params[m + l] >= 0;
      s[oLo + l] = on ? 0 : K + 1;
      s[oHi + l] = on ? K + 1 : 0;
    }
  }
  for (let p = 1; p <= K; p++) {
    const l = s[oOrd + p - 1];
    s[oT + p] = s[oTau + l];
    if (params[l] > 0) { s[oLo + l] = p; s[oHi + l] = K + 1; } else { s[oLo + l] = 0; s[oHi + l] = p; }
  }
  // s = A_I + B_I y: w1 < 0 neurons (active left of their kink) summed from the right,
  // w1 > 0 neurons from the left, so that nothing is ever subtracted.
  let accA = 0.0, accB = 0.0;
  for (let I = K; I >= 0; I--) {
    if (I < K) {
      const l = s[oOrd + I];
      if (params[l] < 0) { accA += params[2 * m + l] * params[m + l]; accB += params[2 * m + l] * params[l]; }
    }
    s[oA + I] = accA;
    s[oB + I] = accB;
  }
  accA = 0.0; accB = 0.0;
  for (let I = 0; I <= K; I++) {
    if (I > 0) {
      const l = s[oOrd + I - 1];
      if (params[l] > 0) { accA += params[2 * m + l] * params[m + l]; accB += params[2 * m + l] * params[l]; }
    }
    s[oA + I] = (s[oA + I] + accA + C) / m;
    s[oB + I] = (s[oB + I] + accB) / m;
  }
  // Moments: intervals left to right, data points inside. The Gaussian values at each kink
  // (kinkValues) are kept for the next interval: `prev` and `cur` swap roles.
  const en = n + (n & 1);
  let prev = oKv, cur = oKv + 4 * en;
  for (let i = 0; i < n; i++) {
    s[prev + i] = -Infinity; s[prev + en + i] = 0.0; s[prev + 2 * en + i] = 0.0; s[prev + 3 * en + i] = 0.0;
  }
  const invSigma = 1.0 / sigma, sigma2 = sigma * sigma;
  let risk = 0.0;
  for (let p = 1; p <= K + 1; p++) {
    const I = p - 1;
    kinkValues(s, cur, en, s[oT + p], p <= K, x, n, mu, sigma);
    const AI = s[oA + I], BI = s[oB + I];
    const beta = BI * sigma + invSigma;
    let sM0 = 0.0, sCM0 = 0.0, sC2M0 = 0.0, sM1 = 0.0, sCM1 = 0.0, sM2 = 0.0, sP = 0.0, sQ = 0.0;
    for (let i = 0; i < n; i++) {
      const c = mu * x[i];
      const za = s[prev + i], ta = s[prev + en + i], pa = s[prev + 2 * en + i], qa = s[prev + 3 * en + i];
      const z = s[cur + i], tl = s[cur + en + i], ph = s[cur + 2 * en + i], q = s[cur + 3 * en + i];
      const M0 = z <= 0 ? tl - ta : (za > 0 ? ta - tl : 1.0 - ta - tl);
      const M1 = pa - ph;
      const M2 = M0 + qa - q;
      sM0 += M0; sCM0 += c * M0; sC2M0 += c * c * M0;
      sM1 += M1; sCM1 += c * M1; sM2 += M2;
      const alpha = AI + BI * c;
      risk += alpha * (alpha * M0 + 2.0 * beta * M1) + beta * beta * M2;
      sP += ph; sQ += q;
    }
    s[oT0 + I] = sM0;
    s[oT1 + I] = sCM0 + sigma * sM1;
    s[oT2 + I] = sC2M0 + 2.0 * sigma * sCM1 + sigma2 * sM2;
    s[oU0 + I] = sigma * sM1;
    s[oU1 + I] = sigma * sCM1 + sigma2 * sM2;
    if (p <= K) { s[oP0 + p] = sP; s[oP1 + p] = sQ; }
    const swap = prev; prev = cur; cur = swap;
  }
  return risk;
}

/** Prefix sums HL[p] = Σ_{I<p} and suffix sums HR[p] = Σ_{I>=p} of two per-interval series
 *  g0_I = a_I T0 + b_I T1 + e U0, g1_I = a_I T1 + b_I T2 + e U1 (a, b at offsets oa, ob), then
 *  per neuron the sums over its active region into out0[l], out1[l]. */
export function halfSums(s: Float64Array, m: number, oa: number, ob: number, e: number,
  out0: number, out1: number): void {
  const { oK, oLo, oHi, oT0, oT1, oT2, oU0, oU1, oHL0, oHL1, oHR0, oHR1 } = L;
  const K = s[oK];
  let acc0 = 0.0, acc1 = 0.0;
  for (let p = 0; p <= K + 1; p++) {
    s[oHL0 + p] = acc0;
    s[oHL1 + p] = acc1;
    if (p <= K) {
      const a = s[oa + p], b = s[ob + p];
      acc0 += a * s[oT0 + p] + b * s[oT1 + p] + e * s[oU0 + p];
      acc1 += a * s[oT1 + p] + b * s[oT2 + p] + e * s[oU1 + p];
    }
  }
  acc0 = 0.0; acc1 = 0.0;
  for (let p = K + 1; p >= 0; p--) {
    if (p <= K) {
      const a = s[oa + p], b = s[ob + p];
      acc0 += a * s[oT0 + p] + b * s[oT1 + p] + e * s[oU0 + p];
      acc1 += a * s[oT1 + p] + b * s[oT2 + p] + e * s[oU1 + p];
    }
    s[oHR0 + p] = acc0;
    s[oHR1 + p] = acc1;
  }
  for (let l = 0; l < m; l++) {
    const lo = s[oLo + l], hi = s[oHi + l];
    let h0 = 0.0, h1 = 0.0;
    if (lo < hi) {
      if (lo === 0) { h0 = s[oHL0 + hi]; h1 = s[oHL1 + hi]; } else { h0 = s[oHR0 + lo]; h1 = s[oHR1 + lo]; }
    }
    s[out0 + l] = h0;
    s[out1 + l] = h1;
  }
}

/** After prepare: S0_l = Σ_i E_i[f_i 1_l], S1_l = Σ_i E_i[f_i Y 1_l] and the kink coefficient
 *  D_l = (2/(n m)) w2_l Σ_i f_i(tau_l) p_i(tau_l) / |w1_l| (SPEC §1, sign as corrected there). */
export function residualSums(params: Float64Array, m: number, n: number, sigma: number, s: Float64Array): void {
  const { oK, oOrd, oT, oA, oB, oP0, oP1, oS0, oS1, oD } = L;
  halfSums(s, m, oA, oB, 1.0 / (sigma * sigma), oS0, oS1);
  const K = s[oK];
  const c1 = 2.0 / (n * m);
  for (let l = 0; l < m; l++) s[oD + l] = 0.0;
  for (let p = 1; p <= K; p++) {
    const l = s[oOrd + p - 1];
    const P0 = s[oP0 + p];
    if (P0 > 0) {
      const tp = s[oT + p];
      const sAt = s[oA + p - 1] + s[oB + p - 1] * tp;
      const fp = (sAt * P0 + s[oP1 + p] / sigma) / sigma; // Σ_i f_i(t) p_i(t)
      s[oD + l] = c1 * params[2 * m + l] * fp / Math.abs(params[l]);
    }
  }
}
