// The dense Hessian of the exact 1-D risk, f64x2 lanes over k in the O(m²) assembly.
// Twin: src/backend/ts/hessian1d.ts (scalar, the same operations per entry).
//
// The dense 3m × 3m Hessian of R_n (eq. 5), order w1, b, w2 (SPEC §1, appendix B.3 (15)-(16)
// generalised to trained w1, with the kink sign corrected):
//   H = (2/n) Σ_i E_i[∇s ∇sᵀ]                        Gauss–Newton part
//     + (2/n) Σ_i E_i[f_i ∇²s]                         residual part: (w2_l, b_l) = c1 S0_l,
//                                                      (w2_l, w1_l) = c1 S1_l   (c1 = 2/(n m))
//     + kink part: (b_l, b_l) D_l, (b_l, w1_l) D_l tau_l, (w1_l, w1_l) D_l tau_l²,
//       D_l = c1 w2_l Σ_i f_i(tau_l) p_i(tau_l) / |w1_l|.
// With ∇s = (1/m)(w2 Y 1_l, w2 1_l, (w1 Y + b) 1_l) per neuron, every Gauss–Newton entry of a
// pair (l, k) is a combination of E_j = Σ_i E_i[Y^j 1_l 1_k], j = 0..2, and 1_l 1_k is the
// indicator of the run of intervals [max(lo_l, lo_k), min(hi_l, hi_k)): a difference of
// cumulative moments, from the left (L_j) or from the right (R_j), whichever side is smaller.
// Cost O(n m + m log m) for the moments, O(m²) for the assembly. Every entry is written
// (rows l, m + l, 2m + l), with expressions symmetric in (l, k), so H is exactly symmetric.
// Errors: none raised; inputs must be finite, sigma > 0.
import { coreEnd, coreLayout, ld, ldi, oD, oHi, oK, oLo, oS0, oS1, oT0, oT1, oT2, oTau, prepare,
  residualSums, st } from './exact1dCore';

// @ts-ignore: decorator
@inline function vld(base: usize, slot: i32): v128 { return v128.load(base + (<usize>slot << 3)); }
// @ts-ignore: decorator
@inline function vst(base: usize, slot: usize, v: v128): void { v128.store(base + (slot << 3), v); }
// @ts-ignore: decorator
@inline function sadd(H: usize, slot: usize, v: f64): void {
  const p = H + (slot << 3);
  store<f64>(p, load<f64>(p) + v);
}

// Offsets of the gathered per-neuron cumulative moments (set in hessian1d).
let oG: i32 = 0, mm: i32 = 0;

/** H (3m × 3m row-major) ← the Hessian of R_n at params. scratch: scratchLength.hessian1d(m, n). */
export function hessian1d(params: usize, m: i32, x: usize, n: i32, mu: f64, sigma: f64,
  H: usize, scratch: usize): void {
  const s = scratch;
  coreLayout(m, n);
  prepare(params, m, x, n, mu, sigma, s);
  residualSums(params, m, n, sigma, s);
  const K = ldi(s, oK);
  // Cumulative moments at positions 0..K+1: L_j[p] = Σ_{I<p} T_j(I), R_j[p] = Σ_{I>=p} T_j(I).
  const mp = m + 2 + (m & 1);
  const oL = coreEnd, oR = coreEnd + 3 * mp;
  for (let j = 0; j < 3; j++) {
    const oTj = j == 0 ? oT0 : (j == 1 ? oT1 : oT2);
    let acc: f64 = 0.0;
    for (let p = 0; p <= K + 1; p++) {
      st(s, oL + j * mp + p, acc);
      if (p <= K) acc += ld(s, oTj + p);
    }
    acc = 0.0;
    for (let p = K + 1; p >= 0; p--) {
      if (p <= K) acc += ld(s, oTj + p);
      st(s, oR + j * mp + p, acc);
    }
  }
  // Per neuron, the cumulative moments at its lo and hi: 12 arrays of m (gathered once).
  mm = m + (m & 1);
  oG = oR + 3 * mp; // [LLo_j | LHi_j | RLo_j | RHi_j], j = 0..2, each mm
  for (let l = 0; l < m; l++) {
    const lo = ldi(s, oLo + l), hi = ldi(s, oHi + l);
    for (let j = 0; j < 3; j++) {
      st(s, oG + (0 + j) * mm + l, ld(s, oL + j * mp + lo));
      st(s, oG + (3 + j) * mm + l, ld(s, oL + j * mp + hi));
      st(s, oG + (6 + j) * mm + l, ld(s, oR + j * mp + lo));
      st(s, oG + (9 + j) * mm + l, ld(s, oR + j * mp + hi));
    }
  }
  const c2 = 2.0 / (<f64>n * <f64>m * <f64>m);
  for (let l = 0; l < m; l++) row(params, m, s, H, l, c2);
  // Residual and kink parts: per neuron, on its own (w1, b, w2) entries.
  const P = <usize>(3 * m);
  const c1 = 2.0 / (<f64>n * <f64>m);
  for (let l = 0; l < m; l++) {
    const r0 = c1 * ld(s, oS0 + l), r1 = c1 * ld(s, oS1 + l);
    const D = ld(s, oD + l), tau = ld(s, oTau + l);
    const iW1 = <usize>l, iB = <usize>(m + l), iW2 = <usize>(2 * m + l);
    sadd(H, iW2 * P + iB, r0); sadd(H, iB * P + iW2, r0);
    sadd(H, iW2 * P + iW1, r1); sadd(H, iW1 * P + iW2, r1);
    if (D != 0) {
      const Dt = D * tau;
      sadd(H, iB * P + iB, D);
      sadd(H, iB * P + iW1, Dt); sadd(H, iW1 * P + iB, Dt);
      sadd(H, iW1 * P + iW1, Dt * tau);
    }
  }
}

/** The three rows (w1_l, b_l, w2_l) of the Gauss–Newton part, two columns k at a time. */
function row(params: usize, m: i32, s: usize, H: usize, l: i32, c2: f64): void {
  const P = <usize>(3 * m);
  const lol = ld(s, oLo + l), hil = ld(s, oHi + l);
  const w1l = ld(params, l), bl = ld(params, m + l), w2l = ld(params, 2 * m + l);
  const rowW1 = <usize>l * P, rowB = <usize>(m + l) * P, rowW2 = <usize>(2 * m + l) * P;
  const vLol = f64x2.splat(lol), vHil = f64x2.splat(hil);
  const vw1l = f64x2.splat(w1l), vbl = f64x2.splat(bl), vw2l = f64x2.splat(w2l), vc2 = f64x2.splat(c2);
  const LLo0 = f64x2.splat(ld(s, oG + 0 * mm + l)), LLo1 = f64x2.splat(ld(s, oG + 1 * mm + l));
  const LLo2 = f64x2.splat(ld(s, oG + 2 * mm + l)), LHi0 = f64x2.splat(ld(s, oG + 3 * mm + l));
  const LHi1 = f64x2.splat(ld(s, oG + 4 * mm + l)), LHi2 = f64x2.splat(ld(s, oG + 5 * mm + l));
  const RLo0 = f64x2.splat(ld(s, oG + 6 * mm + l)), RLo1 = f64x2.splat(ld(s, oG + 7 * mm + l));
  const RLo2 = f64x2.splat(ld(s, oG + 8 * mm + l)), RHi0 = f64x2.splat(ld(s, oG + 9 * mm + l));
  const RHi1 = f64x2.splat(ld(s, oG + 10 * mm + l)), RHi2 = f64x2.splat(ld(s, oG + 11 * mm + l));
  let k = 0;
  for (; k + 1 < m; k += 2) {
    const lok = vld(s, oLo + k), hik = vld(s, oHi + k);
    const gtLo = f64x2.gt(lok, vLol), ltHi = f64x2.lt(hik, vHil);
    const nonempty = f64x2.gt(v128.bitselect(hik, vHil, ltHi), v128.bitselect(lok, vLol, gtLo));
    const a0 = v128.bitselect(vld(s, oG + 0 * mm + k), LLo0, gtLo);
    const a1 = v128.bitselect(vld(s, oG + 1 * mm + k), LLo1, gtLo);
    const a2 = v128.bitselect(vld(s, oG + 2 * mm + k), LLo2, gtLo);
    const h0 = v128.bitselect(vld(s, oG + 3 * mm + k), LHi0, ltHi);
    const h1 = v128.bitselect(vld(s, oG + 4 * mm + k), LHi1, ltHi);
    const h2 = v128.bitselect(vld(s, oG + 5 * mm + k), LHi2, ltHi);
    const r0 = v128.bitselect(vld(s, oG + 6 * mm + k), RLo0, gtLo);
    const r1 = v128.bitselect(vld(s, oG + 7 * mm + k), RLo1, gtLo);
    const r2 = v128.bitselect(vld(s, oG + 8 * mm + k), RLo2, gtLo);
    const q0 = v128.bitselect(vld(s, oG + 9 * mm + k), RHi0, ltHi);
    const q1 = v128.bitselect(vld(s, oG + 10 * mm + k), RHi1, ltHi);
    const q2 = v128.bitselect(vld(s, oG + 11 * mm + k), RHi2, ltHi);
    const useL = f64x2.le(h0, r0);
    const E0 = v128.and(v128.bitselect(f64x2.sub(h0, a0), f64x2.sub(r0, q0), useL), nonempty);
    const E1 = v128.and(v128.bitselect(f64x2.sub(h1, a1), f64x2.sub(r1, q1), useL), nonempty);
    const E2 = v128.and(v128.bitselect(f64x2.sub(h2, a2), f64x2.sub(r2, q2), useL), nonempty);
    const w1k = vld(params, k), bk = vld(params, m + k), w2k = vld(params, 2 * m + k);
    const ww = f64x2.mul(vw2l, w2k);
    const kk = <usize>k, um = <usize>m;
    vst(H, rowW1 + kk, f64x2.mul(f64x2.mul(ww, E2), vc2));
    vst(H, rowW1 + um + kk, f64x2.mul(f64x2.mul(ww, E1), vc2));
    vst(H, rowW1 + 2 * um + kk, f64x2.mul(f64x2.mul(vw2l, f64x2.add(f64x2.mul(w1k, E2), f64x2.mul(bk, E1))), vc2));
    vst(H, rowB + kk, f64x2.mul(f64x2.mul(ww, E1), vc2));
    vst(H, rowB + um + kk, f64x2.mul(f64x2.mul(ww, E0), vc2));
    vst(H, rowB + 2 * um + kk, f64x2.mul(f64x2.mul(vw2l, f64x2.add(f64x2.mul(w1k, E1), f64x2.mul(bk, E0))), vc2));
    vst(H, rowW2 + kk, f64x2.mul(f64x2.mul(w2k, f64x2.add(f64x2.mul(vw1l, E2), f64x2.mul(vbl, E1))), vc2));
    vst(H, rowW2 + um + kk, f64x2.mul(f64x2.mul(w2k, f64x2.add(f64x2.mul(vw1l, E1), f64x2.mul(vbl, E0))), vc2));
    const t2 = f64x2.mul(f64x2.mul(vw1l, w1k), E2);
    const t1 = f64x2.mul(f64x2.add(f64x2.mul(vw1l, bk), f64x2.mul(vbl, w1k)), E1);
    const t0 = f64x2.mul(f64x2.mul(vbl, bk), E0);
    vst(H, rowW2 + 2 * um + kk, f64x2.mul(f64x2.add(f64x2.add(t2, t1), t0), vc2));
  }
  for (; k < m; k++) {
    const lok = ld(s, oLo + k), hik = ld(s, oHi + k);
    const gtLo = lok > lol, ltHi = hik < hil;
    const nonempty = (ltHi ? hik : hil) > (gtLo ? lok : lol);
    let E0: f64 = 0.0, E1: f64 = 0.0, E2: f64 = 0.0;
    if (nonempty) {
      const iLo = gtLo ? k : l, iHi = ltHi ? k : l;
      const useL = ld(s, oG + 3 * mm + iHi) <= ld(s, oG + 6 * mm + iLo);
      if (useL) {
        E0 = ld(s, oG + 3 * mm + iHi) - ld(s, oG + 0 * mm + iLo);
        E1 = ld(s, oG + 4 * mm + iHi) - ld(s, oG + 1 * mm + iLo);
        E2 = ld(s, oG + 5 * mm + iHi) - ld(s, oG + 2 * mm + iLo);
      } else {
        E0 = ld(s, oG + 6 * mm + iLo) - ld(s, oG + 9 * mm + iHi);
        E1 = ld(s, oG + 7 * mm + iLo) - ld(s, oG + 10 * mm + iHi);
        E2 = ld(s, oG + 8 * mm + iLo) - ld(s, oG + 11 * mm + iHi);
      }
    }
    const w1k = ld(params, k), bk = ld(params, m + k), w2k = ld(params, 2 * m + k);
    const ww = w2l * w2k;
    const kk = <usize>k, um = <usize>m;
    store<f64>(H + ((rowW1 + kk) << 3), ww * E2 * c2);
    store<f64>(H + ((rowW1 + um + kk) << 3), ww * E1 * c2);
    store<f64>(H + ((rowW1 + 2 * um + kk) << 3), w2l * (w1k * E2 + bk * E1) * c2);
    store<f64>(H + ((rowB + kk) << 3), ww * E1 * c2);
    store<f64>(H + ((rowB + um + kk) << 3), ww * E0 * c2);
    store<f64>(H + ((rowB + 2 * um + kk) << 3), w2l * (w1k * E1 + bk * E0) * c2);
    store<f64>(H + ((rowW2 + kk) << 3), w2k * (w1l * E2 + bl * E1) * c2);
    store<f64>(H + ((rowW2 + um + kk) << 3), w2k * (w1l * E1 + bl * E0) * c2);
    store<f64>(H + ((rowW2 + 2 * um + kk) << 3), ((w1l * w1k) * E2 + ((w1l * bk) + (bl * w1k)) * E1 + (bl * bk) * E0) * c2);
  }
}
