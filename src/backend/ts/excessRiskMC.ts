// Twin of assembly/kernels/excessRiskMC.ts: the same draws, chunks and Welford updates.
//   E = (1/n) Σ_i E_{Y ~ N(mu x_i, sigma² I)} ||s_theta(Y) - s*(Y)||², se = (1/n) sqrt(Σ_i Var_i / draws).
import { EXCESS_RISK_CHUNK as CHUNK } from '../contract.js';
import { netForward } from './reluNet.js';
import { Xoshiro } from './rng.js';
import { sStar1d } from './sStar1d.js';
import { sStarNd } from './sStarNd.js';

/** out[0] ← the estimate, out[1] ← its standard error. scratch: 3·CHUNK·d slots for the
 *  chunk's points, network values and s* values, then the network's forward scratch. */
export function excessRiskMC(params: Float64Array, d: number, m: number, x: Float64Array, n: number,
  mu: number, sigma: number, draws: number, rng: Float64Array, out: Float64Array, scratch: Float64Array): void {
  const rows = CHUNK * d;
  const Y = scratch.subarray(0, rows), S = scratch.subarray(rows, 2 * rows), T = scratch.subarray(2 * rows, 3 * rows);
  const netScratch = scratch.subarray(3 * rows);
  const g = new Xoshiro(rng);
  let estimate = 0, variance = 0;
  for (let i = 0; i < n; i++) {
    let mean = 0, m2 = 0, count = 0;
    for (let start = 0; start < draws; start += CHUNK) {
      const k = Math.min(CHUNK, draws - start);
      for (let r = 0; r < k; r++) {
        for (let c = 0; c < d; c++) Y[r * d + c] = mu * x[i * d + c] + sigma * g.normal();
      }
      netForward(params, d, m, d, Y, k, S, netScratch);
      if (d === 1) sStar1d(x, n, mu, sigma, Y, k, T, null, null);
      else sStarNd(x, n, d, mu, sigma, Y, k, T, null);
      for (let r = 0; r < k; r++) {
        let e = 0;
        for (let c = 0; c < d; c++) {
          const diff = S[r * d + c] - T[r * d + c];
          e += diff * diff;
        }
        count++;
        const delta = e - mean;
        mean += delta / count;
        m2 += delta * (e - mean);
      }
    }
    estimate += mean;
    if (count > 1) variance += m2 / (count - 1) / count;
  }
  g.store(rng);
  out[0] = estimate / n;
  out[1] = Math.sqrt(variance) / n;
}
