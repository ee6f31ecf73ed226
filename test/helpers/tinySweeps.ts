// Tiny sweeps of every experiment of the registry (sub-second runs), written by the real runner
// in-process, for `bigstep verify`'s tests. An experiment added to the registry without an
// entry in TINY fails the verify test (add its overrides here: `--set key=value` strings).
import { configFrom } from '../../src/cli/run.js';
import { EXPERIMENTS } from '../../src/experiments/index.js';
import type { ExperimentId } from '../../src/experiments/types.js';
import { runSweep, type SweepResult } from '../../src/runner/sweep.js';

export const SEED = 7;

// draws = 1000: the stderr check's normal approximation needs draws ≫ the kurtosis of the
// Monte Carlo summand (up to ~150 on these tiny nets; the presets use 5000)
const training = ['m=20', 'ts=[0.2]', 'etas=[0.5,0.1]', 'epochs=[150,200]', 'draws=1000', 'tracePoints=2'];
const diffusion = ['m=16', 'timeCount=10'];
const sampling = ['B=64', 'samples=60', 'steps=10'];

export const TINY: Partial<Record<ExperimentId, string[]>> = {
  fig1: [...training, 'traceSharpness="all"', 'gridSize=9'],
  // eta = 20 diverges within a few steps: verify checks a diverged run's record (fig5: fig2's)
  fig2: [...training, 'ds=[1,2]', 'etas=[0.5,0.1,20]', 'epochs=[150,200,150]', 'sims=2', 'traceSharpness="theory"'],
  fig5: ['m=20', 'etas=[0.5,0.1,20]', 'epochs=[150,200,150]', 'sims=2'],
  fig3: [...diffusion, ...sampling, 'etas=[0.5,0.05]', 'epochs=[150,150]', 'sets=2'],
  fig4: [...diffusion, ...sampling, 'ds=[2,3]', 'epochs=150', 'sims=1', 'sets=2'],
  fig5diffusion: [...diffusion, 'etas=[0.5,0.05]', 'epochs=[150,150]', 'draws=20', 'kinkDraws=8'],
};

/** The registry's experiments, each after the ones it reads (dependsOn). */
export function dependencyOrder(): ExperimentId[] {
  const out: ExperimentId[] = [];
  const visit = (id: ExperimentId): void => {
    if (out.includes(id)) return;
    for (const dep of EXPERIMENTS[id].dependsOn ?? []) visit(dep);
    out.push(id);
  };
  (Object.keys(EXPERIMENTS) as ExperimentId[]).forEach(visit);
  return out;
}

/** One tiny sweep of `id` (its TINY overrides, then `extra`) into root/id/quick. */
export async function tinySweep(root: string, id: ExperimentId, extra: string[] = []): Promise<SweepResult> {
  const sets = TINY[id];
  if (!sets) throw new Error(`test/helpers/tinySweeps.ts: no TINY overrides for ${id} — add some so that verify covers it`);
  const config = configFrom(EXPERIMENTS[id], 'quick', [...sets, ...extra]);
  return runSweep({ experiment: id, preset: 'quick', config, outDir: root, workers: 1, shard: null, seed: SEED, inProcess: true });
}
