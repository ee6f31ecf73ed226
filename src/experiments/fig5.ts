// Figure 5 (left): the sharpness — signed largest eigenvalue of the loss Hessian — at the end of
// training vs the learning rate, beside the stability bound 2/(m eta) (the paper's (8)). It is
// computed from the final parameters of fig2's runs (their artifacts), not by training again:
// d = 1 at t = 0.2 ((mu, sigma) ≈ (0.81, 0.57)), exact Hessian–vector products and Lanczos, for
// the theory parameters (w2, b) and for all parameters (w1, b, w2). The d = 10 panel needs the
// sampled / with-kinks estimators (SPEC §1), which are not part of this experiment yet.
import { z } from 'zod';
import { sharpnessExact } from '../analysis/sharpness.js';
import type { Backend } from '../backend/contract.js';
import { Dataset } from '../model/dataset.js';
import { Net } from '../model/net.js';
import { noiseAt } from '../model/schedule.js';
import {
  SHARPNESS_PARAMS, addMetric, assertFinite, count, groupRuns, pointOf, rowBase, runKey, settingOf,
  trainingFields, type Point, type SharpnessParams, type TrainingArtifact,
} from './common.js';
import { fig2 } from './fig2.js';
import type { Experiment, FinishedRun, RunContext, RunOutput, RunSeeds, RunSpec, SummaryRow } from './types.js';

export const fig5Schema = z.strictObject({
  /** The fig2 preset whose artifacts (final parameters) are read. */
  source: z.enum(['quick', 'paper'], { error: 'source: the fig2 preset to read, one of "quick", "paper"' }),
  /** Only d = 1 has an exact Hessian. */
  d: z.literal(1, { error: 'd: 1 (the exact sharpness is 1-D; d = 10 needs the sampled/withKinks estimators)' }),
  /** The diffusion time of the fig2 runs to read (paper: 0.2). */
  t: z.number({ error: 't: a finite number > 0' }).positive({ error: 't: a finite number > 0' }),
  /** fig2's width, learning rates, epochs and simulations (they name its runs). */
  m: trainingFields.m,
  etas: trainingFields.etas,
  epochs: trainingFields.epochs,
  sims: count('sims'),
  /** Which Hessian: 'theory' = (w2, b) with w1 fixed, 'all' = (w1, b, w2). */
  params: z.array(z.enum(SHARPNESS_PARAMS, { error: 'params: each one of "theory", "all"' }))
    .min(1, { error: 'params: at least one of "theory", "all"' }),
}).superRefine((c, ctx) => {
  if (c.epochs.length !== c.etas.length) {
    ctx.addIssue({ code: 'custom', path: ['epochs'], message: `epochs: one integer >= 1 per eta (etas has ${c.etas.length}, epochs has ${c.epochs.length})` });
  }
  c.etas.forEach((v, j) => {
    if (c.etas.indexOf(v) !== j) ctx.addIssue({ code: 'custom', path: ['etas', j], message: `etas: values must be distinct (${v} repeats)` });
  });
  c.params.forEach((v, j) => {
    if (c.params.indexOf(v) !== j) ctx.addIssue({ code: 'custom', path: ['params', j], message: `params: values must be distinct (${v} repeats)` });
  });
});

export type Fig5Config = z.infer<typeof fig5Schema>;

/** The runs of fig2's preset at t = 0.2, d = 1. */
function fromFig2(source: 'quick' | 'paper'): Fig5Config {
  const f = fig2.presets[source];
  return { source, d: 1, t: 0.2, m: f.m, etas: [...f.etas], epochs: [...f.epochs], sims: f.sims, params: ['theory', 'all'] };
}

/** paper: fig2 paper's 30 simulations × 4 etas; 240 Lanczos runs of ~0.1–0.6 s, ≈ 2 min. */
const paper = fromFig2('paper');
/** quick: fig2 quick's 5 simulations (what fig2 quick trained): 40 Lanczos runs, ≈ 15 s on one core. */
const quick = fromFig2('quick');

function runs(c: Fig5Config): RunSpec[] {
  const out: RunSpec[] = [];
  c.etas.forEach((eta, j) => {
    for (let sim = 0; sim < c.sims; sim++) {
      const p: Point = { d: 1, t: c.t, eta, epochs: c.epochs[j], sim };
      out.push({ key: runKey(p), setting: settingOf(p) });
    }
  });
  return out;
}

const cap = (p: SharpnessParams): string => (p === 'theory' ? 'Theory' : 'All');

function run(be: Backend, c: Fig5Config, spec: RunSpec, _seeds: RunSeeds, ctx: RunContext): RunOutput {
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
  const data = Dataset.from(be, art.x, 1);
  const net = Net.fromModel(be, art.model, 1, 1);
  try {
    const metrics: Record<string, number> = {};
    for (const which of c.params) {
      const s = sharpnessExact(net, data, noise, which, p.eta);
      metrics[`sharpness${cap(which)}`] = s.value;
      metrics[`lambdaMin${cap(which)}`] = s.lambdaMin;
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

function summarize(c: Fig5Config, finished: FinishedRun[]): SummaryRow[] {
  const rows: SummaryRow[] = [];
  for (const { point, runs: rs } of groupRuns(runs(c), finished)) {
    for (const which of c.params) {
      const row = rowBase(point, c.m, rs);
      row.params = which;
      row.estimator = 'exact';
      addMetric(row, rs, 'sharpness', `sharpness${cap(which)}`);
      row.belowBound = rs.filter((r) => {
        const v = r.metrics[`sharpness${cap(which)}`];
        return r.metrics.divergedAtEpoch === undefined && typeof v === 'number' && v <= row.stabilityBound;
      }).length;
      rows.push(row);
    }
  }
  return rows;
}

export const fig5: Experiment<Fig5Config> = {
  id: 'fig5',
  title: 'Sharpness at the end of training vs learning rate (d = 1, exact Hessian): it stays below the stability bound 2/(m eta)',
  schema: fig5Schema,
  presets: { paper, quick },
  dependsOn: ['fig2'],
  runs,
  run,
  summarize,
};
