// The kink ("Dirac") part of the exact 1-D Hessian of R_n (SPEC §1), which autograd-style
// Hessian–vector products of a sampled loss miss (ReLU'' = 0 a.e.). For neuron l with kink
// τ_l = −b_l/w1_l (w1_l ≠ 0):
//   D_l = (2/(n m)) Σ_i w2_l f_i(τ_l) p_i(τ_l) / |w1_l|,  f_i(y) = s_θ(y) + (y − μ x_i)/σ²,
//   p_i = density of N(μ x_i, σ²),
// on (b_l, b_l): D_l; (b_l, w1_l) and (w1_l, b_l): D_l τ_l; (w1_l, w1_l): D_l τ_l² — block
// diagonal in neurons, so K v costs O(m). hessianExact − K is the "no-kink" exact Hessian, the
// large-sample limit of the `sampled` estimator (test/sampledHessian.test.ts).
import type { Dataset } from '../model/dataset.js';
import type { Net } from '../model/net.js';

export interface KinkTerms { D: Float64Array; tau: Float64Array }

/** D_l and τ_l per neuron (D_l = 0 when w1_l = 0: no kink). O(n m + m²) (s_θ(τ_l) directly). */
export function kinkTerms1d(net: Net, data: Dataset, noise: { mu: number; sigma: number }): KinkTerms {
  const m = net.shape.m, p = net.params.view().slice(), x = data.x.view().slice();
  const { mu, sigma } = noise, n = data.n;
  const D = new Float64Array(m), tau = new Float64Array(m);
  const s = (y: number): number => { let a = 0; for (let l = 0; l < m; l++) a += p[2 * m + l] * Math.max(0, p[l] * y + p[m + l]); return a / m; };
  for (let l = 0; l < m; l++) {
    const w1 = p[l], b = p[m + l], w2 = p[2 * m + l];
    if (w1 === 0) continue;
    const t = -b / w1, st = s(t);
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const z = (t - mu * x[i]) / sigma;
      sum += (st + (t - mu * x[i]) / (sigma * sigma)) * Math.exp(-0.5 * z * z) / (Math.sqrt(2 * Math.PI) * sigma);
    }
    D[l] = (2 / (n * m)) * w2 * sum / Math.abs(w1);
    tau[l] = t;
  }
  return { D, tau };
}

/** out ← K v (order w1, b, w2; 3m). */
export function applyKinkPart(k: KinkTerms, v: ArrayLike<number>, out: Float64Array): void {
  const m = k.D.length;
  out.fill(0);
  for (let l = 0; l < m; l++) {
    const D = k.D[l], t = k.tau[l];
    out[m + l] = D * v[m + l] + D * t * v[l];
    out[l] = D * t * v[m + l] + D * t * t * v[l];
  }
}

/** K as a dense 3m × 3m row-major matrix (for small m). */
export function kinkPartDense(k: KinkTerms): Float64Array {
  const m = k.D.length, P = 3 * m, K = new Float64Array(P * P);
  for (let l = 0; l < m; l++) {
    const D = k.D[l], t = k.tau[l];
    K[(m + l) * P + m + l] = D;
    K[(m + l) * P + l] = D * t;
    K[l * P + m + l] = D * t;
    K[l * P + l] = D * t * t;
  }
  return K;
}
