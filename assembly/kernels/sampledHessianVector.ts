// Hessian–vector product of a denoising loss on a FIXED sample, without kink terms (SPEC §1
// "Sharpness", estimator `sampled`): what autograd's exact R-op gives for a ReLU network, since
// ReLU'' = 0 almost everywhere. Twin: src/backend/ts/sampledHessianVector.ts (same operations per
// neuron and the same lane order in the sums: bit-identical).
//
// Loss, inputs U_k (N × dIn) and targets T_k (N × dOut), net dIn → dOut:
//   L(θ) = (1/N) Σ_k ||f_k||²,   f_k = net_θ(U_k) − T_k
// (score model: U = mu x_i + sigma Z, T = −Z/sigma; diffusion model: U = (t, mu(t) x_i +
// sigma(t) Z), T = Z — src/analysis/denoisingLoss.ts builds both).
// Per row u and neuron l, with a_l = 1{s_l > 0} held fixed (the kink terms dropped):
//   s_l = w1_l·u + b_l,  h_l = a_l s_l,  net_j = (1/m) Σ_l w2_jl h_l
//   ds_l = v_w1_l·u + v_b_l,  dh_l = a_l ds_l
//   g_j = (J v)_j = (1/m) Σ_l (v_w2_jl h_l + w2_jl dh_l)                 (forward mode)
// Hv = (2/N) Σ_k [ J_kᵀ (J_k v) + Σ_j f_kj ∇²net_j(U_k) v ], where ∇²net_j couples only
// w2_jl with (w1_l, b_l): ∂²net_j/∂w2_jl∂w1_kl = (1/m) a_l u_k, ∂²net_j/∂w2_jl∂b_l = (1/m) a_l.
// Written out, with c = 2/(N m):
//   Hv_w2[j,l] += c (g_j h_l + f_j dh_l)
//   e_l = a_l c Σ_j (w2_jl g_j + v_w2_jl f_j)
//   Hv_b[l] += e_l,   Hv_w1[k,l] += u_k e_l
// (GN part: g_j h_l and w2_jl g_j; residual part: f_j dh_l and v_w2_jl f_j.)
// Cost per row ≈ (4 dIn + 6 dOut) m multiply-adds. ReLU'(0) = 0 as in reluNet.ts.
//
// Lanes: neurons in pairs (l, l+1) as f64x2; an odd m leaves one scalar neuron. The sums over
// l (net_j, g_j) keep one f64x2 accumulator and return (lane 0 + lane 1) + tail. Rows go in
// pairs (A, B) through the update (step 3), so every parameter and Hv element is loaded once
// per pair; each element still receives row A's terms, then row B's, in the order of the
// row-by-row twin. Scratch (scratchLength.sampledHessianVector(dIn, m, dOut)): per row of the
// pair h, dh (even(m) each), then per row f, g (even(dOut) each).

/** Hv (P = m(dIn+1+dOut)) ← ∇²L v without kink terms. U: N × dIn, T: N × dOut row-major;
 *  v, Hv: P (Hv overwritten). */
export function sampledHessianVector(params: usize, dIn: i32, m: i32, dOut: i32, U: usize, T: usize, N: i32,
  v: usize, Hv: usize, scratch: usize): void {
  const mE = <usize>(m + (m & 1)) << 3;
  const dE = <usize>(dOut + (dOut & 1)) << 3;
  const HA = scratch, DHA = HA + mE, HB = DHA + mE, DHB = HB + mE;
  const FA = DHB + mE, GA = FA + dE, FB = GA + dE, GB = FB + dE;
  const P = <usize>m * <usize>(dIn + 1 + dOut);
  memory.fill(Hv, 0, P << 3);
  const c = 2.0 / (<f64>N * <f64>m);
  const inBytes = <usize>dIn << 3, outBytes = <usize>dOut << 3;
  let row = 0;
  for (; row + 1 < N; row += 2) {
    const yA = U + <usize>row * inBytes, yB = yA + inBytes;
    const rA = T + <usize>row * outBytes, rB = rA + outBytes;
    forwardRow(params, v, dIn, m, dOut, yA, rA, HA, DHA, FA, GA);
    forwardRow(params, v, dIn, m, dOut, yB, rB, HB, DHB, FB, GB);
    updatePair(params, v, dIn, m, dOut, c, Hv, yA, HA, DHA, FA, GA, yB, HB, DHB, FB, GB);
  }
  if (row < N) {
    const yA = U + <usize>row * inBytes, rA = T + <usize>row * outBytes;
    forwardRow(params, v, dIn, m, dOut, yA, rA, HA, DHA, FA, GA);
    updateOne(params, v, dIn, m, dOut, c, Hv, yA, HA, DHA, FA, GA);
  }
}

/** Steps 1–2 for one row: H ← h, DH ← dh (per neuron); F ← f = net − t, G ← g = J v (per output). */
function forwardRow(params: usize, v: usize, dIn: i32, m: i32, dOut: i32, y: usize, t: usize, H: usize, DH: usize, F: usize, G: usize): void {
  const mm = <usize>m;
  const bOff = (<usize>dIn * mm) << 3, w2Off = (<usize>(dIn + 1) * mm) << 3;
  const m2 = m & ~1;
  const mF = <f64>m;
  const zero = f64x2.splat(0.0);
  for (let l = 0; l < m2; l += 2) {
    const o = <usize>l << 3;
    let u = v128.load(params + bOff + o), du = v128.load(v + bOff + o);
    for (let k = 0; k < dIn; k++) {
      const yk = f64x2.splat(load<f64>(y + (<usize>k << 3)));
      const ko = ((<usize>k * mm) << 3) + o;
      u = f64x2.add(u, f64x2.mul(v128.load(params + ko), yk));
      du = f64x2.add(du, f64x2.mul(v128.load(v + ko), yk));
    }
    const a = f64x2.gt(u, zero);
    v128.store(H + o, v128.and(u, a));
    v128.store(DH + o, v128.and(du, a));
  }
  if (m2 < m) {
    const o = <usize>m2 << 3;
    let u = load<f64>(params + bOff + o), du = load<f64>(v + bOff + o);
    for (let k = 0; k < dIn; k++) {
      const yk = load<f64>(y + (<usize>k << 3));
      const ko = ((<usize>k * mm) << 3) + o;
      u = u + load<f64>(params + ko) * yk;
      du = du + load<f64>(v + ko) * yk;
    }
    const a = u > 0.0;
    store<f64>(H + o, a ? u : 0.0);
    store<f64>(DH + o, a ? du : 0.0);
  }
  for (let j = 0; j < dOut; j++) {
    const jo = w2Off + ((<usize>j * mm) << 3);
    let as = zero, ag = zero;
    for (let l = 0; l < m2; l += 2) {
      const o = <usize>l << 3;
      const h = v128.load(H + o), w = v128.load(params + jo + o);
      as = f64x2.add(as, f64x2.mul(w, h));
      ag = f64x2.add(ag, f64x2.mul(v128.load(v + jo + o), h));
      ag = f64x2.add(ag, f64x2.mul(w, v128.load(DH + o)));
    }
    let ts: f64 = 0.0, tg: f64 = 0.0;
    if (m2 < m) {
      const o = <usize>m2 << 3;
      const h = load<f64>(H + o), w = load<f64>(params + jo + o);
      ts = ts + w * h;
      tg = tg + load<f64>(v + jo + o) * h;
      tg = tg + w * load<f64>(DH + o);
    }
    const sj = ((f64x2.extract_lane(as, 0) + f64x2.extract_lane(as, 1)) + ts) / mF;
    const gj = ((f64x2.extract_lane(ag, 0) + f64x2.extract_lane(ag, 1)) + tg) / mF;
    store<f64>(F + (<usize>j << 3), sj - load<f64>(t + (<usize>j << 3)));
    store<f64>(G + (<usize>j << 3), gj);
  }
}

/** Step 3 for rows A then B: Hv_w2 += c (g h + f dh); e = a c Σ_j (w2 g + v_w2 f);
 *  Hv_b += e; Hv_w1[k] += u_k e — row A's terms first, then row B's, per element. */
function updatePair(params: usize, v: usize, dIn: i32, m: i32, dOut: i32, c: f64, Hv: usize,
  yA: usize, HA: usize, DHA: usize, FA: usize, GA: usize,
  yB: usize, HB: usize, DHB: usize, FB: usize, GB: usize): void {
  const mm = <usize>m;
  const bOff = (<usize>dIn * mm) << 3, w2Off = (<usize>(dIn + 1) * mm) << 3;
  const m2 = m & ~1;
  const zero = f64x2.splat(0.0), vc = f64x2.splat(c);
  for (let l = 0; l < m2; l += 2) {
    const o = <usize>l << 3;
    const hA = v128.load(HA + o), dhA = v128.load(DHA + o), hB = v128.load(HB + o), dhB = v128.load(DHB + o);
    let tA = zero, tB = zero;
    for (let j = 0; j < dOut; j++) {
      const jo = w2Off + ((<usize>j * mm) << 3) + o, jb = <usize>j << 3;
      const fA = load<f64>(FA + jb), gA = load<f64>(GA + jb), fB = load<f64>(FB + jb), gB = load<f64>(GB + jb);
      const w = v128.load(params + jo), vw = v128.load(v + jo);
      let hv = v128.load(Hv + jo);
      hv = f64x2.add(hv, f64x2.mul(f64x2.splat(c * gA), hA));
      hv = f64x2.add(hv, f64x2.mul(f64x2.splat(c * fA), dhA));
      hv = f64x2.add(hv, f64x2.mul(f64x2.splat(c * gB), hB));
      hv = f64x2.add(hv, f64x2.mul(f64x2.splat(c * fB), dhB));
      v128.store(Hv + jo, hv);
      tA = f64x2.add(tA, f64x2.mul(w, f64x2.splat(gA)));
      tA = f64x2.add(tA, f64x2.mul(vw, f64x2.splat(fA)));
      tB = f64x2.add(tB, f64x2.mul(w, f64x2.splat(gB)));
      tB = f64x2.add(tB, f64x2.mul(vw, f64x2.splat(fB)));
    }
    const eA = v128.and(f64x2.mul(tA, vc), f64x2.gt(hA, zero));
    const eB = v128.and(f64x2.mul(tB, vc), f64x2.gt(hB, zero));
    v128.store(Hv + bOff + o, f64x2.add(f64x2.add(v128.load(Hv + bOff + o), eA), eB));
    for (let k = 0; k < dIn; k++) {
      const ko = ((<usize>k * mm) << 3) + o, kb = <usize>k << 3;
      let hv = f64x2.add(v128.load(Hv + ko), f64x2.mul(f64x2.splat(load<f64>(yA + kb)), eA));
      hv = f64x2.add(hv, f64x2.mul(f64x2.splat(load<f64>(yB + kb)), eB));
      v128.store(Hv + ko, hv);
    }
  }
  if (m2 < m) {
    tailNeuron(params, v, dIn, m, dOut, c, Hv, yA, HA, DHA, FA, GA);
    tailNeuron(params, v, dIn, m, dOut, c, Hv, yB, HB, DHB, FB, GB);
  }
}

/** Step 3 for a single row (the last one when N is odd). */
function updateOne(params: usize, v: usize, dIn: i32, m: i32, dOut: i32, c: f64, Hv: usize,
  y: usize, H: usize, DH: usize, F: usize, G: usize): void {
  const mm = <usize>m;
  const bOff = (<usize>dIn * mm) << 3, w2Off = (<usize>(dIn + 1) * mm) << 3;
  const m2 = m & ~1;
  const zero = f64x2.splat(0.0), vc = f64x2.splat(c);
  for (let l = 0; l < m2; l += 2) {
    const o = <usize>l << 3;
    const h = v128.load(H + o), dh = v128.load(DH + o);
    let t = zero;
    for (let j = 0; j < dOut; j++) {
      const jo = w2Off + ((<usize>j * mm) << 3) + o, jb = <usize>j << 3;
      const fj = load<f64>(F + jb), gj = load<f64>(G + jb);
      let hv = v128.load(Hv + jo);
      hv = f64x2.add(hv, f64x2.mul(f64x2.splat(c * gj), h));
      hv = f64x2.add(hv, f64x2.mul(f64x2.splat(c * fj), dh));
      v128.store(Hv + jo, hv);
      t = f64x2.add(t, f64x2.mul(v128.load(params + jo), f64x2.splat(gj)));
      t = f64x2.add(t, f64x2.mul(v128.load(v + jo), f64x2.splat(fj)));
    }
    const e = v128.and(f64x2.mul(t, vc), f64x2.gt(h, zero));
    v128.store(Hv + bOff + o, f64x2.add(v128.load(Hv + bOff + o), e));
    for (let k = 0; k < dIn; k++) {
      const ko = ((<usize>k * mm) << 3) + o;
      v128.store(Hv + ko, f64x2.add(v128.load(Hv + ko), f64x2.mul(f64x2.splat(load<f64>(y + (<usize>k << 3))), e)));
    }
  }
  if (m2 < m) tailNeuron(params, v, dIn, m, dOut, c, Hv, y, H, DH, F, G);
}

/** Step 3 for the last neuron of an odd m, one row (scalar). */
function tailNeuron(params: usize, v: usize, dIn: i32, m: i32, dOut: i32, c: f64, Hv: usize,
  y: usize, H: usize, DH: usize, F: usize, G: usize): void {
  const mm = <usize>m;
  const bOff = (<usize>dIn * mm) << 3, w2Off = (<usize>(dIn + 1) * mm) << 3;
  const o = <usize>(m - 1) << 3;
  const h = load<f64>(H + o), dh = load<f64>(DH + o);
  let t: f64 = 0.0;
  for (let j = 0; j < dOut; j++) {
    const jo = w2Off + ((<usize>j * mm) << 3) + o;
    const fj = load<f64>(F + (<usize>j << 3)), gj = load<f64>(G + (<usize>j << 3));
    let hv = load<f64>(Hv + jo);
    hv = hv + (c * gj) * h;
    hv = hv + (c * fj) * dh;
    store<f64>(Hv + jo, hv);
    t = t + load<f64>(params + jo) * gj;
    t = t + load<f64>(v + jo) * fj;
  }
  const e = h > 0.0 ? t * c : 0.0;
  store<f64>(Hv + bOff + o, load<f64>(Hv + bOff + o) + e);
  for (let k = 0; k < dIn; k++) {
    const ko = ((<usize>k * mm) << 3) + o;
    store<f64>(Hv + ko, load<f64>(Hv + ko) + load<f64>(y + (<usize>k << 3)) * e);
  }
}
