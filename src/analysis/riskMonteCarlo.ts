// Monte Carlo risk (5) of a network or of s*, for the notebook's excess risk (SPEC §5 item 6):
//   R_n(s) ≈ (1/(n·draws)) Σ_i Σ_k ||s(μ x_i + σ Z_ik) + Z_ik/σ||²,   Z_ik ~ N(0, I_d),
// with the standard error stratified by training point (the draws of a point are i.i.d.):
//   se² = (1/n²) Σ_i Var_k(·)/draws. The notebook subtracts two such estimates made with
// separate noise, R_n(θ) − R_n(s*), which is noisy and can be negative (the paper's identity
// (1/n) Σ E ||s_θ − s*||² on one sample is excessRiskMonteCarlo).
import { scratchLength } from '../backend/contract.js';
import type { Dataset } from '../model/dataset.js';
import type { Net } from '../model/net.js';
import { noiseLevel } from '../model/validate.js';
import { drawLossSample, scoreLoss } from './denoisingLoss.js';

export interface RiskEstimate { value: number; stderr: number }

/** R_n(s) by Monte Carlo for s = the network `net`, or s* of the data when net is 'sstar'. */
export function riskMonteCarlo(net: Net | 'sstar', data: Dataset, noise: { mu: number; sigma: number },
  draws: number, seed: number): RiskEstimate {
  const { mu, sigma } = noiseLevel(noise?.mu, noise?.sigma);
  const be = data.backend, d = data.d, n = data.n;
  const sample = drawLossSample(be, scoreLoss(data, mu, sigma), draws, seed);
  const N = sample.N, out = be.f64(N * d);
  try {
    if (net === 'sstar') {
      if (d === 1) be.sStar1d(data.x, n, mu, sigma, sample.U, N, out, null, null);
      else be.sStarNd(data.x, n, d, mu, sigma, sample.U, N, out, null);
    } else {
      const scratch = be.f64(scratchLength.net(d, net.shape.m, d));
      be.netForward(net.params, d, net.shape.m, d, sample.U, N, out, scratch);
      scratch.free();
    }
    const s = out.view(), t = sample.T.view();
    let total = 0, var2 = 0;
    for (let i = 0; i < n; i++) {
      let a = 0, a2 = 0;
      for (let k = 0; k < draws; k++) {
        const row = (i * draws + k) * d;
        let q = 0;
        for (let c = 0; c < d; c++) { const f = s[row + c] - t[row + c]; q += f * f; }
        a += q; a2 += q * q;
      }
      const mean = a / draws;
      total += mean;
      var2 += draws > 1 ? (a2 - draws * mean * mean) / (draws - 1) / draws : 0;
    }
    return { value: total / n, stderr: Math.sqrt(Math.max(0, var2)) / n };
  } finally { out.free(); sample.free(); }
}
