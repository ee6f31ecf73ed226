// What fig1 and fig2 share (fig5 reads their results): config fields, run keys and seeds, one
// training run of the paper's protocol with its trace and evaluation, and the summary rows.
import { z } from 'zod';
import { excessRiskMonteCarlo } from '../analysis/excessRisk.js';
import { riskExact, riskSStar } from '../analysis/exact1d.js';
import { sharpnessExact, stabilityBound } from '../analysis/sharpness.js';
import { riskMonteCarlo } from '../analysis/riskMonteCarlo.js';
import { sharpnessNotebook } from '../analysis/sharpnessSampled.js';
import {
  NOTEBOOK_EXCESS_RISK_DRAWS, NOTEBOOK_GRID_POINTS, NOTEBOOK_POWER_ITERATIONS, resolveProtocol, type ProtocolConfig,
} from './protocol.js';
import { PRECISIONS, type Backend, type Precision } from '../backend/contract.js';
import { Dataset } from '../model/dataset.js';
import { Net } from '../model/net.js';
import { T_MAX, noiseAt } from '../model/schedule.js';
import { train } from '../model/train.js';
import { integerSchema, listSchema, oneOfSchema, openIntervalSchema, positiveSchema } from '../model/validate.js';
import { checkpointSegment, savedTraining } from './checkpointed.js';
import { deriveSeed } from './seeds.js';
import { tInterval } from '../analysis/stats.js';
import type { FinishedRun, Metric, RunArtifact, RunCheckpoint, RunSeeds, RunSpec, SummaryRow, Trace } from './types.js';

// ---------------------------------------------------------------- config fields

export const MODEL_KINDS = ['experiment', 'theory'] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];
export const SHARPNESS_PARAMS = ['theory', 'all'] as const;
export type SharpnessParams = (typeof SHARPNESS_PARAMS)[number];
export const TRACE_SHARPNESS = ['none', 'theory', 'all'] as const;


/** Fields every training experiment has (SPEC §1 SGD; appendix E). */
export const trainingFields = {
  /** Training points per data set, x_i ~ N(0, I_d). */
  n: integerSchema(1),
  /** Width of the two-layer ReLU network. */
  m: integerSchema(1),
  /** Batch size (indices drawn with replacement). */
  B: integerSchema(1),
  /** 'experiment' (appendix E: all of w1, b, w2 trained) or 'theory' (section 4, 1-D only: w1 = ±1 fixed). */
  model: oneOfSchema(MODEL_KINDS),
  /** Diffusion times t: mu = e^-t, sigma = sqrt(1 - e^-2t) (at t > ~18, sigma rounds to 1:
   *  T_MAX keeps sigma < 1 and mu far from 0). */
  ts: listSchema(openIntervalSchema(0, T_MAX, true), 'at least one diffusion time'),
  /** Learning rates; epochs[j] SGD steps (the paper's "epochs") at etas[j]. */
  etas: listSchema(positiveSchema(), 'at least one learning rate'),
  epochs: listSchema(integerSchema(1), 'one integer >= 1 per eta'),
  /** Monte Carlo noises per training point for the excess risk (paper: 5000). */
  draws: integerSchema(2),
  /** Trace checkpoints per run, evenly spaced (every ceil(epochs/tracePoints) epochs, the last
   *  at the end): mean batch loss since the previous checkpoint and, in 1-D, exact values. */
  tracePoints: integerSchema(1),
  /** 1-D: the exact excess risk at each checkpoint (cheap: O(n m)). */
  traceExcessRisk: z.boolean({ error: 'true or false' }),
  /** 1-D: the exact sharpness at each checkpoint ('theory' = (w2, b), 'all'); ~0.1 s each at m = 1000. */
  traceSharpness: oneOfSchema(TRACE_SHARPNESS),
  /** Training arithmetic: 'f64' (absent: the default) or 'f32' (f32x4 kernels, the authors'
   *  float32; the same draws rounded). Analysis stays f64 on the promoted parameters. Optional and
   *  never filled in, so configs without it keep their fingerprints. */
  precision: oneOfSchema(PRECISIONS).optional(),
};

interface Cross { ts: number[]; etas: number[]; epochs: number[]; model: ModelKind }

/** Cross-field checks: one epoch count per eta, no repeated eta or t (run keys must be unique),
 *  the theory model only in 1-D. */
export function crossCheck(c: Cross, ctx: z.RefinementCtx, ds: number[]): void {
  if (c.epochs.length !== c.etas.length) {
    ctx.addIssue({ code: 'custom', path: ['epochs'], message: `one integer >= 1 per eta (etas has ${c.etas.length}, epochs has ${c.epochs.length})` });
  }
  const dup = (name: string, values: number[]) => values.forEach((v, j) => {
    if (values.indexOf(v) !== j) ctx.addIssue({ code: 'custom', path: [name, j], message: `distinct values (${v} repeats)` });
  });
  dup('etas', c.etas);
  dup('ts', c.ts);
  dup('ds', ds);
  if (c.model === 'theory' && ds.some((d) => d !== 1)) {
    ctx.addIssue({ code: 'custom', path: ['model'], message: '"experiment" ("theory" needs d = 1: the theory model is 1-D)' });
  }
}

// ---------------------------------------------------------------- keys and seeds

export interface Point { d: number; t: number; eta: number; epochs: number; sim: number }

/** `d=1/t=0.2/eta=0.5/sim=3` (fig2, fig5) — numbers as JavaScript prints them. */
export const runKey = (p: Point): string => `d=${p.d}/t=${p.t}/eta=${p.eta}/sim=${p.sim}`;

export function settingOf(p: Point): RunSpec['setting'] {
  const { mu, sigma } = noiseAt(p.t);
  return { d: p.d, t: p.t, mu, sigma, eta: p.eta, epochs: p.epochs, sim: p.sim };
}

export function pointOf(spec: RunSpec): Point {
  const s = spec.setting;
  return { d: Number(s.d), t: Number(s.t), eta: Number(s.eta), epochs: Number(s.epochs), sim: Number(s.sim) };
}

/** Seeds of a run. Data, initial network and the Monte Carlo evaluation noise depend on
 *  (d, t, sim) only — the same data set, the same initial network and the same evaluation noise
 *  for every eta, so that eta is the only difference between the runs of a simulation (and the
 *  excess risks across eta are compared on common random numbers). The SGD noise is the run's
 *  own seed (the runner derives it from the full key). */
export function runSeeds(p: Point, seeds: RunSeeds): { data: number; init: number; sgd: number; mc: number } {
  const at = `d=${p.d}/t=${p.t}/sim=${p.sim}`;
  return {
    data: deriveSeed(seeds.sweep, `data/${at}`),
    init: deriveSeed(seeds.sweep, `init/${at}`),
    sgd: seeds.run,
    mc: deriveSeed(seeds.sweep, `excess-risk-mc/${at}`),
  };
}

// ---------------------------------------------------------------- one training run

/** Plus the SPEC §5 switches (protocol.ts; absent = the paper). */
export interface TrainingConfig extends ProtocolConfig {
  n: number; m: number; B: number; model: ModelKind; draws: number; precision?: Precision;
  tracePoints: number; traceExcessRisk: boolean; traceSharpness: (typeof TRACE_SHARPNESS)[number];
}

/** Artifacts of training runs also say when a run diverged (fig5 skips those). */
export type TrainingArtifact = RunArtifact & { mu: number; sigma: number; divergedAtEpoch?: number };

export interface TrainedRun {
  metrics: Record<string, number>;
  artifact: TrainingArtifact;
  net: Net;
  data: Dataset;
  diverged: boolean;
}

/** Sample the data, build the network, train with a trace, evaluate. The caller frees `net`
 *  and `data` (freeTrained). Metrics: finalLoss, excessRisk (Monte Carlo, the paper's
 *  estimator), excessRiskMonteCarloStderr, and in 1-D excessRiskExact; or only
 *  divergedAtEpoch when the run diverged. SPEC §5 switches (resolveProtocol):
 *  lossReduction 'mean' trains on ||·||²/d — exactly SGD with eta/d, since the step is
 *  m·eta·∇(loss/d) — and reports the loss (trace, finalLoss) divided by d; sharpnessMethod
 *  'notebook' makes the trace sharpness the notebook's |λ| (grid loss, 20 power iterations, all
 *  parameters); excessRiskMethod 'notebook' makes excessRisk = MC R_n(θ) − MC R_n(s*), 1000
 *  draws each with separate noise (stderr = both combined). excessRiskExact is unchanged. */
export function trainPoint(be: Backend, c: TrainingConfig, key: string, p: Point, seeds: RunSeeds, checkpoint?: RunCheckpoint): TrainedRun {
  const s = runSeeds(p, seeds);
  const noise = noiseAt(p.t);
  const oneD = p.d === 1;
  const proto = resolveProtocol(c);
  const per = proto.lossReduction === 'mean' ? p.d : 1; // loss = ||·||² / per
  const at = `d=${p.d}/t=${p.t}/sim=${p.sim}`;
  const data = Dataset.sample(be, { n: c.n, d: p.d, seed: s.data });
  const precision = c.precision ?? 'f64';
  const net = c.model === 'theory'
    ? Net.theory(be, { m: c.m, seed: s.init, precision })
    : Net.experiment(be, { dIn: p.d, dOut: p.d, m: c.m, seed: s.init, precision });
  try {
    const rs = oneD ? riskSStar(data, noise) : NaN; // R_n(s*) is fixed by the data: once per run
    const saved = savedTraining(checkpoint);
    const trace: Trace = saved?.trace ?? { epoch: [], loss: [] };
    if (!saved && oneD && c.traceExcessRisk) trace.excessRiskExact = [];
    const sharpParams = oneD && c.traceSharpness !== 'none' ? c.traceSharpness : null;
    if (!saved && sharpParams) trace.sharpness = [];
    const every = Math.max(1, Math.ceil(p.epochs / c.tracePoints));
    // One trace point per chunk on the grid (the exact excess risk and sharpness there).
    const tracePoint = (epoch: number, loss: number): void => {
      // A chunk that ends off the grid is the one where the run diverged: no point for it. Near
      // divergence the exact analysis may overflow: that checkpoint is left out (never NaN).
      if ((epoch % every !== 0 && epoch !== p.epochs) || !Number.isFinite(loss)) return;
      let ex = 0, sh = 0;
      try {
        if (trace.excessRiskExact) ex = riskExact(net, data, noise) - rs;
        if (sharpParams && Number.isFinite(ex)) {
          sh = proto.sharpnessMethod === 'notebook'
            ? sharpnessNotebook(net, data, noise, {
              iterations: NOTEBOOK_POWER_ITERATIONS, points: NOTEBOOK_GRID_POINTS,
              seed: deriveSeed(seeds.sweep, `sharpness-notebook/${at}/epoch=${epoch}`),
            }) / per
            : sharpnessExact(net, data, noise, sharpParams).value / per;
        }
      } catch {
        return;
      }
      if (!Number.isFinite(ex) || !Number.isFinite(sh)) return;
      trace.epoch.push(epoch);
      trace.loss.push(loss / per);
      trace.excessRiskExact?.push(ex);
      trace.sharpness?.push(sh);
    };
    const segment = checkpointSegment(checkpoint, p.epochs, trace);
    const result = train(net, data, {
      ...noise, eta: p.eta / per, B: c.B, epochs: p.epochs, seed: s.sgd, trainW1: c.model === 'experiment', chunk: every,
      resume: saved?.train,
      onChunk: (epoch, loss, snapshot) => {
        tracePoint(epoch, loss);
        segment(epoch, loss, snapshot);
      },
    });
    const artifact: TrainingArtifact = { key, mu: noise.mu, sigma: noise.sigma, x: data.toJSON(), model: net.toModel(), trace };
    if (result.divergedAtEpoch !== null) {
      artifact.divergedAtEpoch = result.divergedAtEpoch;
      return { metrics: { divergedAtEpoch: result.divergedAtEpoch }, artifact, net, data, diverged: true };
    }
    let mc: { value: number; stderr: number };
    if (proto.excessRiskMethod === 'notebook') {
      const a = riskMonteCarlo(net, data, noise, NOTEBOOK_EXCESS_RISK_DRAWS, deriveSeed(seeds.sweep, `risk-notebook-theta/${at}`));
      const b = riskMonteCarlo('sstar', data, noise, NOTEBOOK_EXCESS_RISK_DRAWS, deriveSeed(seeds.sweep, `risk-notebook-sstar/${at}`));
      mc = { value: a.value - b.value, stderr: Math.hypot(a.stderr, b.stderr) };
    } else {
      mc = excessRiskMonteCarlo(net, data, { ...noise, draws: c.draws, seed: s.mc });
    }
    const metrics: Record<string, number> = {
      finalLoss: result.finalLoss / per, excessRisk: mc.value, excessRiskMonteCarloStderr: mc.stderr,
    };
    if (oneD) metrics.excessRiskExact = riskExact(net, data, noise) - rs;
    return { metrics: finiteOnly(metrics), artifact, net, data, diverged: false };
  } catch (err) {
    net.free();
    data.free();
    throw err;
  }
}

export function freeTrained(r: TrainedRun): void {
  r.net.free();
  r.data.free();
}

/** Drop non-finite numbers (a metric is absent rather than NaN). */
export function finiteOnly(metrics: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(metrics).filter(([, v]) => Number.isFinite(v)));
}

/** Throw if a JSON-bound value holds a non-finite number (a bug, never data). */
export function assertFinite(value: unknown, path = 'artifact'): void {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`${path}: non-finite number ${value}`);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => assertFinite(v, `${path}[${i}]`));
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) assertFinite(v, `${path}.${k}`);
  }
}

// ---------------------------------------------------------------- summaries

/** Mean and 95% t-interval of the values when there are 2 or more, the value itself for one. */
export function metricOf(values: number[]): Metric | undefined {
  if (values.length === 0) return undefined;
  if (values.length === 1) return values[0];
  return tInterval(values);
}

/** Group finished runs by their point without `sim` (unknown keys are ignored), in the
 *  order of the sweep. */
export function groupRuns(specs: RunSpec[], runs: FinishedRun[], pointOfSpec: (s: RunSpec) => Point = pointOf):
  { point: Point; runs: FinishedRun[] }[] {
  const byKey = new Map(specs.map((s) => [s.key, s]));
  const groups = new Map<string, { point: Point; runs: FinishedRun[] }>();
  for (const s of specs) {
    const p = pointOfSpec(s);
    const g = `${p.d}/${p.t}/${p.eta}`;
    if (!groups.has(g)) groups.set(g, { point: { ...p, sim: -1 }, runs: [] });
  }
  const seen = new Set<string>();
  for (const r of runs) {
    const spec = byKey.get(r.key);
    if (!spec || seen.has(r.key)) continue; // another sweep's key, or a duplicate line
    seen.add(r.key);
    const p = pointOfSpec(spec);
    groups.get(`${p.d}/${p.t}/${p.eta}`)!.runs.push(r);
  }
  return [...groups.values()].filter((g) => g.runs.length > 0);
}

/** The setting part of a summary row. */
export function rowBase(p: Point, m: number, runs: FinishedRun[]): SummaryRow {
  const { mu, sigma } = noiseAt(p.t);
  const diverged = runs.filter((r) => r.metrics.divergedAtEpoch !== undefined).length;
  return { d: p.d, t: p.t, mu, sigma, eta: p.eta, epochs: p.epochs, m, runs: runs.length, diverged, stabilityBound: stabilityBound(m, p.eta) };
}

/** Add `name` = metricOf(the finite values of metrics[name] over the non-diverged runs). */
export function addMetric(row: SummaryRow, runs: FinishedRun[], name: string, from = name): void {
  const values = runs.filter((r) => r.metrics.divergedAtEpoch === undefined)
    .map((r) => r.metrics[from]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  const m = metricOf(values);
  if (m !== undefined) row[name] = m;
}
