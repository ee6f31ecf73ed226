// Monte Carlo moments of the score model in any dimension, by plain loops and verify's own
// generator (rng.ts): per training point i, K draws y = μ x_i + σ z, z ~ N(0, I_d), and the raw
// moments [E g, E g², E g³, E g⁴] (sample means) of
//   excess: g = ||s_θ(y) − s*(y)||²   (its mean over i is the excess risk, SPEC §1 identity)
//   theta:  g = ||s_θ(y) + z/σ||²      (the loss summand: its mean is R_n(s_θ), eq. 5)
//   sstar:  g = ||s*(y) + z/σ||²       (R_n(s*))
import { Sfc32 } from './rng.js';
import { forwardNd, sStarNd, type NetNd } from './scoreNd.js';
import type { StratumMoments } from './stats.js';

export interface ScoreMoments { excess: StratumMoments; theta: StratumMoments; sstar: StratumMoments; draws: number }

/** The moments above with K draws per point from generator `seed`. */
export function scoreMoments(net: NetNd, x: Float64Array, n: number, d: number, mu: number, sigma: number,
  K: number, seed: number): ScoreMoments {
  const rng = new Sfc32(seed);
  const z = new Float64Array(d), y = new Float64Array(d), s = new Float64Array(d), star = new Float64Array(d);
  const out: ScoreMoments = { excess: [], theta: [], sstar: [], draws: K };
  for (let i = 0; i < n; i++) {
    const acc = { excess: [0, 0, 0, 0], theta: [0, 0, 0, 0], sstar: [0, 0, 0, 0] };
    for (let k = 0; k < K; k++) {
      for (let c = 0; c < d; c++) { z[c] = rng.normal(); y[c] = mu * x[i * d + c] + sigma * z[c]; }
      forwardNd(net, y, 0, s);
      sStarNd(x, n, d, mu, sigma, y, star);
      let ge = 0, gt = 0, gs = 0;
      for (let c = 0; c < d; c++) {
        ge += (s[c] - star[c]) ** 2;
        gt += (s[c] + z[c] / sigma) ** 2;
        gs += (star[c] + z[c] / sigma) ** 2;
      }
      add(acc.excess, ge); add(acc.theta, gt); add(acc.sstar, gs);
    }
    out.excess.push(acc.excess.map((v) => v / K));
    out.theta.push(acc.theta.map((v) => v / K));
    out.sstar.push(acc.sstar.map((v) => v / K));
  }
  return out;
}

function add(acc: number[], g: number): void {
  let p = 1;
  for (let j = 0; j < 4; j++) { p *= g; acc[j] += p; }
}

/** The stratified mean (1/n) Σ_i E g_i. */
export function meanOf(m: StratumMoments): number {
  return m.reduce((s, r) => s + r[0], 0) / m.length;
}
