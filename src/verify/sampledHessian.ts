// The Hessian of a sampled denoising loss L̂(θ) = Σ_k ω_k ||net(U_k) − T_k||² (rows k with
// weights ω_k summing to 1), without kink terms (ReLU'' = 0: the activation pattern frozen at θ,
// SPEC §1 estimator `sampled`), by plain loops — verify's own R-op. With a_l = w1_l·u + b_l,
// h_l = 1[a_l > 0], e = net(u) − T and ṅ = ∂net·v (the directional derivative):
//   ṅ_c = (1/m) Σ_l h_l [v2_lc a_l + w2_lc (v1_l·u + vb_l)]
//   ∇²L̂ v = Σ_k ω_k 2 [J_kᵀ ṅ_k + Σ_c e_kc ∂²net_c v], per neuron l (active in row k):
//     w2_lc: (2/m) ω h_l [a_l ṅ_c + e_c (v1_l·u + vb_l)]
//     w1_l:  (2/m) ω h_l g_l u,   b_l: (2/m) ω h_l g_l,   g_l = Σ_c (w2_lc ṅ_c + e_c v2_lc).
// The row's quadratic form q_k(v) = vᵀ∇²(||net(U_k) − T_k||²)v = 2 [|ṅ|² + (2/m) Σ_l h_l (e·v2_l)(v1_l·u + vb_l)]
// gives the sampling spread of vᵀ∇²L̂v. Parameter order: the contract's [w1 (dIn × m, input-major)
// | b (m) | w2 (dOut × m, output-major)], as the reported Hessians.
import type { NetNd } from './scoreNd.js';
import { forwardNd } from './scoreNd.js';

export interface LossRows { N: number; dIn: number; dOut: number; U: Float64Array; T: Float64Array; weight: Float64Array }

export interface SampledHessian {
  size: number;
  apply(v: Float64Array, out: Float64Array): void;
  /** q_k(v) for every row. */
  rowForms(v: Float64Array): Float64Array;
}

export function sampledHessian(net: NetNd, rows: LossRows): SampledHessian {
  const { dIn, m, dOut } = net, N = rows.N, size = m * (dIn + 1 + dOut);
  const pre = new Float64Array(N * m), err = new Float64Array(N * dOut), out = new Float64Array(dOut);
  for (let k = 0; k < N; k++) {
    for (let l = 0; l < m; l++) {
      let a = net.b[l];
      for (let j = 0; j < dIn; j++) a += net.w1[l * dIn + j] * rows.U[k * dIn + j];
      pre[k * m + l] = a;
    }
    forwardNd(net, rows.U, k * dIn, out);
    for (let c = 0; c < dOut; c++) err[k * dOut + c] = out[c] - rows.T[k * dOut + c];
  }
  const nd = new Float64Array(dOut);
  /** ṅ of row k into nd; returns nothing. */
  const directional = (v: Float64Array, k: number): void => {
    nd.fill(0);
    for (let l = 0; l < m; l++) {
      const a = pre[k * m + l];
      if (a <= 0) continue;
      let dv = v[dIn * m + l];
      for (let j = 0; j < dIn; j++) dv += v[j * m + l] * rows.U[k * dIn + j];
      for (let c = 0; c < dOut; c++) nd[c] += v[(dIn + 1 + c) * m + l] * a + net.w2[l * dOut + c] * dv;
    }
    for (let c = 0; c < dOut; c++) nd[c] /= m;
  };
  return {
    size,
    apply(v: Float64Array, hv: Float64Array): void {
      hv.fill(0);
      for (let k = 0; k < N; k++) {
        directional(v, k);
        const f = (2 / m) * rows.weight[k];
        for (let l = 0; l < m; l++) {
          const a = pre[k * m + l];
          if (a <= 0) continue;
          let dv = v[dIn * m + l], gl = 0;
          for (let j = 0; j < dIn; j++) dv += v[j * m + l] * rows.U[k * dIn + j];
          for (let c = 0; c < dOut; c++) {
            const e = err[k * dOut + c];
            gl += net.w2[l * dOut + c] * nd[c] + e * v[(dIn + 1 + c) * m + l];
            hv[(dIn + 1 + c) * m + l] += f * (a * nd[c] + e * dv);
          }
          for (let j = 0; j < dIn; j++) hv[j * m + l] += f * gl * rows.U[k * dIn + j];
          hv[dIn * m + l] += f * gl;
        }
      }
    },
    rowForms(v: Float64Array): Float64Array {
      const q = new Float64Array(N);
      for (let k = 0; k < N; k++) {
        directional(v, k);
        let s = 0, curv = 0;
        for (let c = 0; c < dOut; c++) s += nd[c] * nd[c];
        for (let l = 0; l < m; l++) {
          if (pre[k * m + l] <= 0) continue;
          let dv = v[dIn * m + l], ev = 0;
          for (let j = 0; j < dIn; j++) dv += v[j * m + l] * rows.U[k * dIn + j];
          for (let c = 0; c < dOut; c++) ev += err[k * dOut + c] * v[(dIn + 1 + c) * m + l];
          curv += ev * dv;
        }
        q[k] = 2 * (s + (2 / m) * curv);
      }
      return q;
    },
  };
}
