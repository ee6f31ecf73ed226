// Figure 5 (right): the sharpness of the diffusion loss at the end of training vs the learning
// rate, beside 2/(m eta), from the final parameters of fig3's runs (their artifacts), never by
// training again. There is no closed form: two estimators (SPEC §1) on a fixed noise sample of
// the training loss (the data points × the time grid, weights as in training) —
// `sampled`: Lanczos on the exact Hessian–vector product of the sampled loss, without kink terms
// (what autograd and the authors' notebooks measure); `withKinks`: plus each neuron's kink term,
// the surface integral over its hyperplane (exact density × conditional-Gaussian Monte Carlo).
import { z } from 'zod';
import { integerSchema, listSchema, oneOfSchema, positiveSchema } from '../model/validate.js';
import { diffusionLoss } from '../analysis/denoisingLoss.js';
import { sharpnessDenoising } from '../analysis/sharpnessSampled.js';
import type { Backend } from '../backend/contract.js';
import { Dataset } from '../model/dataset.js';
import { Net } from '../model/net.js';
import { addMetric, assertFinite } from './common.js';
import { diffusionProtocolFields, resolveDiffusionProtocol, scheduleOf } from './diffusion.js';
import { diffusionRows, diffusionRuns, pointOfDiffusion } from './diffusionRows.js';
import { fig3 } from './fig3.js';
import { deriveSeed } from './seeds.js';
import type { Experiment, FinishedRun, RunContext, RunOutput, RunSeeds, RunSpec, SummaryRow } from './types.js';

export const ESTIMATORS = ['sampled', 'withKinks'] as const;

export const fig5diffusionSchema = z.strictObject({
  /** The fig3 preset whose artifacts are read. */
  source: z.enum(['quick', 'paper'], { error: 'the fig3 preset to read: "quick", "paper"' }),
  /** fig3's dimension, width, learning rates, epochs, simulations and loss (they name its runs). */
  d: integerSchema(1),
  m: integerSchema(1),
  etas: listSchema(positiveSchema(), 'at least one learning rate'),
  epochs: listSchema(integerSchema(1), 'one integer >= 1 per eta'),
  sims: integerSchema(1),
  timeCount: integerSchema(2),
  ...diffusionProtocolFields,
  /** Rows per training point of the fixed sample of the loss (time stratified by its weights;
   *  src/analysis/denoisingLoss.ts); the Hessian–vector product's cost is linear in it. */
  draws: integerSchema(1),
  /** Conditional draws per neuron for the kink terms of `withKinks`. */
  kinkDraws: integerSchema(1),
  estimators: listSchema(oneOfSchema(ESTIMATORS), 'at least one of "sampled", "withKinks"'),
}).superRefine((c, ctx) => {
  if (c.epochs.length !== c.etas.length) {
    ctx.addIssue({ code: 'custom', path: ['epochs'], message: `one integer >= 1 per eta (etas has ${c.etas.length}, epochs has ${c.epochs.length})` });
  }
});

export type Fig5DiffusionConfig = z.infer<typeof fig5diffusionSchema>;

function fromFig3(source: 'quick' | 'paper'): Fig5DiffusionConfig {
  const f = fig3.presets[source];
  return {
    source, d: f.d, m: f.m, etas: [...f.etas], epochs: [...f.epochs], sims: f.sims, timeCount: f.timeCount,
    draws: 200, kinkDraws: 64, estimators: ['sampled', 'withKinks'],
    // The loss fig3 trained on: its protocol switches, when the preset sets them.
    ...Object.fromEntries((['protocol', 'muSchedule', 'trainDelta', 'timeWeights', 'lossReduction'] as const)
      .filter((k) => f[k] !== undefined).map((k) => [k, f[k]])),
  };
}

function runs(c: Fig5DiffusionConfig): RunSpec[] {
  return diffusionRuns([c.d], c.etas, c.epochs, c.sims, 1);
}

const METRIC = { sampled: 'sharpnessSampled', withKinks: 'sharpnessWithKinks' } as const;

function run(be: Backend, c: Fig5DiffusionConfig, spec: RunSpec, seeds: RunSeeds, ctx: RunContext): RunOutput {
  const p = pointOfDiffusion(spec);
  const art = ctx.artifact('fig3', c.source, spec.key) as (ReturnType<RunContext['artifact']> & { divergedAtEpoch?: number }) | undefined;
  if (!art) {
    throw new Error(`fig5diffusion: fig3's artifact "${spec.key}" (preset ${c.source}) is missing — run \`bigstep run fig3 --preset ${c.source}\` first`);
  }
  if (art.model.b.length !== c.m) {
    throw new Error(`fig5diffusion: fig3's artifact "${spec.key}" has width ${art.model.b.length}, the config says m = ${c.m}`);
  }
  const trained = art.diffusionLoss, expected = { timeCount: c.timeCount, ...resolveDiffusionProtocol(c) };
  if (trained) {
    const differ = (Object.keys(expected) as (keyof typeof expected)[]).filter((k) => trained[k] !== expected[k]);
    if (differ.length > 0) {
      throw new Error(`fig5diffusion: fig3's run "${spec.key}" was trained with ${differ.map((k) => `${k} = ${trained[k]}`).join(', ')}; `
        + `this config gives ${differ.map((k) => `${k} = ${expected[k]}`).join(', ')} — pass fig5diffusion the same --set switches as fig3`);
    }
  }
  const artifact = { key: spec.key, x: art.x, model: art.model };
  if (art.divergedAtEpoch !== undefined) return { metrics: { divergedAtEpoch: art.divergedAtEpoch }, artifact };
  const data = Dataset.from(be, art.x, c.d);
  const net = Net.fromModel(be, art.model, c.d + 1, c.d);
  // lossReduction 'mean' trains on the loss / d: its Hessian is the summed loss's / d.
  const scale = resolveDiffusionProtocol(c).lossReduction === 'mean' ? 1 / c.d : 1;
  try {
    const loss = diffusionLoss(data, scheduleOf(c));
    const seed = deriveSeed(seeds.sweep, `sharpness-sample/d=${p.d}/sim=${p.sim}`); // shared across eta
    const metrics: Record<string, number> = {};
    for (const estimator of c.estimators) {
      const s = sharpnessDenoising(net, loss, { estimator, draws: c.draws, kinkDraws: c.kinkDraws, seed, eta: p.eta });
      metrics[METRIC[estimator]] = scale * s.value;
      metrics[`lambdaMin${estimator === 'sampled' ? 'Sampled' : 'WithKinks'}`] = scale * s.lambdaMin;
      metrics[`lanczosConverged${estimator === 'sampled' ? 'Sampled' : 'WithKinks'}`] = s.converged ? 1 : 0;
    }
    assertFinite(metrics, 'metrics');
    return { metrics, artifact };
  } finally {
    net.free();
    data.free();
  }
}

function summarize(c: Fig5DiffusionConfig, finished: FinishedRun[]): SummaryRow[] {
  const rows: SummaryRow[] = [];
  for (const estimator of c.estimators) {
    rows.push(...diffusionRows(runs(c), finished, c.m, (row, rs) => {
      row.params = 'all';
      row.estimator = estimator;
      row.panel = `diffusion model, d = ${c.d}`;
      addMetric(row, rs, 'sharpness', METRIC[estimator]);
      row.belowBound = rs.filter((r) => {
        const v = r.metrics[METRIC[estimator]];
        return r.metrics.divergedAtEpoch === undefined && typeof v === 'number' && v <= row.stabilityBound;
      }).length;
    }));
  }
  return rows;
}

export const fig5diffusion: Experiment<Fig5DiffusionConfig> = {
  id: 'fig5diffusion',
  title: 'Sharpness of the diffusion loss at the end of training vs learning rate (fig3 setting; sampled and with kink terms) against 2/(m eta)',
  schema: fig5diffusionSchema,
  presets: { paper: fromFig3('paper'), quick: fromFig3('quick') },
  dependsOn: ['fig3'],
  runs,
  run,
  summarize,
};
