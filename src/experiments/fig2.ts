// Figure 2: excess risk R_n(theta) - R_n(s*) of the trained network vs the learning rate, for
// two noise levels, in d = 1 (left) and d = 10 (right); mean and 95% t-interval over
// simulations, each with new data. Appendix E: fig1's setting plus eta = 0.01 (200k epochs),
// 30 simulations, excess risk by Monte Carlo with 5000 noises per training point (bigstep adds
// the exact value in 1-D). Within a simulation the data, the initial network and the Monte
// Carlo noise are shared by every eta (common.ts runSeeds).
import { z } from 'zod';
import { integerSchema, listSchema } from '../model/validate.js';
import type { Backend } from '../backend/contract.js';
import {
  addMetric, assertFinite, crossCheck, freeTrained, groupRuns, pointOf, rowBase, runKey, settingOf, trainPoint,
  trainingFields, type Point,
} from './common.js';
import { protocolFields } from './protocol.js';
import type { Experiment, FinishedRun, RunContext, RunOutput, RunSeeds, RunSpec, SummaryRow } from './types.js';

export const fig2Schema = z.strictObject({
  ...trainingFields,
  /** Data dimensions (paper: 1 and 10). */
  ds: listSchema(integerSchema(1), 'at least one dimension (integers >= 1)'),
  /** Simulations per (d, t, eta), each with new data (paper: 30). */
  sims: integerSchema(1),
  /** SPEC §5 switches 5–7 (optional; absent = the paper text). */
  ...protocolFields,
}).superRefine((c, ctx) => crossCheck(c, ctx, c.ds));

export type Fig2Config = z.infer<typeof fig2Schema>;

/** Appendix E. Cost on one core: SGD d = 1 ≈ 3 s per (t, sim) (280k steps at 11 µs), d = 10
 *  ≈ 100 s (350 µs a step), so ≈ 3 min (d = 1) + ≈ 1.7 h (d = 10); the d = 1 trace adds
 *  ≈ 240 × 10 exact sharpnesses (~0.4 s each, ≈ 15 min). */
const paper: Fig2Config = {
  n: 20, m: 1000, B: 50, model: 'experiment',
  ds: [1, 10],
  ts: [0.2, 0.05],
  etas: [0.5, 0.1, 0.05, 0.01],
  epochs: [5_000, 25_000, 50_000, 200_000],
  sims: 30,
  draws: 5000,
  tracePoints: 10, traceExcessRisk: true, traceSharpness: 'theory',
};

/** Reduced: d = 1 only (d = 10 costs ~100 s a simulation; add it with `--set ds=1,10`),
 *  5 simulations instead of 30, a trace of 5 checkpoints without sharpness (fig5 quick gives the
 *  final sharpness; 'theory' at 5 checkpoints would triple the cost). Kept: the paper's etas and
 *  epochs, n, m, B, both noise levels and the 5000 Monte Carlo noises. 40 runs, measured
 *  ≈ 40–55 s on one core. */
const quick: Fig2Config = { ...paper, ds: [1], sims: 5, tracePoints: 5, traceSharpness: 'none' };

function runs(c: Fig2Config): RunSpec[] {
  const out: RunSpec[] = [];
  for (const d of c.ds) {
    for (const t of c.ts) {
      c.etas.forEach((eta, j) => {
        for (let sim = 0; sim < c.sims; sim++) {
          const p: Point = { d, t, eta, epochs: c.epochs[j], sim };
          out.push({ key: runKey(p), setting: settingOf(p) });
        }
      });
    }
  }
  return out;
}

function run(be: Backend, c: Fig2Config, spec: RunSpec, seeds: RunSeeds, ctx: RunContext): RunOutput {
  const r = trainPoint(be, c, spec.key, pointOf(spec), seeds, ctx.checkpoint);
  try {
    assertFinite(r.metrics, 'metrics');
    assertFinite(r.artifact);
    return { metrics: r.metrics, artifact: r.artifact };
  } finally {
    freeTrained(r);
  }
}

function summarize(c: Fig2Config, finished: FinishedRun[]): SummaryRow[] {
  return groupRuns(runs(c), finished).map(({ point, runs: rs }) => {
    const row = rowBase(point, c.m, rs);
    row.model = c.model;
    addMetric(row, rs, 'excessRisk');
    if (point.d === 1) addMetric(row, rs, 'excessRiskExact');
    addMetric(row, rs, 'finalLoss');
    return row;
  });
}

export const fig2: Experiment<Fig2Config> = {
  id: 'fig2',
  title: 'Excess risk vs learning rate (d = 1 and d = 10): SGD with a large learning rate does not reach the empirical optimal score',
  schema: fig2Schema,
  presets: { paper, quick },
  runs,
  run,
  summarize,
};
