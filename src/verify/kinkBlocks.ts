// The kink part of a denoising loss's Hessian (SPEC §1 estimator `withKinks`), by verify's own
// Monte Carlo. The second derivative of relu(a_l) in (w1_l, b_l) is δ(a_l) ũũᵀ (ũ = (u, 1)), so
//   K_l = (2/m) Σ_c π_c E_z[(w2_l·e) δ(a_l) ũũᵀ],  e = net(u) − T.
// With g the non-prefix part of w1_l and α_c = b_l + w1_l^pre·prefix_c + g·center_c,
// a_l = α_c + scale_c g·z, so δ(a_l) weighs component c by ρ_c = φ(α_c/s_c)/s_c (s_c = scale_c ||g||)
// and puts z on the hyperplane ĝ·z = −α_c/s_c: z = ξ − ĝ(ĝ·ξ) − ĝ α_c/s_c, ξ ~ N(0, I_d).
// Importance sampling: D draws per neuron, component c with probability q_c/Z (q_c = π_c ρ_c,
// Z = Σ q_c exact), then the hyperplane point: K_l ≈ (2/m)(Z/D) Σ_j f_j ũ_j ũ_jᵀ, f_j = w2_l·e_j.
// Unbiased; its spread at a direction v, Σ_l Var_j[(2/m) Z f_j (ũ_j·ṽ_l)²]/D, is returned by
// quadForms. A neuron with g = 0 has no kink in z (K_l = 0). (The reported estimator stratifies
// the components instead; both estimate the same K_l.)
import { pointAt, type Mixture } from './mixture.js';
import { Sfc32 } from './rng.js';
import { forwardNd, type NetNd } from './scoreNd.js';

export interface KinkDraws {
  /** Per neuron l and draw j: the factor (2/m) Z_l f_j and ũ_j (dIn + 1 values, b last). */
  D: number;
  factor: Float64Array;
  tilde: Float64Array;
}

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

export function kinkDraws(net: NetNd, mix: Mixture, D: number, seed: number): KinkDraws {
  const { dIn, m, dOut } = net, d = mix.d, pre = mix.pre, C = mix.count, e = dIn + 1;
  const rng = new Sfc32(seed);
  const out: KinkDraws = { D, factor: new Float64Array(m * D), tilde: new Float64Array(m * D * e) };
  const q = new Float64Array(C), alpha = new Float64Array(C), xi = new Float64Array(d), z = new Float64Array(d);
  const u = new Float64Array(dIn), T = new Float64Array(d), y = new Float64Array(dOut);
  for (let l = 0; l < m; l++) {
    let ny2 = 0;
    for (let a = 0; a < d; a++) ny2 += net.w1[l * dIn + pre + a] ** 2;
    if (ny2 === 0) continue;
    const ny = Math.sqrt(ny2);
    let Z = 0;
    for (let c = 0; c < C; c++) {
      let al = net.b[l];
      for (let a = 0; a < pre; a++) al += net.w1[l * dIn + a] * mix.prefix[c * pre + a];
      for (let a = 0; a < d; a++) al += net.w1[l * dIn + pre + a] * mix.center[c * d + a];
      const s = mix.scale[c] * ny, t = al / s;
      alpha[c] = al;
      q[c] = mix.weight[c] * INV_SQRT_2PI * Math.exp(-0.5 * t * t) / s;
      Z += q[c];
    }
    if (!(Z > 0)) continue;
    for (let j = 0; j < D; j++) {
      const c = pick(q, Z * rng.uniform());
      const s = mix.scale[c] * ny;
      let proj = 0;
      for (let a = 0; a < d; a++) { xi[a] = rng.normal(); proj += (net.w1[l * dIn + pre + a] / ny) * xi[a]; }
      for (let a = 0; a < d; a++) { const ga = net.w1[l * dIn + pre + a] / ny; z[a] = xi[a] - ga * proj - ga * (alpha[c] / s); }
      pointAt(mix, c, z, u, T);
      forwardNd(net, u, 0, y);
      let f = 0;
      for (let o = 0; o < dOut; o++) f += net.w2[l * dOut + o] * (y[o] - T[o]);
      out.factor[l * D + j] = (2 / m) * Z * f;
      const base = (l * D + j) * e;
      for (let a = 0; a < dIn; a++) out.tilde[base + a] = u[a];
      out.tilde[base + dIn] = 1;
    }
  }
  return out;
}

/** Smallest c with Σ_{c' <= c} q_c' > target. */
function pick(q: Float64Array, target: number): number {
  let s = 0;
  for (let c = 0; c < q.length; c++) { s += q[c]; if (s > target) return c; }
  return q.length - 1;
}

/** ũ·ṽ_l for neuron l, draw j (ṽ_l = (v1_l, vb_l) in the contract layout). */
function along(k: KinkDraws, v: Float64Array, dIn: number, m: number, l: number, j: number): number {
  const base = (l * k.D + j) * (dIn + 1);
  let s = k.tilde[base + dIn] * v[dIn * m + l];
  for (let a = 0; a < dIn; a++) s += k.tilde[base + a] * v[a * m + l];
  return s;
}

/** out += K v (the blocks of every neuron). */
export function addKinkProduct(k: KinkDraws, v: Float64Array, out: Float64Array, dIn: number, m: number): void {
  for (let l = 0; l < m; l++) {
    for (let j = 0; j < k.D; j++) {
      const w = (k.factor[l * k.D + j] / k.D) * along(k, v, dIn, m, l, j);
      if (w === 0) continue;
      const base = (l * k.D + j) * (dIn + 1);
      for (let a = 0; a < dIn; a++) out[a * m + l] += w * k.tilde[base + a];
      out[dIn * m + l] += w;
    }
  }
}

/** vᵀKv and the variance of its estimate, Σ_l Var_j(κ_lj)/D with κ_lj = factor (ũ·ṽ_l)². */
export function kinkQuadForm(k: KinkDraws, v: Float64Array, dIn: number, m: number): { value: number; variance: number } {
  let value = 0, variance = 0;
  for (let l = 0; l < m; l++) {
    let s = 0, s2 = 0;
    for (let j = 0; j < k.D; j++) {
      const kappa = k.factor[l * k.D + j] * along(k, v, dIn, m, l, j) ** 2;
      s += kappa; s2 += kappa * kappa;
    }
    const mean = s / k.D;
    value += mean;
    if (k.D > 1) variance += Math.max(0, (s2 - k.D * mean * mean) / (k.D - 1)) / k.D;
  }
  return { value, variance };
}
