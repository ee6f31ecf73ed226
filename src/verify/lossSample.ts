// The fixed noise sample of the reported sampled sharpness, regenerated from its seed (the
// layout src/analysis/denoisingLoss.ts drawLossSample documents): N = n·draws rows, `draws` per
// training point i (row r = i·draws + j); N·d standard normals z from the backend generator in
// row order; with more than one level (the diffusion loss's times) N uniforms U follow and row
// (i, j) takes the level k = F⁻¹((j + U_ij)/draws), F the CDF of the level weights. Every row
// weighs 1/N. The rows themselves (u = (prefix, center + scale z), T) are built here.
import { RNG_STATE_LENGTH, type Backend } from '../backend/contract.js';
import { pointAt, type Mixture } from './mixture.js';
import type { LossRows } from './sampledHessian.js';

export function seededRows(be: Backend, mix: Mixture, points: number, draws: number, seed: number): LossRows {
  const d = mix.d, levels = mix.count / points, N = points * draws, dIn = d + mix.pre;
  const rng = be.f64(RNG_STATE_LENGTH), zBuf = be.f64(N * d), uBuf = be.f64(levels > 1 ? N : 1);
  be.rngSeed(rng, seed);
  be.rngNormals(rng, zBuf, N * d);
  if (levels > 1) be.rngUniforms(rng, uBuf, N);
  const z = zBuf.view().slice(), uni = uBuf.view().slice();
  rng.free(); zBuf.free(); uBuf.free();
  // the level CDF: level weights w_k = Σ_i π_(i,k) over the points (the mixture's π = w_k/n)
  const cum = new Float64Array(levels);
  let s = 0;
  for (let k = 0; k < levels; k++) { s += mix.weight[k] * points; cum[k] = s; }
  for (let k = 0; k < levels; k++) cum[k] /= s;
  cum[levels - 1] = 1;
  const rows: LossRows = { N, dIn, dOut: d, U: new Float64Array(N * dIn), T: new Float64Array(N * d), weight: new Float64Array(N).fill(1 / N) };
  for (let r = 0; r < N; r++) {
    let level = 0;
    if (levels > 1) {
      const target = ((r % draws) + uni[r]) / draws;
      let lo = 0, hi = levels - 1;
      while (lo < hi) { const mid = (lo + hi) >> 1; if (cum[mid] > target) hi = mid; else lo = mid + 1; }
      level = lo;
    }
    pointAt(mix, Math.floor(r / draws) * levels + level, z.subarray(r * d, (r + 1) * d), rows.U, rows.T, r * dIn, r * d);
  }
  return rows;
}
