// What both live sessions share: a run trained in fixed segments of `segment` steps, segment i
// seeded with deriveSeed(seed, `sgd/segment=${i}`) — so the parameters after k steps do not
// depend on when the run was stopped and resumed or how the time was sliced — with the mean
// loss since the previous trace point, divergence, and the steps-per-second rate.
import { deriveSeed } from '../../src/experiments/seeds.js';
import type { TrainResult } from '../../src/model/train.js';

const now = (): number => performance.now();

/** Trace points every traceEvery(epochs) epochs: a multiple of `segment`, ~200 per run. */
export const traceSpacing = (segment: number, epochs: number): number =>
  segment * Math.max(1, Math.round(epochs / 200 / segment));

export abstract class SegmentedRun {
  protected epoch = 0;
  protected diverged: number | null = null;
  protected lossSum = 0;
  protected lossSteps = 0;
  protected trainMs = 0;
  private segmentIndex = 0;
  private rateSteps = 0;
  private rateMs = 0;
  private lastRate = 0;

  constructor(private readonly segment: number) {}

  /** Total epochs of the current run, or null when there is none. */
  protected abstract get epochs(): number | null;
  /** Train `k` steps from `seed` (train / trainDiffusion on the run's net and data). */
  protected abstract trainSegment(k: number, seed: number): TrainResult;
  /** Record a trace point from lossSum / lossSteps (and reset them). */
  protected abstract tracePoint(): void;
  /** The run's base seed. */
  protected abstract get seed(): number;

  /** The epoch whose loss was not finite, or null. */
  get divergedAtEpoch(): number | null { return this.diverged; }

  get done(): boolean {
    const epochs = this.epochs;
    return epochs === null || this.diverged !== null || this.epoch >= epochs;
  }

  /** Counters of a fresh run. */
  protected resetRun(): void {
    this.epoch = 0; this.segmentIndex = 0; this.diverged = null;
    this.lossSum = 0; this.lossSteps = 0; this.trainMs = 0;
    this.rateSteps = 0; this.rateMs = 0; this.lastRate = 0;
  }

  /** Train whole segments for about `budgetMs` (at least one). */
  run(budgetMs: number): void {
    const epochs = this.epochs;
    if (epochs === null || this.done) return;
    const t0 = now();
    let steps = 0;
    do {
      const k = Math.min(this.segment, epochs - this.epoch);
      const r = this.trainSegment(k, deriveSeed(this.seed, `sgd/segment=${this.segmentIndex}`));
      this.segmentIndex++;
      this.epoch += r.epochs;
      steps += r.epochs;
      if (r.epochs > 0 && Number.isFinite(r.finalLoss)) { this.lossSum += r.finalLoss * r.epochs; this.lossSteps += r.epochs; }
      if (r.divergedAtEpoch !== null) this.diverged = this.epoch + 1;
      if (this.epoch % traceSpacing(this.segment, epochs) === 0 || this.done) this.tracePoint();
    } while (!this.done && now() - t0 < budgetMs);
    const dt = now() - t0;
    this.trainMs += dt; this.rateSteps += steps; this.rateMs += dt;
  }

  /** Steps per second of kernel time since the previous call (the last rate if none since). */
  protected takeRate(): number {
    if (this.rateMs > 0) this.lastRate = (1000 * this.rateSteps) / this.rateMs;
    this.rateSteps = 0; this.rateMs = 0;
    return this.lastRate;
  }
}
