// Twin of assembly/kernels/hessian1d.ts (there with f64x2 lanes over k; here scalar, the
// same operations per entry, so both give the same bits up to the engines' exp).
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
import { L, coreLayout, prepare, residualSums } from './exact1dCore.js';

/** H (3m × 3m row-major) ← the Hessian of R_n at params. scratch: scratchLength.hessian1d(m, n). */
export function hessian1d(params: Float64Array, m: number, x: Float64Array, n: number,
  mu: number, sigma: number, H: Float64Array, scratch: Float64Array): void {
  const s = scratch;
  coreLayout(m, n);
  prepare(params, m, x, n, mu, sigma, s);
  residualSums(params, m, n, sigma, s);
  const { coreEnd, oD, oHi, oK, oLo, oS0, oS1, oT0, oT1, oT2, oTau } = L;
  const K = s[oK];
  // Cumulative moments at positions 0..K+1: L_j[p] = Σ_{I<p} T_j(I), R_j[p] = Σ_{I>=p} T_j(I).
  const mp = m + 2 + (m & 1);
  const oL = coreEnd, oR = coreEnd + 3 * mp;
  for (let j = 0; j < 3; j++) {
    const oTj = j === 0 ? oT0 : (j === 1 ? oT1 : oT2);
    let acc = 0.0;
    for (let p = 0; p <= K + 1; p++) {
      s[oL + j * mp + p] = acc;
      if (p <= K) acc += s[oTj + p];
    }
    acc = 0.0;
    for (let p = K + 1; p >= 0; p--) {
      if (p <= K) acc += s[oTj + p];
      s[oR + j * mp + p] = acc;
    }
  }
  // Per neuron, the cumulative moments at its lo and hi: 12 arrays of m (gathered once).
  const mm = m + (m & 1);
  const oG = oR + 3 * mp; // [LLo_j | LHi_j | RLo_j | RHi_j], j = 0..2, each mm
  for (let l = 0; l < m; l++) {
    const lo = s[oLo + l], hi = s[oHi + l];
    for (let j = 0; j < 3; j++) {
      s[oG + (0 + j) * mm + l] = s[oL + j * mp + lo];
      s[oG + (3 + j) * mm + l] = s[oL + j * mp + hi];
      s[oG + (6 + j) * mm + l] = s[oR + j * mp + lo];
      s[oG + (9 + j) * mm + l] = s[oR + j * mp + hi];
    }
  }
  const c2 = 2.0 / (n * m * m);
  const P = 3 * m;
  for (let l = 0; l < m; l++) {
    const lol = s[oLo + l], hil = s[oHi + l];
    const w1l = params[l], bl = params[m + l], w2l = params[2 * m + l];
    const rowW1 = l * P, rowB = (m + l) * P, rowW2 = (2 * m + l) * P;
    for (let k = 0; k < m; k++) {
      const lok = s[oLo + k], hik = s[oHi + k];
      const gtLo = lok > lol, ltHi = hik < hil;
      const nonempty = (ltHi ? hik : hil) > (gtLo ? lok : lol);
      let E0 = 0.0, E1 = 0.0, E2 = 0.0;
      if (nonempty) {
        const iLo = gtLo ? k : l, iHi = ltHi ? k : l;
        const useL = s[oG + 3 * mm + iHi] <= s[oG + 6 * mm + iLo];
        if (useL) {
          E0 = s[oG + 3 * mm + iHi] - s[oG + 0 * mm + iLo];
          E1 = s[oG + 4 * mm + iHi] - s[oG + 1 * mm + iLo];
          E2 = s[oG + 5 * mm + iHi] - s[oG + 2 * mm + iLo];
        } else {
          E0 = s[oG + 6 * mm + iLo] - s[oG + 9 * mm + iHi];
          E1 = s[oG + 7 * mm + iLo] - s[oG + 10 * mm + iHi];
          E2 = s[oG + 8 * mm + iLo] - s[oG + 11 * mm + iHi];
        }
      }
      const w1k = params[k], bk = params[m + k], w2k = params[2 * m + k];
      const ww = w2l * w2k;
      H[rowW1 + k] = ww * E2 * c2;
      H[rowW1 + m + k] = ww * E1 * c2;
      H[rowW1 + 2 * m + k] = w2l * (w1k * E2 + bk * E1) * c2;
      H[rowB + k] = ww * E1 * c2;
      H[rowB + m + k] = ww * E0 * c2;
      H[rowB + 2 * m + k] = w2l * (w1k * E1 + bk * E0) * c2;
      H[rowW2 + k] = w2k * (w1l * E2 + bl * E1) * c2;
      H[rowW2 + m + k] = w2k * (w1l * E1 + bl * E0) * c2;
      H[rowW2 + 2 * m + k] = ((w1l * w1k) * E2 + ((w1l * bk) + (bl * w1k)) * E1 + (bl * bk) * E0) * c2;
    }
  }
  // Residual and kink parts: per neuron, on its own (w1, b, w2) entries.
  const c1 = 2.0 / (n * m);
  for (let l = 0; l < m; l++) {
    const r0 = c1 * s[oS0 + l], r1 = c1 * s[oS1 + l];
    const D = s[oD + l], tau = s[oTau + l];
    const iW1 = l, iB = m + l, iW2 = 2 * m + l;
    H[iW2 * P + iB] += r0; H[iB * P + iW2] += r0;
    H[iW2 * P + iW1] += r1; H[iW1 * P + iW2] += r1;
    if (D !== 0) {
      const Dt = D * tau;
      H[iB * P + iB] += D;
      H[iB * P + iW1] += Dt; H[iW1 * P + iB] += Dt;
      H[iW1 * P + iW1] += Dt * tau;
    }
  }
}
