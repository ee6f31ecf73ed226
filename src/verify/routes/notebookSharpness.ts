// The second route of fig5's notebook sharpness (SPEC §5 item 5, sharpnessMethod 'notebook'):
// |λ| after 20 power iterations (v ← Hv/‖v‖, λ = vᵀHv) of the Hessian of the grid loss — the
// loss at Z = linspace(−2, 2, 500) for every training point, no kink terms — from a start vector
// of standard normals drawn by the backend's generator from the seed the experiment derives
// (`sharpness-notebook/d=../t=../sim=..` from the sweep seed). The value is defined by that
// algorithm (it has not converged), so the route repeats it — the same start, the same 20 steps —
// with verify's own Hessian–vector product (sampledHessian.ts on the grid rows): equal to
// rounding, ~1e-13 relative after 20 products; tolerance 1e-9.
import { RNG_STATE_LENGTH } from '../../backend/contract.js';
import { deriveSeed } from '../../experiments/seeds.js';
import type { Check } from '../check.js';
import { check, relative } from '../check.js';
import type { RouteContext, RunInput } from '../route.js';
import { sampledHessian, type LossRows } from '../sampledHessian.js';
import { netNd } from '../scoreNd.js';

const ITERATIONS = 20;
const POINTS = 500;

/** The notebook's grid rows: y = μ x_i + σ z_k, T = −z_k/σ, z_k = −2 + 4k/(POINTS − 1). */
function gridRows(x: number[], mu: number, sigma: number): LossRows {
  const n = x.length, N = n * POINTS;
  const rows: LossRows = { N, dIn: 1, dOut: 1, U: new Float64Array(N), T: new Float64Array(N), weight: new Float64Array(N).fill(1 / N) };
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < POINTS; k++) {
      const z = -2 + (4 * k) / (POINTS - 1);
      rows.U[i * POINTS + k] = mu * x[i] + sigma * z;
      rows.T[i * POINTS + k] = -z / sigma;
    }
  }
  return rows;
}

export function notebookSharpnessCheck(run: RunInput, ctx: RouteContext, noise: { mu: number; sigma: number }, scale: number): Check[] {
  const reported = run.metrics.sharpnessNotebook;
  if (reported === undefined) return [];
  const s = run.setting, x = [...(run.artifact.x as number[])].sort((a, b) => a - b);
  const H = sampledHessian(netNd(run.artifact.model, 1, 1), gridRows(x, noise.mu, noise.sigma));
  const be = ctx.backend, state = be.f64(RNG_STATE_LENGTH), start = be.f64(H.size);
  be.rngSeed(state, deriveSeed(run.sweepSeed, `sharpness-notebook/d=${s.d}/t=${s.t}/sim=${s.sim}`));
  be.rngNormals(state, start, H.size);
  let v = start.view().slice();
  state.free(); start.free();
  const w = new Float64Array(H.size);
  let lambda = 0;
  for (let it = 0; it < ITERATIONS; it++) {
    let nv = 0;
    for (let i = 0; i < v.length; i++) nv += v[i] * v[i];
    nv = Math.sqrt(nv);
    for (let i = 0; i < v.length; i++) v[i] /= nv;
    H.apply(v, w);
    lambda = 0;
    for (let i = 0; i < v.length; i++) lambda += v[i] * w[i];
    v = Float64Array.from(w);
  }
  const mine = scale * Math.abs(lambda);
  return [check('sharpnessNotebook', "the notebook's 20 power iterations, same start, verify's own grid Hessian", 'relative', reported, mine,
    relative(reported, mine, Math.abs(mine)), 1e-9)];
}
