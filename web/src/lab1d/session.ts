// One live 1-D training run (worker side, also usable in Node): SGD through src/model/train.ts
// (sgd1d kernel) in fixed segments of SEGMENT steps (web/src/segmentedRun.ts: the parameters
// after k steps do not depend on when the run was stopped and resumed or on how the time was
// sliced). At ~200 trace points per run:
// the mean loss and the exact excess risk R_n(θ) − R_n(s*) (exact1d, O(n m)); after each slice,
// on a time budget, the exact sharpness by Lanczos (sharpness.ts), against 2/(m η); on demand
// the curve s_θ vs s* and the kinks.
import type { Backend } from '../../../src/backend/contract.js';
import { riskExact, riskSStar } from '../../../src/analysis/exact1d.js';
import { sharpnessExact, stabilityBound } from '../../../src/analysis/sharpness.js';
import { curve } from '../../../src/experiments/fig1.js';
import { Dataset } from '../../../src/model/dataset.js';
import { Net } from '../../../src/model/net.js';
import { train, type TrainResult } from '../../../src/model/train.js';
import { SegmentedRun } from '../segmentedRun.js';
import type { Config1d, Snapshot1d, Trace1d } from './protocol.js';

/** SGD steps per train() call: 1000 would be ~11 ms at fig1 size; 100 keeps slices responsive. */
export const SEGMENT = 100;
/** Points of the s_θ / s* curve. */
export const GRID_POINTS = 201;
/** Loss and excess-risk checkpoints (~200 per run, each O(n m)): beyond MAX_TRACE points (after
 *  a load) every other one is dropped (the last is kept). */
const MAX_TRACE = 400;
/** The sharpness costs ~0.1–0.6 s at m = 1000: computed when the time since the previous one
 *  is at least this many times its cost (≤ ~25% of the wall time). */
const SHARPNESS_SPACING = 3;

const now = (): number => performance.now();

export class Session1d extends SegmentedRun {
  private net: Net | null = null;
  private data: Dataset | null = null;
  private config: Config1d | null = null;
  private riskStar = NaN;
  private trace: Trace1d = emptyTrace();
  private wallStart = 0;
  private sharpCost = 0;
  private sharpEnd = -Infinity;

  constructor(readonly be: Backend) { super(SEGMENT); }

  protected get epochs(): number | null { return this.config?.epochs ?? null; }
  protected get seed(): number { return this.config!.seed; }

  protected trainSegment(k: number, seed: number): TrainResult {
    const c = this.config!;
    return train(this.net!, this.data!, {
      mu: c.mu, sigma: c.sigma, eta: c.eta, B: c.B, epochs: k, chunk: k, seed, trainW1: c.model === 'experiment',
    });
  }

  /** A fresh run: data x, the initial network (theory or experiment model) from `seed`. */
  start(config: Config1d): void {
    const precision = config.precision ?? 'f64';
    this.reset(config, config.model === 'theory'
      ? Net.theory(this.be, { m: config.m, seed: config.seed, precision })
      : Net.experiment(this.be, { dIn: 1, dOut: 1, m: config.m, seed: config.seed, precision }));
  }

  /** Continue from given parameters (a CLI artifact's `model`), validated by Net.fromModel. */
  load(config: Config1d, model: unknown): void {
    const net = Net.fromModel(this.be, model, 1, 1, config.precision ?? 'f64');
    this.reset({ ...config, m: net.shape.m }, net);
  }

  /** Train whole segments for about `budgetMs` (at least one), then the sharpness if due. */
  override run(budgetMs: number): void {
    if (this.done) return;
    super.run(budgetMs);
    this.sharpnessPoint();
  }

  /** The state the page draws (the rate: steps per second of kernel time since the last call). */
  snapshot(running: boolean): Snapshot1d {
    const c = this.config!, net = this.net!, data = this.data!;
    const cv = curve(this.be, net, data, c.mu, c.sigma, GRID_POINTS) ?? null;
    return {
      epoch: this.epoch, epochs: c.epochs, running, stepsPerSecond: this.takeRate(), curve: cv,
      kinks: kinksOf(net), trace: cloneTrace(this.trace), sharpnessParams: this.sharpnessParams(),
      stabilityBound: stabilityBound(net.shape.m, c.eta), divergedAtEpoch: this.diverged,
      trainMs: this.trainMs, wallMs: now() - this.wallStart,
    };
  }

  model(): ReturnType<Net['toModel']> { return this.net!.toModel(); }

  free(): void {
    this.net?.free();
    this.data?.free();
    this.net = null;
    this.data = null;
  }

  private sharpnessParams(): 'theory' | 'all' {
    return this.config?.model === 'theory' ? 'theory' : 'all';
  }

  private reset(config: Config1d, net: Net): void {
    this.free();
    this.net = net;
    this.data = Dataset.from(this.be, config.x, 1);
    this.config = config;
    this.riskStar = riskSStar(this.data, config);
    this.resetRun();
    this.trace = emptyTrace();
    this.wallStart = now();
    this.sharpCost = 0;
    this.sharpEnd = -Infinity;
    this.sharpnessPoint();
  }

  /** Loss (mean since the previous point) and exact excess risk. A non-finite value (near
   *  divergence) is left out of the trace, never plotted. */
  protected tracePoint(): void {
    const c = this.config!, net = this.net!, data = this.data!, tr = this.trace;
    if (this.lossSteps > 0) {
      const excess = riskExact(net, data, c) - this.riskStar;
      const loss = this.lossSum / this.lossSteps;
      if (Number.isFinite(loss) && Number.isFinite(excess)) {
        tr.epoch.push(this.epoch);
        tr.loss.push(loss);
        tr.excessRiskExact.push(excess);
      }
      this.lossSum = 0;
      this.lossSteps = 0;
    }
    thin(tr);
  }

  /** The exact sharpness when due (time budget) or at the end. */
  private sharpnessPoint(): void {
    const c = this.config!, net = this.net!, data = this.data!, tr = this.trace;
    const due = now() - this.sharpEnd >= SHARPNESS_SPACING * this.sharpCost || this.done;
    if (due && tr.sharpnessEpoch[tr.sharpnessEpoch.length - 1] !== this.epoch && this.diverged === null) {
      const t0 = now();
      try {
        const s = sharpnessExact(net, data, c, this.sharpnessParams()).value;
        if (Number.isFinite(s)) { tr.sharpnessEpoch.push(this.epoch); tr.sharpness.push(s); }
      } catch { /* the Hessian overflowed near divergence: no point */ }
      this.sharpEnd = now();
      this.sharpCost = this.sharpEnd - t0;
    }
    thin(tr);
  }
}

/** Kinks tau_l = −b_l / w1_l of the neurons with w1_l ≠ 0 (layout [w1 | b | w2]). */
export function kinksOf(net: Net): number[] {
  const m = net.shape.m, p = net.params.view();
  const out: number[] = [];
  for (let l = 0; l < m; l++) if (p[l] !== 0) out.push(-p[m + l]! / p[l]!);
  return out;
}

function emptyTrace(): Trace1d {
  return { epoch: [], loss: [], excessRiskExact: [], sharpnessEpoch: [], sharpness: [] };
}

function cloneTrace(t: Trace1d): Trace1d {
  return { epoch: t.epoch.slice(), loss: t.loss.slice(), excessRiskExact: t.excessRiskExact.slice(), sharpnessEpoch: t.sharpnessEpoch.slice(), sharpness: t.sharpness.slice() };
}

/** Halve a trace that grew past MAX_TRACE (keep even indices and the last point). */
function thin(t: Trace1d): void {
  const half = (keys: (keyof Trace1d)[]) => {
    const n = t[keys[0]!].length;
    if (n <= MAX_TRACE) return;
    for (const k of keys) t[k] = t[k].filter((_, i) => i % 2 === 0 || i === n - 1);
  };
  half(['epoch', 'loss', 'excessRiskExact']);
  half(['sharpnessEpoch', 'sharpness']);
}
