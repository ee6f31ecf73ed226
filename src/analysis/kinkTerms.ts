// The kink ("Dirac") part of the Hessian of a denoising loss (SPEC §1 "Sharpness", estimator
// `withKinks`), which autograd's R-op (ReLU'' = 0 a.e.) misses, for the Gaussian-mixture loss
// L(θ) = Σ_c π_c E_z ||net(u_c(z)) − T_c(z)||² of denoisingLoss.ts.
//
// Derivation. With s_l = w1_l·u + b_l, ũ = (1, u), f = net(u) − T,
//   ∂L/∂(b_l, w1_l) = (2/m) Σ_c π_c E[ (f·w2_l) 1{s_l > 0} ũ ].
// Differentiating again, 1{s_l > 0} contributes δ(s_l) ũᵀ (only for the same neuron l: s_l
// depends on no other neuron's parameters; the w2 gradient has relu(s_l), whose derivative
// has no Dirac), so the kink part is block diagonal in neurons, on (b_l, w1_l):
//   K_l = (2/m) Σ_c π_c E[ (f·w2_l) δ(s_l) ũ ũᵀ | c ]
//       = (2/m) Σ_c π_c ρ_{c,l}(0) E[ (f·w2_l) ũ ũᵀ | s_l = 0, c ],
// ρ_{c,l} the density of s_l under component c. Write a = scale_c w1_l^y (w1_l^y the non-prefix
// part of w1_l) and κ = −(w1_l^p·prefix_c + w1_l^y·center_c + b_l), so s_l = 0 ⟺ a·z = κ:
// s_l ~ N(−κ, ||a||²), ρ_{c,l}(0) = φ(κ/||a||)/||a||, and z | (a·z = κ) = ξ − a (a·ξ − κ)/||a||²,
// ξ ~ N(0, I_d) (the hyperplane's standard Gaussian: the component along a is fixed to
// κ/||a||, the orthogonal part stays standard normal).
// 1-D check (score model, u = y, a = σ w1, τ_l = −b_l/w1_l): κ/||a|| = ±(τ_l − μ x_i)/σ, so
// ρ = p_i(τ_l)/|w1_l|; the conditional is the point y = τ_l, where f = s(τ_l) + (τ_l − μ x_i)/σ²
// = f_i(τ_l); hence K_l = D_l [[1, τ_l], [τ_l, τ_l²]] with D_l = (2/(n m)) Σ_i w2_l f_i(τ_l)
// p_i(τ_l)/|w1_l| — SPEC §1's kink part (kinks1d.ts), exactly (test/kinkTerms.test.ts).
//
// Monte Carlo, with q_c = π_c ρ_{c,l}(0) and Z_l = Σ_c q_c computed exactly, R = kinkDraws:
// - C ≤ R components: every component gets r_c = 1 + ⌊(R − C) q_c/Z_l⌋ conditional draws of
//   weight q_c/r_c (stratified by component, proportional allocation): K_l = (2/m) Σ_c q_c × the
//   mean over its draws — exact in 1-D, where each conditional is a point;
// - C > R: draw j picks c = F⁻¹((j + U_j)/R), F the CDF of q/Z_l (stratified), weight Z_l/R.
// Both are unbiased for K_l; the error is O(1/√R) from the hyperplane draws (d > 1) and, when
// C > R, from the component choice. A neuron with w1_l^y = 0 has s_l constant in z: no kink
// (K_l = 0). Random numbers: m·R·d normals ξ (neuron l, draw j, coordinate), then m·R
// uniforms U, from the backend generator seeded with `seed`. The net is evaluated at all
// m·R conditional points in one netForward call; the accumulation is O(m R dIn²) in TS.
import { RNG_STATE_LENGTH, scratchLength } from '../backend/contract.js';
import type { Net } from '../model/net.js';
import { integer, seed as checkSeed } from '../model/validate.js';
import { checkShape, cumulative, inverseCdf, targetOf, type DenoisingLoss } from './denoisingLoss.js';

export interface KinkBlocks {
  /** Network input dimension and width; each block is (dIn+1)², order (b_l, w1_{0,l}, .., w1_{dIn−1,l}). */
  dIn: number;
  m: number;
  /** m blocks, row-major, exactly symmetric. */
  K: Float64Array;
  kinkDraws: number;
}

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** The kink blocks K_l of every neuron (formula and sampling in the header). */
export function kinkBlocks(net: Net, loss: DenoisingLoss, opts: { kinkDraws: number; seed: number }): KinkBlocks {
  checkShape(net, loss);
  const R = integer('kinkDraws', opts.kinkDraws, 1), seed = checkSeed('seed', opts.seed);
  const be = net.backend, { dIn, m, dOut } = net.shape, d = loss.d, pre = dIn - d, C = loss.count;
  const e = dIn + 1, K = new Float64Array(m * e * e);
  const p = net.params.view().slice();
  const w1 = (k: number, l: number): number => p[k * m + l];
  // Random numbers, one fixed layout whatever the allocation.
  const rng = be.f64(RNG_STATE_LENGTH), xiBuf = be.f64(m * R * d), uniBuf = be.f64(m * R);
  be.rngSeed(rng, seed);
  be.rngNormals(rng, xiBuf, m * R * d);
  be.rngUniforms(rng, uniBuf, m * R);
  const xi = xiBuf.view().slice(), uni = uniBuf.view().slice();
  rng.free(); xiBuf.free(); uniBuf.free();
  // Conditional points: neuron, weight, U row, target row.
  const rowNeuron = new Int32Array(m * R), rowWeight = new Float64Array(m * R);
  const U = new Float64Array(m * R * dIn), T = new Float64Array(m * R * dOut);
  const q = new Float64Array(C), kappa = new Float64Array(C), z = new Float64Array(d);
  let rows = 0;
  for (let l = 0; l < m; l++) {
    let ny2 = 0;
    for (let a = 0; a < d; a++) ny2 += w1(pre + a, l) ** 2;
    if (ny2 === 0) continue;
    const ny = Math.sqrt(ny2);
    let Z = 0;
    for (let c = 0; c < C; c++) {
      let mean = p[dIn * m + l];
      for (let a = 0; a < pre; a++) mean += w1(a, l) * loss.prefix[c * pre + a];
      for (let a = 0; a < d; a++) mean += w1(pre + a, l) * loss.center[c * d + a];
      const sd = loss.scale[c] * ny, t = -mean / sd;
      kappa[c] = -mean;
      q[c] = loss.weight[c] * INV_SQRT_2PI * Math.exp(-0.5 * t * t) / sd;
      Z += q[c];
    }
    if (!(Z > 0)) continue;
    const addRow = (c: number, j: number, weight: number): void => {
      // z = ξ − w^y (w^y·ξ − κ/scale)/||w^y||²  (= ξ − a (a·ξ − κ)/||a||², a = scale w^y)
      const x0 = (l * R + j) * d, sc = loss.scale[c];
      let dot = 0;
      for (let a = 0; a < d; a++) dot += w1(pre + a, l) * xi[x0 + a];
      const coef = (dot - kappa[c] / sc) / ny2;
      for (let a = 0; a < d; a++) z[a] = xi[x0 + a] - w1(pre + a, l) * coef;
      for (let a = 0; a < pre; a++) U[rows * dIn + a] = loss.prefix[c * pre + a];
      for (let a = 0; a < d; a++) {
        U[rows * dIn + pre + a] = loss.center[c * d + a] + sc * z[a];
        T[rows * dOut + a] = targetOf(loss.kind, sc, z[a]);
      }
      rowNeuron[rows] = l;
      rowWeight[rows] = weight;
      rows++;
    };
    if (C <= R) {
      let j = 0;
      for (let c = 0; c < C; c++) {
        const r = 1 + Math.floor(((R - C) * q[c]) / Z);
        for (let k = 0; k < r; k++) addRow(c, j++, q[c] / r);
      }
    } else {
      const cum = cumulative(q);
      for (let j = 0; j < R; j++) addRow(inverseCdf(cum, (j + uni[l * R + j]) / R), j, Z / R);
    }
  }
  if (rows === 0) return { dIn, m, K, kinkDraws: R };
  // f = net(U) − T at every conditional point, in one batched forward pass.
  const Ub = be.f64From(U.subarray(0, rows * dIn)), out = be.f64(rows * dOut), scratch = be.f64(scratchLength.net(dIn, m, dOut));
  be.netForward(net.params, dIn, m, dOut, Ub, rows, out, scratch);
  const s = out.view().slice();
  Ub.free(); out.free(); scratch.free();
  // K_l += (2/m) ω (f·w2_l) ũ ũᵀ, upper triangle, then mirrored (exact symmetry).
  const ut = new Float64Array(e);
  ut[0] = 1;
  for (let r = 0; r < rows; r++) {
    const l = rowNeuron[r];
    let fw = 0;
    for (let j = 0; j < dOut; j++) fw += (s[r * dOut + j] - T[r * dOut + j]) * p[(dIn + 1 + j) * m + l];
    const g = (2 / m) * rowWeight[r] * fw, o = l * e * e;
    for (let a = 0; a < dIn; a++) ut[1 + a] = U[r * dIn + a];
    for (let a = 0; a < e; a++) {
      const ga = g * ut[a];
      for (let b = a; b < e; b++) K[o + a * e + b] += ga * ut[b];
    }
  }
  for (let l = 0; l < m; l++) {
    const o = l * e * e;
    for (let a = 0; a < e; a++) for (let b = 0; b < a; b++) K[o + a * e + b] = K[o + b * e + a];
  }
  return { dIn, m, K, kinkDraws: R };
}

/** out += K v, v and out in the contract layout (w1 | b | w2; the w2 part untouched). */
export function addKinkProduct(k: KinkBlocks, v: ArrayLike<number>, out: Float64Array): void {
  const { dIn, m, K } = k, e = dIn + 1;
  const at = (a: number, l: number): number => (a === 0 ? dIn * m + l : (a - 1) * m + l);
  for (let l = 0; l < m; l++) {
    const o = l * e * e;
    for (let a = 0; a < e; a++) {
      let s = 0;
      for (let b = 0; b < e; b++) s += K[o + a * e + b] * v[at(b, l)];
      out[at(a, l)] += s;
    }
  }
}
