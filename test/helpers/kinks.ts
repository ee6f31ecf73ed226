// The kink ("Dirac") part of the exact 1-D Hessian (SPEC §1), dense 3m × 3m in the order
// w1, b, w2: for neuron l with kink τ_l = −b_l/w1_l,
//   D_l = (2/(n m)) Σ_i w2_l f_i(τ_l) p_i(τ_l) / |w1_l|,  f_i(y) = s(y) + (y − μ x_i)/σ²,
//   p_i = density of N(μ x_i, σ²);
// added on (b_l, b_l): D_l; (b_l, w1_l) and (w1_l, b_l): D_l τ_l; (w1_l, w1_l): D_l τ_l².
// hessianExact − kinkPart1d is the no-kink Hessian that autograd's sampled R-op estimates.
import type { Dataset } from '../../src/model/dataset.js';
import type { Net } from '../../src/model/net.js';

export function kinkPart1d(net: Net, data: Dataset, noise: { mu: number; sigma: number }): Float64Array {
  const m = net.shape.m, p = net.params.view().slice(), x = data.x.view().slice();
  const { mu, sigma } = noise, P = 3 * m, K = new Float64Array(P * P);
  const s = (y: number): number => { let a = 0; for (let l = 0; l < m; l++) a += p[2 * m + l] * Math.max(0, p[l] * y + p[m + l]); return a / m; };
  for (let l = 0; l < m; l++) {
    const w1 = p[l], b = p[m + l], w2 = p[2 * m + l];
    if (w1 === 0) continue;
    const tau = -b / w1, st = s(tau);
    let sum = 0;
    for (let i = 0; i < data.n; i++) {
      const z = (tau - mu * x[i]) / sigma;
      sum += (st + (tau - mu * x[i]) / (sigma * sigma)) * Math.exp(-0.5 * z * z) / (Math.sqrt(2 * Math.PI) * sigma);
    }
    const D = (2 / (data.n * m)) * w2 * sum / Math.abs(w1);
    K[(m + l) * P + m + l] += D;
    K[(m + l) * P + l] += D * tau;
    K[l * P + m + l] += D * tau;
    K[l * P + l] += D * tau * tau;
  }
  return K;
}
