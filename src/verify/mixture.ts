// The denoising losses as Gaussian mixtures (SPEC §1), written out again for verify:
//   L(θ) = Σ_c π_c E_{z ~ N(0, I_d)} ||net(u_c(z)) − T_c(z)||²,  u_c(z) = (prefix_c, center_c + scale_c z)
// score model (fig5): c = training point i, π = 1/n, no prefix, center μ x_i, scale σ, T = −z/σ;
// diffusion model (fig5diffusion): c = (i, k) over the points and the time grid t_k, π = w_k/n
// (w ∝ σ(t) or 1/σ(t), normalised), prefix t_k, center μ(t_k) x_i, scale σ(t_k), T = z.
// And verify's own sample of it: `perComponent` rows of each component, weight π_c/perComponent.
import { Sfc32 } from './rng.js';
import type { LossRows } from './sampledHessian.js';

export interface Mixture {
  kind: 'score' | 'diffusion';
  d: number;
  /** Prefix coordinates (0 or 1: the time). */
  pre: number;
  count: number;
  weight: Float64Array;
  prefix: Float64Array;
  center: Float64Array;
  scale: Float64Array;
}

export function scoreMixture(x: Float64Array, d: number, mu: number, sigma: number): Mixture {
  const n = x.length / d;
  return {
    kind: 'score', d, pre: 0, count: n, weight: new Float64Array(n).fill(1 / n), prefix: new Float64Array(0),
    center: Float64Array.from(x, (v) => mu * v), scale: new Float64Array(n).fill(sigma),
  };
}

/** The fig3 loss: times, unnormalised weights, μ(t) = e^{−rate·t}, σ(t) = √(1 − e^{−2t}). */
export function diffusionMixture(x: Float64Array, d: number, times: number[], weights: number[], rate: 1 | 2): Mixture {
  const n = x.length / d, K = times.length, C = n * K;
  const total = weights.reduce((a, b) => a + b, 0);
  const mix: Mixture = {
    kind: 'diffusion', d, pre: 1, count: C, weight: new Float64Array(C), prefix: new Float64Array(C),
    center: new Float64Array(C * d), scale: new Float64Array(C),
  };
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < K; k++) {
      const c = i * K + k, mu = Math.exp(-rate * times[k]);
      mix.weight[c] = weights[k] / total / n;
      mix.prefix[c] = times[k];
      mix.scale[c] = Math.sqrt(-Math.expm1(-2 * times[k]));
      for (let a = 0; a < d; a++) mix.center[c * d + a] = mu * x[i * d + a];
    }
  }
  return mix;
}

/** T_c(z): −z/scale (score) or z (diffusion). */
export const targetOf = (mix: Mixture, scale: number, z: number): number => (mix.kind === 'score' ? -z / scale : z);

/** The input u and target T at component c and noise z, into u (dIn) and T (d). */
export function pointAt(mix: Mixture, c: number, z: ArrayLike<number>, u: Float64Array, T: Float64Array, at = 0, tAt = 0): void {
  const { d, pre } = mix, s = mix.scale[c];
  for (let a = 0; a < pre; a++) u[at + a] = mix.prefix[c * pre + a];
  for (let a = 0; a < d; a++) {
    u[at + pre + a] = mix.center[c * d + a] + s * z[a];
    T[tAt + a] = targetOf(mix, s, z[a]);
  }
}

export function mixtureRows(mix: Mixture, perComponent: number, seed: number): LossRows {
  const { d, pre, count } = mix, dIn = d + pre, N = count * perComponent;
  const rows: LossRows = { N, dIn, dOut: d, U: new Float64Array(N * dIn), T: new Float64Array(N * d), weight: new Float64Array(N) };
  const rng = new Sfc32(seed), z = new Float64Array(d);
  for (let c = 0; c < count; c++) {
    for (let j = 0; j < perComponent; j++) {
      const k = c * perComponent + j;
      for (let a = 0; a < d; a++) z[a] = rng.normal();
      pointAt(mix, c, z, rows.U, rows.T, k * dIn, k * d);
      rows.weight[k] = mix.weight[c] / perComponent;
    }
  }
  return rows;
}
