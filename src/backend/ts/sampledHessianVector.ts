// Twin of assembly/kernels/sampledHessianVector.ts: the Hessian–vector product of the sampled
// denoising loss L(θ) = (1/N) Σ_k ||net_θ(U_k) − T_k||² without kink terms (formulas in the
// kernel's header):
//   Hv_w2[j,l] += c (g_j h_l + f_j dh_l),  e_l = a_l c Σ_j (w2_jl g_j + v_w2_jl f_j),
//   Hv_b[l] += e_l,  Hv_w1[k,l] += u_k e_l,  c = 2/(N m),
// with the kernel's per-neuron operations and its lane order in the sums over neurons
// (even-l and odd-l partial sums, combined as (even + odd) + tail for an odd m): bit-identical.
// The kernel updates rows in pairs, adding row A's terms then row B's to each element — the
// same sequence of additions as this row-by-row loop.

/** Hv (m(dIn+1+dOut)) ← ∇²L v without kink terms. U: N × dIn, T: N × dOut row-major.
 *  scratch: scratchLength.sampledHessianVector(dIn, m, dOut). */
export function sampledHessianVector(params: Float64Array, dIn: number, m: number, dOut: number, U: Float64Array,
  T: Float64Array, N: number, v: Float64Array, Hv: Float64Array, scratch: Float64Array): void {
  const mE = m + (m & 1), dE = dOut + (dOut & 1);
  const H = scratch.subarray(0, mE), DH = scratch.subarray(mE, 2 * mE);
  const F = scratch.subarray(2 * mE, 2 * mE + dE), G = scratch.subarray(2 * mE + dE, 2 * mE + 2 * dE);
  const P = m * (dIn + 1 + dOut);
  Hv.fill(0, 0, P);
  const bOff = dIn * m, w2Off = (dIn + 1) * m;
  const m2 = m & ~1;
  const c = 2.0 / (N * m);
  for (let row = 0; row < N; row++) {
    const y = row * dIn, t = row * dOut;
    // 1. s, ds → h, dh
    for (let l = 0; l < m; l++) {
      let u = params[bOff + l], du = v[bOff + l];
      for (let k = 0; k < dIn; k++) {
        const yk = U[y + k];
        u = u + params[k * m + l] * yk;
        du = du + v[k * m + l] * yk;
      }
      const a = u > 0;
      H[l] = a ? u : 0;
      DH[l] = a ? du : 0;
    }
    // 2. f_j, g_j: lane sums (even l, odd l), then (even + odd) + tail
    for (let j = 0; j < dOut; j++) {
      const jo = w2Off + j * m;
      let s0 = 0, s1 = 0, g0 = 0, g1 = 0;
      for (let l = 0; l < m2; l += 2) {
        const w0 = params[jo + l], w1 = params[jo + l + 1];
        s0 = s0 + w0 * H[l];
        s1 = s1 + w1 * H[l + 1];
        g0 = g0 + v[jo + l] * H[l];
        g1 = g1 + v[jo + l + 1] * H[l + 1];
        g0 = g0 + w0 * DH[l];
        g1 = g1 + w1 * DH[l + 1];
      }
      let ts = 0, tg = 0;
      if (m2 < m) {
        const h = H[m2], w = params[jo + m2];
        ts = ts + w * h;
        tg = tg + v[jo + m2] * h;
        tg = tg + w * DH[m2];
      }
      F[j] = ((s0 + s1) + ts) / m - T[t + j];
      G[j] = ((g0 + g1) + tg) / m;
    }
    // 3. Hv_w2, e, Hv_b, Hv_w1
    for (let l = 0; l < m; l++) {
      const h = H[l], dh = DH[l];
      let e = 0;
      for (let j = 0; j < dOut; j++) {
        const jo = w2Off + j * m + l;
        const fj = F[j], gj = G[j];
        let hv = Hv[jo];
        hv = hv + (c * gj) * h;
        hv = hv + (c * fj) * dh;
        Hv[jo] = hv;
        e = e + params[jo] * gj;
        e = e + v[jo] * fj;
      }
      e = h > 0 ? e * c : 0;
      Hv[bOff + l] = Hv[bOff + l] + e;
      for (let k = 0; k < dIn; k++) Hv[k * m + l] = Hv[k * m + l] + U[y + k] * e;
    }
  }
}
