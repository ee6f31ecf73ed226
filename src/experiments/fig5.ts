// Figure 5 (left): the sharpness — signed largest eigenvalue of the loss Hessian — at the end of
// training vs the learning rate, beside the stability bound 2/(m eta) (the paper's (8)). It is
// computed from the final parameters of fig2's runs (their artifacts), not by training again:
// d = 1 at t = 0.2 ((mu, sigma) ≈ (0.81, 0.57)), exact Hessian–vector products and Lanczos, for
// the theory parameters (w2, b) and for all parameters (w1, b, w2). d = 10 (`--set d=10
// --set 'params=["all"]'`, fig2's d = 10 artifacts): both estimators of SPEC §1 for all
// parameters (there is no theory model at d > 1) — `sampled`, Lanczos on the Hessian of the loss
// on a fixed sample of `draws` noises per training point, no kink terms, and `withKinks`, the
// same plus each neuron's kink block (src/analysis/kinkTerms.ts, KINK_DRAWS conditional draws
// per neuron). SPEC §5 switches: sharpnessMethod 'notebook' (1-D) replaces the estimator by
// the notebook's |λ| (20 power iterations on the grid loss); lossReduction 'mean' divides the
// sharpness by d (the Hessian of the loss averaged over outputs; the bound 2/(m eta) unchanged).
import { z } from 'zod';
import { integerSchema, listSchema, oneOfSchema, positiveSchema } from '../model/validate.js';
import { sharpnessExact } from '../analysis/sharpness.js';
import { scoreLoss } from '../analysis/denoisingLoss.js';
import { sharpnessDenoising, sharpnessNotebook } from '../analysis/sharpnessSampled.js';
import type { Backend } from '../backend/contract.js';
import { Dataset } from '../model/dataset.js';
import { Net } from '../model/net.js';
import { noiseAt } from '../model/schedule.js';
import {
  SHARPNESS_PARAMS, addMetric, assertFinite, groupRuns, pointOf, rowBase, runKey, settingOf,
  trainingFields, type Point, type SharpnessParams, type TrainingArtifact,
} from './common.js';
import { fig2 } from './fig2.js';
import { NOTEBOOK_GRID_POINTS, NOTEBOOK_POWER_ITERATIONS, protocolFields, resolveProtocol } from './protocol.js';
import { deriveSeed } from './seeds.js';
import type { Experiment, FinishedRun, RunContext, RunOutput, RunSeeds, RunSpec, SummaryRow } from './types.js';

export const fig5Schema = z.strictObject({
  /** The fig2 preset whose artifacts (final parameters) are read. */
  source: z.enum(['quick', 'paper'], { error: 'the fig2 preset to read: "quick", "paper"' }),
  /** 1: exact Hessian; d > 1 (fig2 paper: 10): the `sampled` estimator, params ["all"] only. */
  d: integerSchema(1),
  /** d > 1: noises per training point of the fixed sample (default DEFAULT_SAMPLED_DRAWS). Cost
   *  ≈ 10·d·m·n·draws multiply-adds per Hessian–vector product, 20–60 products per run. The sample's seed
   *  is derived from the sweep seed and `sharpness-sample/d=../t=../sim=..` (shared across eta). */
  draws: integerSchema(1).optional(),
  ...protocolFields,
  /** The diffusion time of the fig2 runs to read (paper: 0.2). */
  t: positiveSchema(),
  /** fig2's width, learning rates, epochs and simulations (they name its runs). */
  m: trainingFields.m,
  etas: trainingFields.etas,
  epochs: trainingFields.epochs,
  sims: integerSchema(1),
  /** Which Hessian: 'theory' = (w2, b) with w1 fixed, 'all' = (w1, b, w2). */
  params: listSchema(oneOfSchema(SHARPNESS_PARAMS), 'at least one of "theory", "all"'),
}).superRefine((c, ctx) => {
  if (c.epochs.length !== c.etas.length) {
    ctx.addIssue({ code: 'custom', path: ['epochs'], message: `one integer >= 1 per eta (etas has ${c.etas.length}, epochs has ${c.epochs.length})` });
  }
  c.etas.forEach((v, j) => {
    if (c.etas.indexOf(v) !== j) ctx.addIssue({ code: 'custom', path: ['etas', j], message: `distinct values (${v} repeats)` });
  });
  if (c.d !== 1 && c.params.some((p) => p !== 'all')) {
    ctx.addIssue({ code: 'custom', path: ['params'], message: `["all"] at d = ${c.d} (no theory model at d > 1; --set 'params=["all"]')` });
  }
  if (c.d !== 1 && resolveProtocol(c).sharpnessMethod === 'notebook') {
    ctx.addIssue({ code: 'custom', path: ['sharpnessMethod'], message: `"lanczos" at d = ${c.d} ("notebook" uses a 1-D quadrature grid)` });
  }
  c.params.forEach((v, j) => {
    if (c.params.indexOf(v) !== j) ctx.addIssue({ code: 'custom', path: ['params', j], message: `distinct values (${v} repeats)` });
  });
});

export type Fig5Config = z.infer<typeof fig5Schema>;

/** The runs of fig2's preset at t = 0.2, d = 1. */
function fromFig2(source: 'quick' | 'paper'): Fig5Config {
  const f = fig2.presets[source];
  return { source, d: 1, t: 0.2, m: f.m, etas: [...f.etas], epochs: [...f.epochs], sims: f.sims, params: ['theory', 'all'] };
}

/** Noises per training point of the `sampled` estimator (d > 1) when `draws` is not set:
 *  N = 20 · 200 = 4000 rows; at d = 10, m = 1000 one product is 4e8 multiply-adds, ≈ 0.1 s; a run ≈ 6 s (≈ 55 products). */
export const DEFAULT_SAMPLED_DRAWS = 200;

/** Conditional draws per neuron of the `withKinks` kink blocks (d > 1). */
export const KINK_DRAWS = 64;

/** paper: fig2 paper's 30 simulations × 4 etas; 240 Lanczos runs of ~0.1–0.6 s, ≈ 2 min. */
const paper = fromFig2('paper');
/** quick: fig2 quick's 5 simulations (what fig2 quick trained): 40 Lanczos runs, ≈ 15 s on one core. */
const quick = fromFig2('quick');

function runs(c: Fig5Config): RunSpec[] {
  const out: RunSpec[] = [];
  c.etas.forEach((eta, j) => {
    for (let sim = 0; sim < c.sims; sim++) {
      const p: Point = { d: c.d, t: c.t, eta, epochs: c.epochs[j], sim };
      out.push({ key: runKey(p), setting: settingOf(p) });
    }
  });
  return out;
}

const cap = (p: SharpnessParams): string => (p === 'theory' ? 'Theory' : 'All');

function run(be: Backend, c: Fig5Config, spec: RunSpec, seeds: RunSeeds, ctx: RunContext): RunOutput {
  const p = pointOf(spec);
  const art = ctx.artifact('fig2', c.source, spec.key) as TrainingArtifact | undefined;
  if (!art) {
    throw new Error(`fig5: fig2's artifact "${spec.key}" (preset ${c.source}) is missing — run \`bigstep run fig2 --preset ${c.source}\` first`);
  }
  const noise = noiseAt(p.t);
  if (Math.abs(art.mu - noise.mu) > 1e-12 || Math.abs(art.sigma - noise.sigma) > 1e-12) {
    throw new Error(`fig5: fig2's artifact "${spec.key}" has (mu, sigma) = (${art.mu}, ${art.sigma}), not those of t = ${p.t}`);
  }
  if (art.model.b.length !== c.m) {
    throw new Error(`fig5: fig2's artifact "${spec.key}" has width ${art.model.b.length}, the config says m = ${c.m}`);
  }
  const artifact = { key: spec.key, mu: art.mu, sigma: art.sigma, x: art.x, model: art.model };
  if (art.divergedAtEpoch !== undefined) return { metrics: { divergedAtEpoch: art.divergedAtEpoch }, artifact };
  const data = Dataset.from(be, art.x, c.d);
  const net = Net.fromModel(be, art.model, c.d, c.d);
  const proto = resolveProtocol(c);
  const scale = proto.lossReduction === 'mean' ? 1 / c.d : 1; // Hessian of the loss / d
  try {
    const metrics: Record<string, number> = {};
    if (proto.sharpnessMethod === 'notebook') {
      metrics.sharpnessNotebook = scale * sharpnessNotebook(net, data, noise, {
        iterations: NOTEBOOK_POWER_ITERATIONS, points: NOTEBOOK_GRID_POINTS,
        seed: deriveSeed(seeds.sweep, `sharpness-notebook/d=${p.d}/t=${p.t}/sim=${p.sim}`),
      });
    } else if (c.d !== 1) {
      const loss = scoreLoss(data, noise.mu, noise.sigma);
      for (const estimator of ['sampled', 'withKinks'] as const) {
        const s = sharpnessDenoising(net, loss, {
          estimator, draws: c.draws ?? DEFAULT_SAMPLED_DRAWS, kinkDraws: KINK_DRAWS, eta: p.eta,
          seed: deriveSeed(seeds.sweep, `sharpness-sample/d=${p.d}/t=${p.t}/sim=${p.sim}`),
        });
        const name = estimator === 'sampled' ? 'Sampled' : 'WithKinks';
        metrics[`sharpness${name}`] = scale * s.value;
        metrics[`lambdaMin${name}`] = scale * s.lambdaMin;
        metrics[`lanczosIterations${name}`] = s.iterations;
        metrics[`lanczosConverged${name}`] = s.converged ? 1 : 0;
      }
    } else for (const which of c.params) {
      const s = sharpnessExact(net, data, noise, which, p.eta);
      metrics[`sharpness${cap(which)}`] = scale * s.value;
      metrics[`lambdaMin${cap(which)}`] = scale * s.lambdaMin;
      metrics[`lanczosResidual${cap(which)}`] = s.residualMax;
      metrics[`lanczosConverged${cap(which)}`] = s.converged ? 1 : 0;
    }
    assertFinite(metrics, 'metrics');
    return { metrics, artifact };
  } finally {
    net.free();
    data.free();
  }
}

/** Which estimators a config computes: (params, estimator, metric name) per summary row. */
function estimators(c: Fig5Config): { params: SharpnessParams; estimator: 'exact' | 'sampled' | 'withKinks' | 'notebook'; metric: string }[] {
  if (resolveProtocol(c).sharpnessMethod === 'notebook') return [{ params: 'all', estimator: 'notebook', metric: 'sharpnessNotebook' }];
  if (c.d !== 1) {
    return [{ params: 'all', estimator: 'sampled', metric: 'sharpnessSampled' }, { params: 'all', estimator: 'withKinks', metric: 'sharpnessWithKinks' }];
  }
  return c.params.map((p) => ({ params: p, estimator: 'exact' as const, metric: `sharpness${cap(p)}` }));
}

function summarize(c: Fig5Config, finished: FinishedRun[]): SummaryRow[] {
  const rows: SummaryRow[] = [];
  for (const { point, runs: rs } of groupRuns(runs(c), finished)) {
    for (const e of estimators(c)) {
      const row = rowBase(point, c.m, rs);
      row.params = e.params;
      row.estimator = e.estimator;
      addMetric(row, rs, 'sharpness', e.metric);
      row.belowBound = rs.filter((r) => {
        const v = r.metrics[e.metric];
        return r.metrics.divergedAtEpoch === undefined && typeof v === 'number' && v <= row.stabilityBound;
      }).length;
      rows.push(row);
    }
  }
  return rows;
}

export const fig5: Experiment<Fig5Config> = {
  id: 'fig5',
  title: 'Sharpness at the end of training vs learning rate (d = 1 exact Hessian, d = 10 sampled and with kink terms): it stays below the stability bound 2/(m eta)',
  schema: fig5Schema,
  presets: { paper, quick },
  dependsOn: ['fig2'],
  runs,
  run,
  summarize,
};
