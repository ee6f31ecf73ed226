// Twin of assembly/kernels/exactRisk1d.ts.
//
// R_n(s_theta) = (1/n) Σ_i E_{Y~N(mu x_i, sigma²)} (s_theta(Y) + (Y - mu x_i)/sigma²)²   (eq. 5)
// exactly: closed-form Gaussian integrals between sorted kinks (see exact1dCore.ts), and its
// gradient (paper's (14) inside the first display of appendix B.3; SPEC §1)
//   ∂R/∂w1_l = (2/(n m)) w2_l S1_l,  ∂R/∂b_l = (2/(n m)) w2_l S0_l,
//   ∂R/∂w2_l = (2/(n m)) (w1_l S1_l + b_l S0_l),
// S0_l = Σ_i E_i[f_i 1_l], S1_l = Σ_i E_i[f_i Y 1_l] (1_l = 1{w1_l Y + b_l >= 0}).
// Cost O(n m + m log m). Errors: none raised; inputs must be finite, sigma > 0, m, n >= 1.
import { L, coreLayout, prepare, residualSums } from './exact1dCore.js';

/** Returns R_n(s_theta); writes the gradient (3m, order w1, b, w2) into `grad` unless null.
 *  scratch: scratchLength.exactRisk1d(m, n). */
export function exactRisk1d(params: Float64Array, m: number, x: Float64Array, n: number,
  mu: number, sigma: number, grad: Float64Array | null, scratch: Float64Array): number {
  coreLayout(m, n);
  const risk = prepare(params, m, x, n, mu, sigma, scratch) / n;
  if (grad !== null) {
    residualSums(params, m, n, sigma, scratch);
    const { oS0, oS1 } = L;
    const c1 = 2.0 / (n * m);
    for (let l = 0; l < m; l++) {
      const S0 = scratch[oS0 + l], S1 = scratch[oS1 + l];
      const w1 = params[l], b = params[m + l], w2 = params[2 * m + l];
      grad[l] = c1 * (w2 * S1);
      grad[m + l] = c1 * (w2 * S0);
      grad[2 * m + l] = c1 * (w1 * S1 + b * S0);
    }
  }
  return risk;
}
