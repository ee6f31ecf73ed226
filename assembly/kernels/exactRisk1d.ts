// The exact 1-D score-matching risk and its gradient. Twin: src/backend/ts/exactRisk1d.ts.
//
// R_n(s_theta) = (1/n) Σ_i E_{Y~N(mu x_i, sigma²)} (s_theta(Y) + (Y - mu x_i)/sigma²)²   (eq. 5)
// exactly: closed-form Gaussian integrals between sorted kinks (see exact1dCore.ts), and its
// gradient (paper's (14) inside the first display of appendix B.3; SPEC §1)
//   ∂R/∂w1_l = (2/(n m)) w2_l S1_l,  ∂R/∂b_l = (2/(n m)) w2_l S0_l,
//   ∂R/∂w2_l = (2/(n m)) (w1_l S1_l + b_l S0_l),
// S0_l = Σ_i E_i[f_i 1_l], S1_l = Σ_i E_i[f_i Y 1_l] (1_l = 1{w1_l Y + b_l >= 0}).
// Cost O(n m + m log m). Errors: none raised; inputs must be finite, sigma > 0, m, n >= 1.
import { coreLayout, ld, oS0, oS1, prepare, residualSums, st } from './exact1dCore';

/** Returns R_n(s_theta); writes the gradient (3m, order w1, b, w2) into `grad` unless 0.
 *  scratch: scratchLength.exactRisk1d(m, n). */
export function exactRisk1d(params: usize, m: i32, x: usize, n: i32, mu: f64, sigma: f64,
  grad: usize, scratch: usize): f64 {
  coreLayout(m, n);
  const risk = prepare(params, m, x, n, mu, sigma, scratch) / <f64>n;
  if (grad != 0) {
    residualSums(params, m, n, sigma, scratch);
    const c1 = 2.0 / (<f64>n * <f64>m);
    for (let l = 0; l < m; l++) {
      const S0 = ld(scratch, oS0 + l), S1 = ld(scratch, oS1 + l);
      const w1 = ld(params, l), b = ld(params, m + l), w2 = ld(params, 2 * m + l);
      st(grad, l, c1 * (w2 * S1));
      st(grad, m + l, c1 * (w2 * S0));
      st(grad, 2 * m + l, c1 * (w1 * S1 + b * S0));
    }
  }
  return risk;
}
