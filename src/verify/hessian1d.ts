// The exact 1-D Hessian–vector product of the risk, by quadrature: verify's second route to the
// sharpness (the reported one is Lanczos on the closed-form kernel hessianVector1d). Since
// R_n(s) = ∫ p̄ (s − s*)² + const (SPEC §1: s* is p̄'s score), with r = s_θ − s*,
//   ∇²R_n = 2 ∫ p̄ ∂s ∂sᵀ + 2 ∫ p̄ r ∂²s,
// for s = (1/m) Σ_l w2_l relu(a_l), a_l = w1_l y + b_l, h_l = 1[a_l > 0]:
//   ∂s/∂w2_l = h_l a_l/m,  ∂s/∂w1_l = w2_l h_l y/m,  ∂s/∂b_l = w2_l h_l/m,
//   ∂²s/∂w2_l∂w1_l = h_l y/m,  ∂²s/∂w2_l∂b_l = h_l/m,
//   ∂²s/∂(w1_l, b_l)² = (w2_l/m) δ(a_l) (y, 1)(y, 1)ᵀ, and ∫ δ(a_l) f = f(k_l)/|w1_l| at the kink k_l = −b_l/w1_l.
// With u = ∂sᵀv = (1/m) Σ_{l active} (α_l y + β_l), α_l = v2_l w1_l + w2_l v1_l, β_l = v2_l b_l + w2_l vb_l,
// and I_l(f) = ∫_{a_l > 0} p̄ f (prefix sums over the panels, whose edges include every kink):
//   (Hv)_w2_l = (2/m) [w1_l I_l(u y) + b_l I_l(u) + v1_l I_l(r y) + vb_l I_l(r)]
//   (Hv)_w1_l = (2/m) [w2_l I_l(u y) + v2_l I_l(r y)] + K_l (k_l² v1_l + k_l vb_l)
//   (Hv)_b_l  = (2/m) [w2_l I_l(u) + v2_l I_l(r)]   + K_l (k_l v1_l + vb_l),   K_l = 2 p̄(k_l) r(k_l) w2_l/(m |w1_l|).
// O(m + Q) per product after an O(m (Q + m)) setup. Error: the quadrature's (~1e-15 relative).
import { prefixSums } from './quadrature1d.js';
import { kinkOf, pbar1d, sStar1d, sTheta1d, type Net1d, type ScoreGrid1d } from './score1d.js';

export type Params1d = 'all' | 'theory';

/** v ↦ ∇²R_n v. `all`: vectors (w1, b, w2), 3m; `theory`: (w2, b), 2m, w1 held fixed. */
export interface HessianVector1d { size: number; apply(v: Float64Array, out: Float64Array): void }

interface Ranges { start: Int32Array; end: Int32Array; kinkWeight: Float64Array; kink: Float64Array }

/** Active node range [start, end) of each neuron and its kink term K_l. */
function ranges(net: Net1d, g: ScoreGrid1d): Ranges {
  const m = net.m, Q = g.grid.y.length;
  const start = new Int32Array(m), end = new Int32Array(m), kinkWeight = new Float64Array(m), kink = new Float64Array(m);
  for (let l = 0; l < m; l++) {
    const w1 = net.w1[l];
    if (w1 === 0) { start[l] = 0; end[l] = net.b[l] > 0 ? Q : 0; continue; }
    const at = g.grid.boundary[l];
    if (w1 > 0) { start[l] = at; end[l] = Q; } else { start[l] = 0; end[l] = at; }
    const k = kinkOf(net, l);
    kink[l] = k;
    const r = sTheta1d(net, k) - sStar1d(g.x, g.mu, g.sigma, k);
    kinkWeight[l] = (2 * pbar1d(g.x, g.mu, g.sigma, k) * r * net.w2[l]) / (net.m * Math.abs(w1));
  }
  return { start, end, kinkWeight, kink };
}

export function hessianVector1d(net: Net1d, g: ScoreGrid1d, params: Params1d): HessianVector1d {
  const m = net.m, Q = g.grid.y.length, y = g.grid.y;
  const rg = ranges(net, g);
  const cr = prefixSums(Float64Array.from(g.pbarW, (p, q) => p * g.r[q]));
  const cry = prefixSums(Float64Array.from(g.pbarW, (p, q) => p * g.r[q] * y[q]));
  const dA = new Float64Array(Q + 1), dB = new Float64Array(Q + 1), pu = new Float64Array(Q), puy = new Float64Array(Q);
  const cu = new Float64Array(Q + 1), cuy = new Float64Array(Q + 1);
  const full = new Float64Array(3 * m), hv = new Float64Array(3 * m);
  const I = (c: Float64Array, l: number): number => c[rg.end[l]] - c[rg.start[l]];
  return {
    size: params === 'all' ? 3 * m : 2 * m,
    apply(v: Float64Array, out: Float64Array): void {
      if (params === 'all') full.set(v);
      else for (let l = 0; l < m; l++) { full[l] = 0; full[m + l] = v[m + l]; full[2 * m + l] = v[l]; }
      dA.fill(0); dB.fill(0);
      for (let l = 0; l < m; l++) {
        const v1 = full[l], vb = full[m + l], v2 = full[2 * m + l];
        const alpha = v2 * net.w1[l] + net.w2[l] * v1, beta = v2 * net.b[l] + net.w2[l] * vb;
        dA[rg.start[l]] += alpha; dA[rg.end[l]] -= alpha;
        dB[rg.start[l]] += beta; dB[rg.end[l]] -= beta;
      }
      let A = 0, B = 0;
      for (let q = 0; q < Q; q++) {
        A += dA[q]; B += dB[q];
        const u = (A * y[q] + B) / m;
        pu[q] = g.pbarW[q] * u;
        puy[q] = pu[q] * y[q];
      }
      prefixSums(pu, cu);
      prefixSums(puy, cuy);
      for (let l = 0; l < m; l++) {
        const v1 = full[l], vb = full[m + l], v2 = full[2 * m + l], k = rg.kink[l], K = rg.kinkWeight[l];
        const iu = I(cu, l), iuy = I(cuy, l), ir = I(cr, l), iry = I(cry, l);
        hv[l] = (2 / m) * (net.w2[l] * iuy + v2 * iry) + K * (k * k * v1 + k * vb);
        hv[m + l] = (2 / m) * (net.w2[l] * iu + v2 * ir) + K * (k * v1 + vb);
        hv[2 * m + l] = (2 / m) * (net.w1[l] * iuy + net.b[l] * iu + v1 * iry + vb * ir);
      }
      if (params === 'all') out.set(hv);
      else for (let l = 0; l < m; l++) { out[l] = hv[2 * m + l]; out[m + l] = hv[m + l]; }
    },
  };
}
