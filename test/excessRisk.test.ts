// The Monte Carlo excess risk against a deterministic quadrature of its definition,
//   E = (1/n) Σ_i ∫ (s_theta(mu x_i + sigma z) - s*(mu x_i + sigma z))² φ(z) dz,
// and the scaling of its standard error.
import { describe, expect, it } from 'vitest';
import { excessRiskMonteCarlo } from '../src/analysis/excessRisk.js';
import { scratchLength } from '../src/backend/index.js';
import { Dataset } from '../src/model/dataset.js';
import { Net } from '../src/model/net.js';
import { BACKENDS } from './helpers/parity.js';

describe.each(BACKENDS.map((be) => [be.name, be] as const))('excessRiskMC on %s', (_name, be) => {
  const mu = 0.8, sigma = 0.6;
  const data = Dataset.sample(be, { n: 6, d: 1, seed: 41 });
  const net = Net.experiment(be, { dIn: 1, dOut: 1, m: 40, seed: 42 });

  /** Trapezoid rule on z in [-9, 9] with 36001 nodes (the integrand is smooth between kinks). */
  function quadrature(): number {
    const K = 36001, h = 18 / (K - 1);
    const y = be.f64(K), s = be.f64(K), t = be.f64(K), scratch = be.f64(scratchLength.net(1, 40, 1));
    const xs = data.x.view().slice();
    let total = 0;
    for (const xi of xs) {
      const yv = y.view();
      for (let k = 0; k < K; k++) yv[k] = mu * xi + sigma * (-9 + k * h);
      be.netForward(net.params, 1, 40, 1, y, K, s, scratch);
      be.sStar1d(data.x, data.n, mu, sigma, y, K, t, null, null);
      const sv = s.view(), tv = t.view();
      let acc = 0;
      for (let k = 0; k < K; k++) {
        const z = -9 + k * h, w = (k === 0 || k === K - 1 ? 0.5 : 1) * Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI);
        acc += w * (sv[k] - tv[k]) ** 2;
      }
      total += acc * h;
    }
    return total / xs.length;
  }

  it('agrees with quadrature within 4 standard errors', () => {
    const exact = quadrature();
    const est = excessRiskMonteCarlo(net, data, { mu, sigma, draws: 20000, seed: 43 });
    expect(Math.abs(est.value - exact)).toBeLessThan(4 * est.stderr);
    expect(est.stderr).toBeLessThan(0.05 * exact);
  });

  it('standard error shrinks like 1/sqrt(draws)', () => {
    const a = excessRiskMonteCarlo(net, data, { mu, sigma, draws: 1000, seed: 44 });
    const b = excessRiskMonteCarlo(net, data, { mu, sigma, draws: 16000, seed: 44 });
    expect(a.stderr / b.stderr).toBeGreaterThan(4 * 0.8);
    expect(a.stderr / b.stderr).toBeLessThan(4 * 1.25);
  });
});
