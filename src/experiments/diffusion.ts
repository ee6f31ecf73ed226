// What fig3 and fig4 share: the diffusion protocol of appendix E (SPEC §2 fig3/fig4) as config
// fields, the SPEC §5 switches 1–4 and 7 for it, and one run: sample the data, train the
// time-conditioned model, generate with the learned score, with s* and from the Gaussian fitted
// to the data, and measure MMD² and memorization.
import { z } from 'zod';
import { memorization } from '../analysis/memorization.js';
import { PRECISIONS, type Backend, type F64, type Precision } from '../backend/contract.js';
import { Dataset } from '../model/dataset.js';
import { timeGrid, trainDiffusion, type BatchGradient, type DiffusionSchedule } from '../model/diffusion.js';
import { Net } from '../model/net.js';
import { rowsOf, sampleGaussianFit, sampleLearned, sampleSStar } from '../model/sample.js';
import { hashSamples } from '../model/sampleHash.js';
import { integerSchema, oneOfSchema, openIntervalSchema, positiveSchema } from '../model/validate.js';
import { finiteOnly } from './common.js';
import { LOSS_REDUCTIONS, PROTOCOLS, type LossReduction, type Protocol } from './protocol.js';
import { checkpointSegment, savedTraining } from './checkpointed.js';
import { deriveSeed } from './seeds.js';
import { setDistances, type Bandwidth } from './setDistances.js';
import type { RunArtifact, RunCheckpoint, RunSeeds, Trace } from './types.js';

export const MU_SCHEDULES = ['paper', 'notebook'] as const;
export const TIME_WEIGHTS = ['sigma', 'inverseSigma'] as const;

/** SPEC §5 switches for the diffusion experiments. Optional (absent = `protocol`'s value, whose
 *  default is the paper text), so presets stay as printed. */
export const diffusionProtocolFields = {
  /** 'paper' (default) or 'notebook': sets muSchedule, trainDelta, timeWeights, lossReduction. */
  protocol: oneOfSchema(PROTOCOLS).optional(),
  /** 1. 'paper': mu(t) = e^{-t}; 'notebook': mu(t) = e^{-2t} in the loss and the s* sampler. */
  muSchedule: oneOfSchema(MU_SCHEDULES).optional(),
  /** 2. Smallest training time (paper 0.01, notebook 0.05); sampling always ends at `delta`. */
  trainDelta: openIntervalSchema(0, 1).optional(),
  /** 3. Training times drawn ∝ sigma(t) (paper) or ∝ 1/sigma(t) (notebook). */
  timeWeights: oneOfSchema(TIME_WEIGHTS).optional(),
  /** 7. 'sum' (paper): ||r − z||²; 'mean' (notebook): also divided by d. */
  lossReduction: oneOfSchema(LOSS_REDUCTIONS).optional(),
};

/** Fields of every diffusion experiment (appendix E). */
export const diffusionFields = {
  /** Training points, x_i ~ N(0, dataScale² I_d) (paper: n = 10, dataScale = 2). */
  n: integerSchema(2),
  dataScale: positiveSchema(),
  /** Width of the time-conditioned network (input (t, x), output d; paper m = 1000). */
  m: integerSchema(1),
  /** Batch size (paper 5000). */
  B: integerSchema(1),
  /** Equally spaced training times on [trainDelta, 1] (paper 100). */
  timeCount: integerSchema(2),
  /** Generated samples per set (paper/notebooks 1000), Euler–Maruyama steps (100), end time delta (0.01). */
  samples: integerSchema(2),
  steps: integerSchema(1),
  delta: openIntervalSchema(0, 1),
  /** MMD Gaussian-kernel bandwidth (paper 1): the unsuffixed MMD metrics. */
  bandwidth: positiveSchema(),
  /** More MMD bandwidths (the paper: "other bandwidths"): numbers > 0 or "median" (the median
   *  heuristic); one suffixed metric block each (setDistances.ts). Optional, never filled in:
   *  fingerprints stay. */
  bandwidths: z.array(z.union([positiveSchema(), z.literal('median')], { error: 'a finite number > 0, or "median"' }),
    { error: 'a list of bandwidths: numbers > 0 or "median"' }).optional(),
  /** Loss-trace checkpoints per run. */
  tracePoints: integerSchema(1),
  /** Training and sampling arithmetic: 'f64' (absent: the default) or 'f32' (the authors'
   *  float32; the same draws rounded). Optional, never filled in: fingerprints stay. */
  precision: oneOfSchema(PRECISIONS).optional(),
  ...diffusionProtocolFields,
};

/** The fields that fix the training loss (its schedule and reduction). */
export interface DiffusionLossConfig {
  timeCount: number;
  protocol?: Protocol; muSchedule?: (typeof MU_SCHEDULES)[number]; trainDelta?: number;
  timeWeights?: (typeof TIME_WEIGHTS)[number]; lossReduction?: LossReduction;
}

export interface DiffusionConfig extends DiffusionLossConfig {
  n: number; dataScale: number; m: number; B: number;
  samples: number; steps: number; delta: number; bandwidth: number; tracePoints: number; precision?: Precision;
  bandwidths?: Bandwidth[];
}

export interface ResolvedDiffusionProtocol {
  muRate: 1 | 2;
  trainDelta: number;
  timeWeights: (typeof TIME_WEIGHTS)[number];
  lossReduction: LossReduction;
}

/** Each explicit field, else the value `protocol` gives it (default 'paper'). */
export function resolveDiffusionProtocol(c: DiffusionLossConfig): ResolvedDiffusionProtocol {
  const nb = c.protocol === 'notebook';
  return {
    muRate: (c.muSchedule ?? (nb ? 'notebook' : 'paper')) === 'notebook' ? 2 : 1,
    trainDelta: c.trainDelta ?? (nb ? 0.05 : 0.01),
    timeWeights: c.timeWeights ?? (nb ? 'inverseSigma' : 'sigma'),
    lossReduction: c.lossReduction ?? (nb ? 'mean' : 'sum'),
  };
}

export function scheduleOf(c: DiffusionLossConfig): DiffusionSchedule {
  const p = resolveDiffusionProtocol(c);
  return timeGrid({ tMin: p.trainDelta, count: c.timeCount, weighting: p.timeWeights, muRate: p.muRate });
}

/** The generated sets of a run: per set, MMD² (unbiased, Gaussian kernel) between the learned
 *  samples and s* samples, the learned samples and the fitted Gaussian, s* and the Gaussian. */
export interface DiffusionPoint { d: number; eta: number; epochs: number; sim: number; sets: number }

export interface DiffusionRunResult {
  metrics: Record<string, number>;
  artifact: RunArtifact;
}

const median = (v: number[]): number => {
  const s = [...v].sort((a, b) => a - b);
  const k = s.length >> 1;
  return s.length % 2 ? s[k] : (s[k - 1] + s[k]) / 2;
};

/** Seeds: the data and the initial network depend on (d, sim) only — shared by every eta, as
 *  the paper keeps the data set across learning rates; the generation noise of set k on
 *  (d, sim, k), so that the learned samples of two etas are driven by the same Brownian paths
 *  and the s* and Gaussian reference sets are the same for every eta. SGD noise: the run's seed. */
function seedsOf(p: DiffusionPoint, seeds: RunSeeds) {
  const at = `d=${p.d}/sim=${p.sim}`;
  return {
    data: deriveSeed(seeds.sweep, `data/${at}`),
    init: deriveSeed(seeds.sweep, `init/${at}`),
    sgd: seeds.run,
    set: (k: number, what: string) => deriveSeed(seeds.sweep, `generate/${what}/${at}/set=${k}`),
  };
}

/** First two coordinates of each row (figures project on the first two axes, as figure 4). */
const firstTwo = (rows: number[][]): number[][] => rows.map((r) => r.slice(0, 2));

/** Train, generate `sets` times, measure. Metrics are means over the sets; a diverged run has
 *  only divergedAtEpoch. The artifact holds the final parameters, the data, the loss trace,
 *  the first set's samples (first two coordinates) and, per set, the seeds that regenerate it,
 *  its hashes and its metrics (`sets`: a few hundred bytes a set, where the samples themselves
 *  would be 3·samples·d numbers — 3 M at fig4's d = 1000). */
export function diffusionRun(be: Backend, c: DiffusionConfig, key: string, p: DiffusionPoint, seeds: RunSeeds,
  gradient?: BatchGradient, checkpoint?: RunCheckpoint): DiffusionRunResult {
  const s = seedsOf(p, seeds);
  const proto = resolveDiffusionProtocol(c);
  const schedule = scheduleOf(c);
  const data = Dataset.sample(be, { n: c.n, d: p.d, seed: s.data, scale: c.dataScale });
  const net = Net.experiment(be, { dIn: p.d + 1, dOut: p.d, m: c.m, seed: s.init, precision: c.precision ?? 'f64' });
  const owned: F64[] = [];
  try {
    const saved = savedTraining(checkpoint);
    const trace: Trace = saved?.trace ?? { epoch: [], loss: [] };
    const segment = checkpointSegment(checkpoint, p.epochs, trace);
    const result = trainDiffusion(net, data, {
      schedule, eta: p.eta, B: c.B, epochs: p.epochs, seed: s.sgd, lossReduction: proto.lossReduction, gradient,
      traceEvery: Math.max(1, Math.ceil(p.epochs / c.tracePoints)), resume: saved?.train,
      onTrace: (epoch, loss) => { if (Number.isFinite(loss)) { trace.epoch.push(epoch); trace.loss.push(loss); } },
      onStep: (epoch, snapshot) => segment(epoch, trace.loss.at(-1) ?? NaN, snapshot),
    });
    const artifact: RunArtifact & { divergedAtEpoch?: number } = {
      key, x: data.toJSON(), model: net.toModel(), trace, diffusionLoss: { timeCount: c.timeCount, ...proto },
    };
    if (result.divergedAtEpoch !== null) {
      artifact.divergedAtEpoch = result.divergedAtEpoch;
      return { metrics: { divergedAtEpoch: result.divergedAtEpoch }, artifact };
    }
    const N = c.samples, d = p.d;
    const sampler = { N, steps: c.steps, T: 1, delta: c.delta, muRate: proto.muRate };
    const acc: Record<string, number[]> = {};
    // A set whose value is not finite (e.g. 0/0 in a normalisation) is left out of that metric's
    // mean, never averaged in as NaN; `setsLeftOut` counts them.
    let setsLeftOut = 0, setMetrics: Record<string, number> = {};
    const add = (name: string, v: number) => {
      setMetrics[name] = v;
      if (Number.isFinite(v)) (acc[name] ??= []).push(v); else setsLeftOut++;
    };
    artifact.sets = [];
    for (let k = 0; k < p.sets; k++) {
      setMetrics = {};
      const learned = sampleLearned(net, { ...sampler, seed: s.set(k, 'learned') }); owned.push(learned);
      const star = sampleSStar(data, { ...sampler, seed: s.set(k, 'sstar') }); owned.push(star);
      const starNull = sampleSStar(data, { ...sampler, seed: s.set(k, 'sstarNull') }); owned.push(starNull);
      const gauss = sampleGaussianFit(data, { N, seed: s.set(k, 'gaussian') }); owned.push(gauss);
      const distances = setDistances(be, { learned, sStar: star, sStarNull: starNull, gaussian: gauss, N, d }, c.bandwidth, c.bandwidths);
      for (const [name, v] of Object.entries(distances)) add(name, v);
      const x = data.x.view().slice();
      const mem = memorization(learned.view().slice(), N, x, data.n, d);
      const memStar = memorization(star.view().slice(), N, x, data.n, d);
      add('memorization', mem.fraction);
      add('memorizationSStar', memStar.fraction);
      add('nearestMedian', median(mem.nearest));
      add('nearestMedianSStar', median(memStar.nearest));
      if (k === 0) {
        artifact.samples = {
          learned: firstTwo(rowsOf(learned, d)), sStar: firstTwo(rowsOf(star, d)), gaussian: firstTwo(rowsOf(gauss, d)),
          nearest: mem.nearest,
        };
      }
      artifact.sets.push({
        seeds: { learned: s.set(k, 'learned'), sStar: s.set(k, 'sstar'), gaussian: s.set(k, 'gaussian'), sStarNull: s.set(k, 'sstarNull') },
        hash: {
          learned: hashSamples(learned.view()), sStar: hashSamples(star.view()), gaussian: hashSamples(gauss.view()),
          sStarNull: hashSamples(starNull.view()),
        },
        metrics: finiteOnly(setMetrics),
      });
      for (const b of owned.splice(0)) b.free();
    }
    const metrics: Record<string, number> = { finalLoss: result.finalLoss, setsLeftOut };
    for (const [name, v] of Object.entries(acc)) metrics[name] = v.reduce((a, b) => a + b, 0) / v.length;
    return { metrics: finiteOnly(metrics), artifact };
  } finally {
    for (const b of owned) b.free();
    net.free();
    data.free();
  }
}
