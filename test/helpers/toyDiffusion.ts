// A toy registry for the runner's batch-gradient wiring: one tiny time-conditioned training run
// per `sims`, through ctx.gradient when the runner gives one; metrics say how many threads the
// gradient had (1 = serial).
import { z } from 'zod';
import type { Experiment, ExperimentId, RunSpec } from '../../src/experiments/types.js';
import { Dataset } from '../../src/model/dataset.js';
import { timeGrid, trainDiffusion } from '../../src/model/diffusion.js';
import { Net } from '../../src/model/net.js';

const schema = z.object({ sims: z.int().min(1), epochs: z.int().min(1) });
type Config = z.infer<typeof schema>;
const quick: Config = { sims: 1, epochs: 5 };

export const toyDiffusion: Experiment<Config> = {
  id: 'fig1',
  title: 'toy: diffusion training through the runner',
  schema,
  presets: { quick, paper: quick },
  runs: (c): RunSpec[] => Array.from({ length: c.sims }, (_, sim) => ({ key: `sim=${sim}`, setting: { sim } })),
  run(be, c, spec, seeds, ctx) {
    const data = Dataset.sample(be, { n: 10, d: 2, seed: seeds.sweep, scale: 2 });
    const net = Net.experiment(be, { dIn: 3, dOut: 2, m: 100, seed: seeds.run });
    try {
      const res = trainDiffusion(net, data, {
        schedule: timeGrid({ tMin: 0.01, weighting: 'sigma', muRate: 1 }), eta: 0.1, B: 2000, epochs: c.epochs,
        seed: seeds.run, chunkRows: 100, gradient: ctx.gradient,
      });
      const g = ctx.gradient;
      // structural, not instanceof: the worker may load the runner from dist/ and this file from src/
      const threads = g && 'threads' in g && typeof g.threads === 'number' ? g.threads : 1;
      return {
        metrics: { threads, finalLoss: res.finalLoss },
        artifact: { key: spec.key, mu: 0, sigma: 0, x: data.toJSON(), model: net.toModel() },
      };
    } finally {
      net.free();
      data.free();
    }
  },
  summarize: () => [],
};

export const EXPERIMENTS: Partial<Record<ExperimentId, Experiment>> = { fig1: toyDiffusion as Experiment };
