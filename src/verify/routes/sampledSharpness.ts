// The second route of the sampled sharpness estimators (fig5 at d > 1, fig5diffusion): no
// closed form, so a Monte Carlo route with its own noise. The reported `sampled` value is λ of
// the Hessian of the loss on a fixed sample of N_r rows (no kink terms); `withKinks` adds kink
// blocks from D_r conditional draws per neuron. verify draws its own sample (mixture.ts: every
// component, ROWS_TARGET rows in all) and kink draws (kinkBlocks.ts), takes λ_max and λ_min of
// its own estimate by locally optimal power iteration (eigen.ts), and compares in standard
// errors: at the eigenvector x, vᵀĤv is a mean of per-row forms q_k (and per-draw kink forms),
// so se² = Σ ω_k² (q_k − λ)² (+ the kink variance) for verify's estimate and, for the reported
// one, the same spread at its sample size (rows iid: conservative, its rows are stratified).
// First-order perturbation (δλ ≈ xᵀδH x) is what makes λ's error that of a mean; tolerance
// seThreshold (4–4.5 se). λ_min also carries both solvers' slack (the reported one stops at
// 1e-3 relative, power iteration here after 60 steps): 2e-3·|λ|_max is allowed on top.
import type { Check } from '../check.js';
import { check } from '../check.js';
import { extremeEigenvalue } from '../eigen.js';
import { addKinkProduct, kinkDraws, kinkQuadForm } from '../kinkBlocks.js';
import { mixtureRows, scoreMixture, type Mixture } from '../mixture.js';
import { keySeed, type RouteContext, type RunInput } from '../route.js';
import { sampledHessian } from '../sampledHessian.js';
import { flatPoints, netNd, type NetNd } from '../scoreNd.js';
import { seThreshold } from '../stats.js';

/** verify's sample: about this many rows (at least one per component). */
const ROWS_TARGET = 2000;
/** verify's conditional draws per neuron for the kink blocks. */
const KINK_DRAWS = 64;
const MIN_SLACK = 2e-3;

export interface SampledSetup { net: NetNd; mix: Mixture }

/** The score model at (μ, σ) (fig5, d > 1). */
export function scoreRows(run: RunInput, d: number, noise: { mu: number; sigma: number }): SampledSetup {
  const x = flatPoints(run.artifact.x, d);
  return { net: netNd(run.artifact.model, d, d), mix: scoreMixture(x, d, noise.mu, noise.sigma) };
}

export interface SampledOptions {
  /** The reported sharpness is scale·λ (lossReduction 'mean': 1/d). */
  scale: number;
  /** Rows per training point of the reported sample, and its kink draws per neuron. */
  prodDraws: number;
  prodKinkDraws?: number;
  estimators?: readonly ('sampled' | 'withKinks')[];
}

const NAME = { sampled: 'Sampled', withKinks: 'WithKinks' } as const;

export function sampledChecks(run: RunInput, ctx: RouteContext, setup: SampledSetup, opts: SampledOptions): Check[] {
  const { net, mix } = setup, points = (run.artifact.x as unknown[]).length;
  const per = Math.max(1, Math.round(ROWS_TARGET / mix.count));
  const rows = mixtureRows(mix, per, keySeed(run.key, 'sample'));
  const H = sampledHessian(net, rows);
  const prodRows = points * opts.prodDraws;
  const out: Check[] = [];
  for (const est of opts.estimators ?? ['sampled', 'withKinks'] as const) {
    const max = run.metrics[`sharpness${NAME[est]}`], min = run.metrics[`lambdaMin${NAME[est]}`];
    if (max === undefined) continue;
    const kinks = est === 'withKinks' ? kinkDraws(net, mix, KINK_DRAWS, keySeed(run.key, 'kinks')) : null;
    const op = {
      size: H.size,
      apply(v: Float64Array, o: Float64Array): void { H.apply(v, o); if (kinks) addKinkProduct(kinks, v, o, net.dIn, net.m); },
    };
    const big = Math.max(Math.abs(max), Math.abs(min ?? 0)) / opts.scale;
    const spread = (x: Float64Array, lambda: number): number => {
      const q = H.rowForms(x);
      let own = 0, pop = 0;
      for (let k = 0; k < rows.N; k++) { own += (rows.weight[k] * (q[k] - lambda)) ** 2; pop += rows.weight[k] * (q[k] - lambda) ** 2; }
      let kinkVar = 0;
      if (kinks) kinkVar = kinkQuadForm(kinks, x, net.dIn, net.m).variance;
      const prodKink = kinks ? kinkVar * (KINK_DRAWS / (opts.prodKinkDraws ?? KINK_DRAWS)) : 0;
      return Math.sqrt(own + kinkVar + pop / prodRows + prodKink);
    };
    const z = seThreshold(ctx.runs);
    const top = extremeEigenvalue(op, 1, { tol: 1e-6, scale: big, maxIt: 200, seed: 1, vector: true });
    const seTop = spread(top.vector!, top.value);
    out.push(check(`sharpness${NAME[est]}`, `own sample (${rows.N} rows${kinks ? `, ${KINK_DRAWS} kink draws a neuron` : ''}), power iteration, in se`,
      'se', max, opts.scale * top.value, Math.abs(max / opts.scale - top.value) / seTop, z));
    if (min !== undefined) {
      const bottom = extremeEigenvalue(op, -1, { tol: 1e-6, scale: big, maxIt: 60, seed: 2, vector: true });
      const se = spread(bottom.vector!, bottom.value), slack = MIN_SLACK * big;
      out.push(check(`lambdaMin${NAME[est]}`, `own sample, power iteration, in se beyond ${MIN_SLACK}·|λ|max`, 'se', min, opts.scale * bottom.value,
        Math.max(0, Math.abs(min / opts.scale - bottom.value) - slack) / se, z));
    }
  }
  return out;
}
