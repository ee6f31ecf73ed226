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
  // per row: its active neurons (a_l > 0), their pre-activations, and the residual e
  const start = new Int32Array(N + 1), err = new Float64Array(N * dOut), out = new Float64Array(dOut);
  const activeList: number[] = [], preList: number[] = [];
  for (let k = 0; k < N; k++) {
    for (let l = 0; l < m; l++) {
      let a = net.b[l];
      for (let j = 0; j < dIn; j++) a += net.w1[l * dIn + j] * rows.U[k * dIn + j];
      if (a > 0) { activeList.push(l); preList.push(a); }
    }
    start[k + 1] = activeList.length;
    forwardNd(net, rows.U, k * dIn, out);
    for (let c = 0; c < dOut; c++) err[k * dOut + c] = out[c] - rows.T[k * dOut + c];
  }
  const active = Int32Array.from(activeList), pre = Float64Array.from(preList);
  // v and Hv in neuron-major order (w1_l, b_l, w2_l contiguous per neuron), and per-neuron v1·u + vb
  const W = dIn + 1 + dOut, vn = new Float64Array(m * W), hn = new Float64Array(m * W), dv = new Float64Array(active.length);
  const nd = new Float64Array(dOut);
  const toNeuron = (v: Float64Array): void => {
    for (let l = 0; l < m; l++) {
      for (let j = 0; j < dIn; j++) vn[l * W + j] = v[j * m + l];
      vn[l * W + dIn] = v[dIn * m + l];
      for (let c = 0; c < dOut; c++) vn[l * W + dIn + 1 + c] = v[(dIn + 1 + c) * m + l];
    }
  };
  const U = rows.U, w2 = net.w2;
  /** ṅ of row k into nd, and dv[q] = v1_l·u + vb_l for its active neurons. */
  const directional = (k: number): void => {
    nd.fill(0);
    const uk = k * dIn;
    for (let q = start[k]; q < start[k + 1]; q++) {
      const l = active[q], a = pre[q], o = l * W, ow = l * dOut, ov = o + dIn + 1;
      let d = vn[o + dIn];
      for (let j = 0; j < dIn; j++) d += vn[o + j] * U[uk + j];
      dv[q] = d;
      for (let c = 0; c < dOut; c++) nd[c] += vn[ov + c] * a + w2[ow + c] * d;
    }
    for (let c = 0; c < dOut; c++) nd[c] /= m;
  };
  return {
    size,
    apply(v: Float64Array, hv: Float64Array): void {
      toNeuron(v);
      hn.fill(0);
      for (let k = 0; k < N; k++) {
        directional(k);
        const f = (2 / m) * rows.weight[k], uk = k * dIn, ek = k * dOut;
        for (let q = start[k]; q < start[k + 1]; q++) {
          const l = active[q], fa = f * pre[q], o = l * W, ow = l * dOut, ov = o + dIn + 1, fd = f * dv[q];
          let gl = 0;
          for (let c = 0; c < dOut; c++) {
            const e = err[ek + c];
            gl += w2[ow + c] * nd[c] + e * vn[ov + c];
            hn[ov + c] += fa * nd[c] + fd * e;
          }
          const fg = f * gl;
          for (let j = 0; j < dIn; j++) hn[o + j] += fg * U[uk + j];
          hn[o + dIn] += fg;
        }
      }
      for (let l = 0; l < m; l++) {
        for (let j = 0; j < dIn; j++) hv[j * m + l] = hn[l * W + j];
        hv[dIn * m + l] = hn[l * W + dIn];
        for (let c = 0; c < dOut; c++) hv[(dIn + 1 + c) * m + l] = hn[l * W + dIn + 1 + c];
      }
    },
    rowForms(v: Float64Array): Float64Array {
      toNeuron(v);
      const qf = new Float64Array(N);
      for (let k = 0; k < N; k++) {
        directional(k);
        let s = 0, curv = 0;
        for (let c = 0; c < dOut; c++) s += nd[c] * nd[c];
        for (let q = start[k]; q < start[k + 1]; q++) {
          const o = active[q] * W;
          let ev = 0;
          for (let c = 0; c < dOut; c++) ev += err[k * dOut + c] * vn[o + dIn + 1 + c];
          curv += ev * dv[q];
        }
        qf[k] = 2 * (s + (2 / m) * curv);
      }
      return qf;
    },
  };
}
