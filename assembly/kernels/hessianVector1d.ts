// Exact, matrix-free Hessian–vector product of the 1-D risk. Twin: src/backend/ts/hessianVector1d.ts.
//
// Hv ← ∇²R_n(theta) v, order w1, b, w2 (the Hessian of hessian1d.ts):
//   Gauss–Newton: g = ∇s·v = (1/m) Σ_l 1_l (P_l + Q_l Y), P_l = w2_l v_b + v_w2 b_l,
//     Q_l = w2_l v_w1 + v_w2 w1_l, is piecewise affine with the kinks of s, so
//     (2/n) Σ_i E_i[g ∇s] is a gradient-like pass with f replaced by g (no data term):
//     (Hv)_w1 += c1 w2 G1, (Hv)_b += c1 w2 G0, (Hv)_w2 += c1 (w1 G1 + b G0),
//     G0_l = Σ_i E_i[g 1_l], G1_l = Σ_i E_i[g Y 1_l];
//   residual: (Hv)_w2 += c1 (S0 v_b + S1 v_w1), (Hv)_b += c1 S0 v_w2, (Hv)_w1 += c1 S1 v_w2;
//   kink: (Hv)_b += D (v_b + tau v_w1), (Hv)_w1 += D tau (v_b + tau v_w1);   c1 = 2/(n m).
// The scratch doubles as a cache: it keeps a copy of (m, n, mu, sigma, params, x) and the
// data-summed moments of the last call; when they are bit-identical the O(n m) moment pass
// is skipped and a product costs O(m) (Lanczos at fixed theta). Any change of the inputs is
// detected and recomputed; a zero-filled scratch starts empty.
// Errors: none raised; inputs must be finite, sigma > 0.
import { coreEnd, coreLayout, halfSums, ld, ldi, oA, oB, oD, oK, oOrd, oS0, oS1, oTau, prepare,
  residualSums, st } from './exact1dCore';

// @ts-ignore: decorator
@inline const MAGIC: f64 = 7340033.25; // marks a filled cache

/** Slots before the core: header (8) and the key copy (3m + n), rounded to even. */
function hvKeyLength(m: i32, n: i32): i32 {
  const len = 8 + 3 * m + n;
  return len + (len & 1);
}

/** Hv (3m) ← ∇²R_n v. scratch: scratchLength.hessianVector1d(m, n) (kept between calls). */
export function hessianVector1d(params: usize, m: i32, x: usize, n: i32, mu: f64, sigma: f64,
  v: usize, Hv: usize, scratch: usize): void {
  const key = hvKeyLength(m, n);
  const s = scratch + (<usize>key << 3);
  coreLayout(m, n);
  let hit = ld(scratch, 0) == MAGIC && ld(scratch, 1) == <f64>m && ld(scratch, 2) == <f64>n
    && ld(scratch, 3) == mu && ld(scratch, 4) == sigma;
  for (let j = 0; hit && j < 3 * m; j++) {
    if (load<u64>(scratch + (<usize>(8 + j) << 3)) != load<u64>(params + (<usize>j << 3))) hit = false;
  }
  for (let i = 0; hit && i < n; i++) {
    if (load<u64>(scratch + (<usize>(8 + 3 * m + i) << 3)) != load<u64>(x + (<usize>i << 3))) hit = false;
  }
  if (!hit) {
    st(scratch, 0, 0.0);
    prepare(params, m, x, n, mu, sigma, s);
    residualSums(params, m, n, sigma, s);
    memory.copy(scratch + 64, params, <usize>(3 * m) << 3);
    memory.copy(scratch + (<usize>(8 + 3 * m) << 3), x, <usize>n << 3);
    st(scratch, 1, <f64>m); st(scratch, 2, <f64>n); st(scratch, 3, mu); st(scratch, 4, sigma);
    st(scratch, 0, MAGIC);
  }
  const K = ldi(s, oK);
  // g = Pg_I + Qg_I y per interval (the sweeps of prepare, with (P_l, Q_l) for (w2 b, w2 w1)).
  const oPg = coreEnd, oQg = coreEnd + m + 1 + ((m + 1) & 1);
  const oG0 = oQg + m + 1 + ((m + 1) & 1), oG1 = oG0 + m + (m & 1);
  let cP: f64 = 0.0, cQ: f64 = 0.0;
  for (let l = 0; l < m; l++) {
    if (ld(params, l) == 0 && ld(params, m + l) >= 0) {
      cP += ld(params, 2 * m + l) * ld(v, m + l) + ld(v, 2 * m + l) * ld(params, m + l);
      cQ += ld(params, 2 * m + l) * ld(v, l);
    }
  }
  let accP: f64 = 0.0, accQ: f64 = 0.0;
  for (let I = K; I >= 0; I--) {
    if (I < K) {
      const l = ldi(s, oOrd + I);
      if (ld(params, l) < 0) {
        accP += ld(params, 2 * m + l) * ld(v, m + l) + ld(v, 2 * m + l) * ld(params, m + l);
        accQ += ld(params, 2 * m + l) * ld(v, l) + ld(v, 2 * m + l) * ld(params, l);
      }
    }
    st(s, oPg + I, accP);
    st(s, oQg + I, accQ);
  }
  accP = 0.0; accQ = 0.0;
  const fm = <f64>m;
  for (let I = 0; I <= K; I++) {
    if (I > 0) {
      const l = ldi(s, oOrd + I - 1);
      if (ld(params, l) > 0) {
        accP += ld(params, 2 * m + l) * ld(v, m + l) + ld(v, 2 * m + l) * ld(params, m + l);
        accQ += ld(params, 2 * m + l) * ld(v, l) + ld(v, 2 * m + l) * ld(params, l);
      }
    }
    st(s, oPg + I, (ld(s, oPg + I) + accP + cP) / fm);
    st(s, oQg + I, (ld(s, oQg + I) + accQ + cQ) / fm);
  }
  halfSums(s, m, oPg, oQg, 0.0, oG0, oG1);
  const c1 = 2.0 / (<f64>n * <f64>m);
  for (let l = 0; l < m; l++) {
    const w1 = ld(params, l), b = ld(params, m + l), w2 = ld(params, 2 * m + l);
    const vw1 = ld(v, l), vb = ld(v, m + l), vw2 = ld(v, 2 * m + l);
    const G0 = ld(s, oG0 + l), G1 = ld(s, oG1 + l), S0 = ld(s, oS0 + l), S1 = ld(s, oS1 + l);
    const D = ld(s, oD + l);
    let kb: f64 = 0.0, kw1: f64 = 0.0;
    if (D != 0) {
      const tau = ld(s, oTau + l);
      kb = D * (vb + tau * vw1);
      kw1 = kb * tau;
    }
    st(Hv, l, c1 * (w2 * G1 + S1 * vw2) + kw1);
    st(Hv, m + l, c1 * (w2 * G0 + S0 * vw2) + kb);
    st(Hv, 2 * m + l, c1 * (w1 * G1 + b * G0 + S0 * vb + S1 * vw1));
  }
}
