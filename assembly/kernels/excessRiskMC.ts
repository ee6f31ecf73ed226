// Monte Carlo excess risk of a network against s* (SPEC §1, excess-risk identity):
//   E = (1/n) Σ_i E_{Y ~ N(mu x_i, sigma² I)} ||s_theta(Y) - s*(Y)||²,
// with `draws` noises per training point, drawn point by point in chunks of CHUNK rows
// (normals row-major within a chunk). Per point the mean and variance of the draws are
// accumulated by Welford's update; the estimate's standard error is the stratified one,
//   se = (1/n) sqrt(Σ_i Var_i / draws).
import { netForward } from './reluNet';
import { rngLoad, rngStore, nextNormal } from './rng';
import { sStar1d } from './sStar1d';
import { sStarNd } from './sStarNd';

// @ts-ignore: decorator
@inline const CHUNK: i32 = 256; // = EXCESS_RISK_CHUNK in src/backend/contract.ts

/** out[0] ← the estimate, out[1] ← its standard error. scratch: 3·CHUNK·d slots for the
 *  chunk's points, network values and s* values, then the network's forward scratch. */
export function excessRiskMC(params: usize, d: i32, m: i32, x: usize, n: i32, mu: f64, sigma: f64,
  draws: i32, rng: usize, out: usize, scratch: usize): void {
  const rows = <usize>(CHUNK * d) << 3;
  const Y = scratch, S = scratch + rows, T = scratch + 2 * rows, netScratch = scratch + 3 * rows;
  let estimate: f64 = 0.0, variance: f64 = 0.0;
  rngLoad(rng);
  for (let i = 0; i < n; i++) {
    let mean: f64 = 0.0, m2: f64 = 0.0, count: i32 = 0;
    for (let start = 0; start < draws; start += CHUNK) {
      const k = min(CHUNK, draws - start);
      for (let r = 0; r < k; r++) {
        for (let c = 0; c < d; c++) {
          const xi = load<f64>(x + (<usize>(i * d + c) << 3));
          store<f64>(Y + (<usize>(r * d + c) << 3), mu * xi + sigma * nextNormal());
        }
      }
      netForward(params, d, m, d, Y, k, S, netScratch);
      if (d == 1) sStar1d(x, n, mu, sigma, Y, k, T, 0, 0);
      else sStarNd(x, n, d, mu, sigma, Y, k, T, 0);
      for (let r = 0; r < k; r++) {
        let e: f64 = 0.0;
        for (let c = 0; c < d; c++) {
          const off = <usize>(r * d + c) << 3;
          const diff = load<f64>(S + off) - load<f64>(T + off);
          e += diff * diff;
        }
        count++;
        const delta = e - mean;
        mean += delta / <f64>count;
        m2 += delta * (e - mean);
      }
    }
    estimate += mean;
    if (count > 1) variance += m2 / <f64>(count - 1) / <f64>count;
  }
  rngStore(rng);
  store<f64>(out, estimate / <f64>n);
  store<f64>(out, Math.sqrt(variance) / <f64>n, 8);
}
