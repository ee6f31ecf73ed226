// The second routes of the sampled sharpness estimators (fig5 at d > 1, fig5diffusion). The
// reported `sampled` value is λ of the Hessian of the loss on a fixed sample of N_r rows drawn
// from a seed (no kink terms); `withKinks` adds kink blocks from R_r conditional draws a neuron.
// 1. The same sample: its rows and kink draws regenerated from the seeds (lossSample.ts,
//    kinkBlocks.ts seededKinkDraws), verify's own Hessian–vector product (sampledHessian.ts) and
//    locally optimal power iteration (eigen.ts). λ_max: the reported Lanczos error is <= 1e-8 of
//    scale = max(|λ_max|, |λ_min|), power iteration stops at a residual of 1e-7·scale (Weyl):
//    tolerance 1e-6 of scale (measured: 4e-15). `withKinks` starts from `sampled`'s eigenvector. λ_min: the reported Lanczos stops at an error
//    bound of 1e-3 of scale; power iteration here stops after 60 steps (its value had stopped
//    moving). Both are Rayleigh quotients, upper bounds of λ_min; on fig5diffusion quick the
//    reported λ_min sat 1.5e-3 of scale above this one (its bound, r²/gap with a Ritz gap, was
//    optimistic): tolerance 3e-3 of scale.
// 2. An independent Monte Carlo: verify's own sample (mixture.ts, every component, ~2000 rows)
//    and own kink draws (64 a neuron); λ_max compared in standard errors: at the eigenvector x,
//    xᵀĤx is a mean of per-row forms q_k (and per-draw kink forms), so se² = Σ ω_k² (q_k − λ)²
//    (+ the kink variance) for verify's estimate and, for the reported one, the same spread at
//    its sample size (rows i.i.d.: conservative, its rows are stratified). First-order
//    perturbation (δλ ≈ xᵀδH x) makes λ's error that of a mean; tolerance seThreshold (4–4.6).
//    This route checks the sample's law; route 1 has the power (a 5% error is ~1 se here).
import type { Backend } from '../../backend/contract.js';
import type { Check } from '../check.js';
import { check, relative } from '../check.js';
import { extremeEigenvalue, type Operator } from '../eigen.js';
import { addKinkProduct, kinkVariance, ownKinkDraws, seededKinkDraws, type KinkDraws } from '../kinkBlocks.js';
import { seededRows } from '../lossSample.js';
import { mixtureRows, scoreMixture, type Mixture } from '../mixture.js';
import { keySeed, type RouteContext, type RunInput } from '../route.js';
import { sampledHessian, type LossRows, type SampledHessian } from '../sampledHessian.js';
import { flatPoints, netNd, type NetNd } from '../scoreNd.js';
import { seThreshold } from '../stats.js';

const ROWS_TARGET = 2000;
const OWN_KINK_DRAWS = 64;
/** Power-iteration steps for λ_min (its value stopped moving by 60 on fig5diffusion quick). */
const MIN_STEPS = 60;

export interface SampledSetup { net: NetNd; mix: Mixture }

/** The score model at (μ, σ) (fig5, d > 1). */
export function scoreRows(run: RunInput, d: number, noise: { mu: number; sigma: number }): SampledSetup {
  return { net: netNd(run.artifact.model, d, d), mix: scoreMixture(flatPoints(run.artifact.x, d), d, noise.mu, noise.sigma) };
}

export interface SampledOptions {
  /** The reported sharpness is scale·λ (lossReduction 'mean': 1/d). */
  scale: number;
  /** The reported sample: rows per training point, its seed, and kink draws per neuron. */
  prodDraws: number;
  prodSeed: number;
  prodKinkDraws: number;
  estimators?: readonly ('sampled' | 'withKinks')[];
}

const NAME = { sampled: 'Sampled', withKinks: 'WithKinks' } as const;

function operator(H: SampledHessian, kinks: KinkDraws | null, net: NetNd): Operator {
  return { size: H.size, apply(v, o) { H.apply(v, o); if (kinks) addKinkProduct(kinks, v, o, net.dIn, net.m); } };
}

export function sampledChecks(run: RunInput, ctx: RouteContext, setup: SampledSetup, opts: SampledOptions): Check[] {
  const { net, mix } = setup, points = (run.artifact.x as unknown[]).length, be = ctx.backend;
  const same = sampledHessian(net, seededRows(be, mix, points, opts.prodDraws, opts.prodSeed));
  const ownRows = mixtureRows(mix, Math.max(1, Math.round(ROWS_TARGET / mix.count)), keySeed(run.key, 'sample'));
  const own = sampledHessian(net, ownRows);
  const out: Check[] = [];
  let warm: Float64Array | undefined;
  for (const est of opts.estimators ?? ['sampled', 'withKinks'] as const) {
    const max = run.metrics[`sharpness${NAME[est]}`], min = run.metrics[`lambdaMin${NAME[est]}`];
    if (max === undefined) continue;
    const big = Math.max(Math.abs(max), Math.abs(min ?? 0)) / opts.scale;
    const sameOp = operator(same, est === 'withKinks' ? seededKinks(be, net, mix, opts) : null, net);
    const top = extremeEigenvalue(sameOp, 1, { tol: 1e-7, scale: big, maxIt: 300, seed: 1, vector: true, start: warm });
    warm = top.vector;
    out.push(...sameSampleChecks(est, sameOp, top.value, max, min, big, opts.scale));
    // the own sample's top eigenvector is close to the same sample's: warm start, 1e-4 is plenty
    // against a standard error of ~1e-2
    const ownKinks = est === 'withKinks' ? ownKinkDraws(net, mix, OWN_KINK_DRAWS, keySeed(run.key, 'kinks')) : null;
    const mine = extremeEigenvalue(operator(own, ownKinks, net), 1, { tol: 1e-4, scale: big, maxIt: 100, seed: 3, vector: true, start: warm });
    const se = spread(own, ownRows, ownKinks, net, mine.vector!, mine.value, points * opts.prodDraws, opts.prodKinkDraws);
    out.push(check(`sharpness${NAME[est]}`, `own sample (${ownRows.N} rows${ownKinks ? `, ${OWN_KINK_DRAWS} kink draws a neuron` : ''}), in se`,
      'se', max, opts.scale * mine.value, Math.abs(max / opts.scale - mine.value) / se, seThreshold(ctx.runs)));
  }
  return out;
}

/** The reported kink draws: seed + 1 (0 after the largest seed), as sharpnessDenoising derives it. */
function seededKinks(be: Backend, net: NetNd, mix: Mixture, opts: SampledOptions): KinkDraws {
  return seededKinkDraws(be, net, mix, opts.prodKinkDraws, opts.prodSeed === Number.MAX_SAFE_INTEGER ? 0 : opts.prodSeed + 1);
}

function sameSampleChecks(est: 'sampled' | 'withKinks', op: Operator, top: number, max: number, min: number | undefined,
  big: number, scale: number): Check[] {
  const route = 'the same sample (regenerated from its seed), own Hv, power iteration';
  const out = [check(`sharpness${NAME[est]}`, route, 'relative', max, scale * top, relative(max / scale, top, big), 1e-6)];
  if (min !== undefined) {
    const bottom = extremeEigenvalue(op, -1, { tol: 1e-9, scale: big, maxIt: MIN_STEPS, seed: 2 });
    out.push(check(`lambdaMin${NAME[est]}`, route, 'relative', min, scale * bottom.value, relative(min / scale, bottom.value, big), 3e-3));
  }
  return out;
}

/** se of λ − λ_reported at the eigenvector x: verify's rows and kinks, plus the reported
 *  estimator's at its sizes (the same spreads, scaled by the sizes). */
function spread(H: SampledHessian, rows: LossRows, kinks: KinkDraws | null, net: NetNd, x: Float64Array, lambda: number,
  prodRows: number, prodKinkDraws: number): number {
  const q = H.rowForms(x);
  let own = 0, pop = 0;
  for (let k = 0; k < rows.N; k++) { own += (rows.weight[k] * (q[k] - lambda)) ** 2; pop += rows.weight[k] * (q[k] - lambda) ** 2; }
  const kinkVar = kinks ? kinkVariance(kinks, x, net.dIn, net.m) : 0;
  return Math.sqrt(own + pop / prodRows + kinkVar * (1 + OWN_KINK_DRAWS / prodKinkDraws));
}
