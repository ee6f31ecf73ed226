// One live 2-D diffusion run (worker side, also usable in Node): the time-conditioned model
// trained by trainDiffusion (src/model/diffusion.ts; times on 100 points of [0.01, 1] drawn ∝
// σ(t), μ(t) = e^{-t}: the paper's fig3 schedule) in fixed segments of SEGMENT steps
// (web/src/segmentedRun.ts: stopping and resuming changes nothing). The loss trace has ~200
// points. Generation (src/model/sample.ts): the backward OU SDE with the learned score and with s*,
// memorization (ratio < 1/3) and unbiased MMD² (bandwidth 1) to the s* samples and to the
// Gaussian fitted to the data.
import type { Backend, F64 } from '../../../src/backend/contract.js';
import { MEMORIZATION_RATIO, memorization } from '../../../src/analysis/memorization.js';
import { mmd } from '../../../src/analysis/mmd.js';
import { deriveSeed } from '../../../src/experiments/seeds.js';
import { Dataset } from '../../../src/model/dataset.js';
import { timeGrid, trainDiffusion, type DiffusionSchedule } from '../../../src/model/diffusion.js';
import { Net } from '../../../src/model/net.js';
import { rowsOf, sampleGaussianFit, sampleLearned, sampleSStar } from '../../../src/model/sample.js';
import type { TrainResult } from '../../../src/model/train.js';
import { SegmentedRun } from '../segmentedRun.js';
import type { Config2d, Generation2d, Snapshot2d } from './protocol.js';

export const SEGMENT = 25;
const D = 2;
/** Beyond MAX_TRACE loss points every other one is dropped. */
const MAX_TRACE = 400;
const now = (): number => performance.now();

export class Session2d extends SegmentedRun {
  private net: Net | null = null;
  private data: Dataset | null = null;
  private config: Config2d | null = null;
  private schedule: DiffusionSchedule = timeGrid({ tMin: 0.01, weighting: 'sigma', muRate: 1 });
  private trace = { epoch: [] as number[], loss: [] as number[] };

  constructor(readonly be: Backend) { super(SEGMENT); }

  protected get epochs(): number | null { return this.config?.epochs ?? null; }
  protected get seed(): number { return this.config!.seed; }

  protected trainSegment(k: number, seed: number): TrainResult {
    const c = this.config!;
    return trainDiffusion(this.net!, this.data!, { schedule: this.schedule, eta: c.eta, B: c.B, epochs: k, traceEvery: k, seed });
  }

  start(config: Config2d): void {
    this.free();
    this.config = config;
    this.data = Dataset.sample(this.be, { n: config.n, d: D, seed: config.dataSeed, scale: config.scale });
    this.net = Net.experiment(this.be, { dIn: D + 1, dOut: D, m: config.m, seed: config.seed, precision: config.precision ?? 'f64' });
    this.trace = { epoch: [], loss: [] };
    this.resetRun();
  }

  /** Mean loss since the previous point. */
  protected tracePoint(): void {
    if (this.lossSteps > 0) {
      this.trace.epoch.push(this.epoch);
      this.trace.loss.push(this.lossSum / this.lossSteps);
      this.lossSum = 0; this.lossSteps = 0;
      if (this.trace.epoch.length > MAX_TRACE) {
        const n = this.trace.epoch.length;
        const keep = (_: number, i: number): boolean => i % 2 === 0 || i === n - 1;
        this.trace = { epoch: this.trace.epoch.filter(keep), loss: this.trace.loss.filter(keep) };
      }
    }
  }

  snapshot(running: boolean): Snapshot2d {
    const c = this.config!;
    return {
      epoch: this.epoch, epochs: c.epochs, running, stepsPerSecond: this.takeRate(), x: this.data!.toJSON() as number[][],
      trace: { epoch: this.trace.epoch.slice(), loss: this.trace.loss.slice() }, divergedAtEpoch: this.diverged, trainMs: this.trainMs,
    };
  }

  /** Samples from the learned score and from s* (same seed: the same start and noises), their
   *  nearest training points, memorization and MMD². */
  generate(): Generation2d {
    const c = this.config!, net = this.net!, data = this.data!, be = this.be;
    const t0 = now();
    const seed = deriveSeed(c.seed, `generate/epoch=${this.epoch}`);
    const bufs: F64[] = [];
    try {
      const learned = sampleLearned(net, { N: c.N, steps: c.steps, seed });
      bufs.push(learned);
      const star = sampleSStar(data, { N: c.N, steps: c.steps, seed });
      bufs.push(star);
      const gauss = sampleGaussianFit(data, { N: c.N, seed: deriveSeed(c.seed, 'gaussian-fit') });
      bufs.push(gauss);
      const toStar = mmd(be, learned, c.N, star, c.N, D, 1);
      const toGauss = mmd(be, learned, c.N, gauss, c.N, D, 1);
      const memL = memorization(learned, c.N, data.x, data.n, D);
      const memS = memorization(star, c.N, data.x, data.n, D);
      return {
        epoch: this.epoch, learned: rowsOf(learned, D), sStar: rowsOf(star, D),
        learnedNearest: memL.nearestIndex, learnedMemorized: memL.ratio.map((r) => r < MEMORIZATION_RATIO),
        sStarNearest: memS.nearestIndex, sStarMemorized: memS.ratio.map((r) => r < MEMORIZATION_RATIO),
        memorizedLearned: memL.fraction, memorizedSStar: memS.fraction,
        mmdToSStar: toStar.valid ? toStar.mmd2 : null, mmdToGaussian: toGauss.valid ? toGauss.mmd2 : null,
        ms: now() - t0,
      };
    } finally {
      for (const b of bufs) b.free();
    }
  }

  free(): void {
    this.net?.free();
    this.data?.free();
    this.net = null;
    this.data = null;
  }
}
