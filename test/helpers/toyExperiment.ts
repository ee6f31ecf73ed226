// A toy experiment registry for the runner's tests: cheap 1-D training runs on the real
// backend, one that diverges (a huge eta), one that throws on purpose (`failKey`), optional
// CPU-bound busy time per run (`spinMs`, for kill and speed-up tests), and a dependent
// experiment (`fig5`) that reads fig1's artifacts through the RunContext.
import { z } from 'zod';
import type { Experiment, ExperimentId, FinishedRun, RunSpec } from '../../src/experiments/types.js';
import { Dataset } from '../../src/model/dataset.js';
import { Net } from '../../src/model/net.js';
import { noiseAt } from '../../src/model/schedule.js';
import { train } from '../../src/model/train.js';
import { integerSchema } from '../../src/model/validate.js';
import { deriveSeed } from '../../src/experiments/seeds.js';

const toySchema = z.object({
  n: integerSchema(2),
  m: integerSchema(1),
  B: integerSchema(1),
  epochs: integerSchema(0),
  t: z.number().positive(),
  etas: z.array(z.number().positive()).min(1),
  sims: integerSchema(1),
  protocol: z.enum(['paper', 'notebook']).default('paper'),
  spinMs: z.number().min(0).default(0),
  failKey: z.string().nullable().default(null),
  nested: z.object({ k: integerSchema(1) }).default({ k: 1 }),
});
export type ToyConfig = z.infer<typeof toySchema>;

const quick: ToyConfig = {
  n: 10, m: 20, B: 20, epochs: 200, t: 0.2, etas: [0.5, 0.1, 1000], sims: 3,
  protocol: 'paper', spinMs: 0, failKey: null, nested: { k: 1 },
};

function spin(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) { /* CPU-bound on purpose */ }
}

const toyRuns = (c: ToyConfig): RunSpec[] =>
  c.etas.flatMap((eta) => Array.from({ length: c.sims }, (_, sim) => ({
    key: `eta=${eta}/sim=${sim}`, setting: { eta, sim, epochs: c.epochs },
  })));

export const toy: Experiment<ToyConfig> = {
  id: 'fig1',
  title: 'toy: training runs for the runner tests',
  schema: toySchema,
  presets: { quick, paper: { ...quick, epochs: 2000, sims: 5 } },
  runs: toyRuns,
  run(be, c, spec, seeds) {
    if (c.failKey === spec.key) throw new Error(`toy: run ${spec.key} fails on purpose`);
    const eta = spec.setting.eta as number, sim = spec.setting.sim as number;
    const { mu, sigma } = noiseAt(c.t);
    const data = Dataset.sample(be, { n: c.n, d: 1, seed: deriveSeed(seeds.sweep, `data/sim=${sim}`) });
    const net = Net.experiment(be, { dIn: 1, dOut: 1, m: c.m, seed: deriveSeed(seeds.run, 'init') });
    try {
      const res = train(net, data, { mu, sigma, eta, B: c.B, epochs: c.epochs, seed: deriveSeed(seeds.run, 'sgd'), chunk: 50 });
      spin(c.spinMs);
      const metrics: Record<string, number> = res.divergedAtEpoch !== null
        ? { divergedAtEpoch: res.divergedAtEpoch }
        : { finalLoss: res.finalLoss, epochs: res.epochs };
      return {
        metrics,
        artifact: {
          key: spec.key, mu, sigma, x: data.toJSON(), model: net.toModel(),
          trace: { epoch: res.lossTrace.map((p) => p.epoch), loss: res.lossTrace.map((p) => p.loss) },
        },
      };
    } finally {
      net.free();
      data.free();
    }
  },
  summarize(_c, runs: FinishedRun[]) {
    return [{ d: 1, mu: 0, sigma: 0, eta: 0, epochs: 0, runs: runs.length, diverged: 0, stabilityBound: 0 }];
  },
};

/** fig5-like: one run per fig1 run, reading its final parameters. */
export const toyDependent: Experiment<ToyConfig> = {
  ...toy,
  id: 'fig5',
  title: 'toy: reads fig1 artifacts',
  dependsOn: ['fig1'],
  run(_be, _c, spec, _seeds, ctx) {
    const a = ctx.artifact('fig1', ctx.preset, spec.key);
    if (!a) throw new Error(`toy fig5: no fig1 artifact for ${spec.key}`);
    const w2 = a.model.w2 as number[];
    return { metrics: { sumW2: w2.reduce((s, v) => s + v, 0), n: a.x.length }, artifact: { ...a } };
  },
};

export const EXPERIMENTS: Partial<Record<ExperimentId, Experiment>> = {
  fig1: toy as Experiment,
  fig5: toyDependent as Experiment,
};
