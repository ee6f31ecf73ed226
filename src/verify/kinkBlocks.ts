// The kink part of a denoising loss's Hessian (SPEC §1 estimator `withKinks`), by Monte Carlo.
// The second derivative of relu(a_l) in (w1_l, b_l) is δ(a_l) ũũᵀ (ũ = (u, 1)), so
//   K_l = (2/m) Σ_c π_c E_z[(w2_l·e) δ(a_l) ũũᵀ],  e = net(u) − T.
// With g the non-prefix part of w1_l and α_c = b_l + w1_l^pre·prefix_c + g·center_c,
// a_l = α_c + scale_c g·z, so δ(a_l) weighs component c by ρ_c = φ(α_c/s_c)/s_c (s_c = scale_c ||g||)
// and puts z on the hyperplane ĝ·z = −α_c/s_c: z = ξ − ĝ(ĝ·ξ) − ĝ α_c/s_c, ξ ~ N(0, I_d).
// With q_c = π_c ρ_c and Z = Σ q_c (exact), each draw j of neuron l has a component c, a weight
// ω and K_l ≈ (2/m) Σ_j ω_j f_j ũ_j ũ_jᵀ, f_j = w2_l·e_j. Two samplings of the same K_l:
// - ownKinkDraws: verify's generator, c ~ q/Z i.i.d., ω = Z/D (its spread: kinkQuadForm);
// - seededKinkDraws: the reported estimator's draws regenerated from its seed (the layout of
//   src/analysis/kinkTerms.ts: m·R·d normals ξ, then m·R uniforms, from the backend generator;
//   C <= R components: r_c = 1 + ⌊(R − C) q_c/Z⌋ draws of weight q_c/r_c; else draw j takes
//   c = F⁻¹((j + U_j)/R), F the CDF of q/Z, weight Z/R). A neuron with g = 0 has no kink.
import { RNG_STATE_LENGTH, type Backend } from '../backend/contract.js';
import { pointAt, type Mixture } from './mixture.js';
import { Sfc32 } from './rng.js';
import { forwardNd, type NetNd } from './scoreNd.js';

/** Draw rows: the neuron, the factor (2/m) ω f and ũ (dIn + 1 values, b last). */
export interface KinkDraws { rows: number; neuron: Int32Array; factor: Float64Array; tilde: Float64Array; perNeuron: number }

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** Per neuron: ||g|| (0: no kink), α_c and q_c of every component, and Z. */
function weights(net: NetNd, mix: Mixture, l: number, alpha: Float64Array, q: Float64Array): { ny: number; Z: number } {
  const { dIn } = net, d = mix.d, pre = mix.pre;
  let ny2 = 0;
  for (let a = 0; a < d; a++) ny2 += net.w1[l * dIn + pre + a] ** 2;
  if (ny2 === 0) return { ny: 0, Z: 0 };
  const ny = Math.sqrt(ny2);
  let Z = 0;
  for (let c = 0; c < mix.count; c++) {
    let al = net.b[l];
    for (let a = 0; a < pre; a++) al += net.w1[l * dIn + a] * mix.prefix[c * pre + a];
    for (let a = 0; a < d; a++) al += net.w1[l * dIn + pre + a] * mix.center[c * d + a];
    const s = mix.scale[c] * ny, t = al / s;
    alpha[c] = al;
    q[c] = mix.weight[c] * INV_SQRT_2PI * Math.exp(-0.5 * t * t) / s;
    Z += q[c];
  }
  return { ny, Z };
}

class Builder {
  neuron: number[] = []; factor: number[] = []; tilde: number[] = [];
  private z: Float64Array; private u: Float64Array; private T: Float64Array; private y: Float64Array;
  constructor(private net: NetNd, private mix: Mixture) {
    this.z = new Float64Array(mix.d); this.u = new Float64Array(net.dIn); this.T = new Float64Array(mix.d); this.y = new Float64Array(net.dOut);
  }

  /** The draw of neuron l at component c from ξ (xi[at..at+d)), with weight ω. */
  add(l: number, c: number, xi: ArrayLike<number>, at: number, alpha: number, ny: number, omega: number): void {
    const { net, mix, z, u, T, y } = this, d = mix.d, s = mix.scale[c] * ny;
    let proj = 0;
    for (let a = 0; a < d; a++) proj += (net.w1[l * net.dIn + mix.pre + a] / ny) * xi[at + a];
    for (let a = 0; a < d; a++) { const ga = net.w1[l * net.dIn + mix.pre + a] / ny; z[a] = xi[at + a] - ga * proj - ga * (alpha / s); }
    pointAt(mix, c, z, u, T);
    forwardNd(net, u, 0, y);
    let f = 0;
    for (let o = 0; o < net.dOut; o++) f += net.w2[l * net.dOut + o] * (y[o] - T[o]);
    this.neuron.push(l);
    this.factor.push((2 / net.m) * omega * f);
    for (let a = 0; a < net.dIn; a++) this.tilde.push(u[a]);
    this.tilde.push(1);
  }

  done(perNeuron: number): KinkDraws {
    return { rows: this.neuron.length, neuron: Int32Array.from(this.neuron), factor: Float64Array.from(this.factor), tilde: Float64Array.from(this.tilde), perNeuron };
  }
}

/** Smallest c with cum[c] > target (cum nondecreasing). */
function inverse(cum: Float64Array, target: number): number {
  let lo = 0, hi = cum.length - 1;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (cum[mid] > target) hi = mid; else lo = mid + 1; }
  return lo;
}

/** verify's own i.i.d. draws: D per neuron, c ~ q/Z. */
export function ownKinkDraws(net: NetNd, mix: Mixture, D: number, seed: number): KinkDraws {
  const rng = new Sfc32(seed), b = new Builder(net, mix), xi = new Float64Array(mix.d);
  const q = new Float64Array(mix.count), alpha = new Float64Array(mix.count), cum = new Float64Array(mix.count);
  for (let l = 0; l < net.m; l++) {
    const { ny, Z } = weights(net, mix, l, alpha, q);
    if (!(Z > 0)) continue;
    let s = 0;
    for (let c = 0; c < mix.count; c++) { s += q[c]; cum[c] = s; }
    for (let j = 0; j < D; j++) {
      const c = inverse(cum, Z * rng.uniform());
      for (let a = 0; a < mix.d; a++) xi[a] = rng.normal();
      b.add(l, c, xi, 0, alpha[c], ny, Z / D);
    }
  }
  return b.done(D);
}

/** The reported estimator's draws, regenerated from its kink seed (layout in the header). */
export function seededKinkDraws(be: Backend, net: NetNd, mix: Mixture, R: number, seed: number): KinkDraws {
  const m = net.m, d = mix.d, C = mix.count;
  const rng = be.f64(RNG_STATE_LENGTH), xiBuf = be.f64(m * R * d), uniBuf = be.f64(m * R);
  be.rngSeed(rng, seed);
  be.rngNormals(rng, xiBuf, m * R * d);
  be.rngUniforms(rng, uniBuf, m * R);
  const xi = xiBuf.view().slice(), uni = uniBuf.view().slice();
  rng.free(); xiBuf.free(); uniBuf.free();
  const b = new Builder(net, mix), q = new Float64Array(C), alpha = new Float64Array(C), cum = new Float64Array(C);
  for (let l = 0; l < m; l++) {
    const { ny, Z } = weights(net, mix, l, alpha, q);
    if (!(Z > 0)) continue;
    if (C <= R) {
      let j = 0;
      for (let c = 0; c < C; c++) {
        const r = 1 + Math.floor(((R - C) * q[c]) / Z);
        for (let k = 0; k < r; k++, j++) b.add(l, c, xi, (l * R + j) * d, alpha[c], ny, q[c] / r);
      }
    } else {
      let s = 0;
      for (let c = 0; c < C; c++) { s += q[c]; cum[c] = s; }
      for (let c = 0; c < C; c++) cum[c] /= s;
      cum[C - 1] = 1;
      for (let j = 0; j < R; j++) {
        const c = inverse(cum, (j + uni[l * R + j]) / R);
        b.add(l, c, xi, (l * R + j) * d, alpha[c], ny, Z / R);
      }
    }
  }
  return b.done(R);
}

/** ũ·ṽ_l of draw row r (ṽ_l = (v1_l, vb_l) in the contract layout). */
function along(k: KinkDraws, v: Float64Array, dIn: number, m: number, r: number): number {
  const l = k.neuron[r], base = r * (dIn + 1);
  let s = v[dIn * m + l];
  for (let a = 0; a < dIn; a++) s += k.tilde[base + a] * v[a * m + l];
  return s;
}

/** out += K v (the blocks of every neuron). */
export function addKinkProduct(k: KinkDraws, v: Float64Array, out: Float64Array, dIn: number, m: number): void {
  for (let r = 0; r < k.rows; r++) {
    const w = k.factor[r] * along(k, v, dIn, m, r);
    if (w === 0) continue;
    const l = k.neuron[r], base = r * (dIn + 1);
    for (let a = 0; a < dIn; a++) out[a * m + l] += w * k.tilde[base + a];
    out[dIn * m + l] += w;
  }
}

/** The variance of vᵀKv for i.i.d. draws (ownKinkDraws, D a neuron): per neuron the estimate is
 *  Σ_j t_j with t_j = factor_j (ũ_j·ṽ)², a mean of D·t_j, so its variance is D·s²(t). */
export function kinkVariance(k: KinkDraws, v: Float64Array, dIn: number, m: number): number {
  let variance = 0;
  for (let r0 = 0; r0 < k.rows; r0 += k.perNeuron) {
    let s = 0, s2 = 0;
    const D = k.perNeuron;
    for (let r = r0; r < r0 + D; r++) { const t = k.factor[r] * along(k, v, dIn, m, r) ** 2; s += t; s2 += t * t; }
    if (D > 1) variance += D * Math.max(0, (s2 - (s * s) / D) / (D - 1));
  }
  return variance;
}
