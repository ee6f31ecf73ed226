// The generated sets of a diffusion run, regenerated from their seeds (the backend's samplers
// of src/model/sample.ts are deterministic: the same seed, version and config give the same
// bits). Storing the samples would cost 3·samples·d numbers a set (3 M at fig4's d = 1000), so
// artifacts keep each set's seeds and hashSamples instead; a set whose hashes differ after
// regeneration is reported, never measured. Artifacts written before `sets` existed: the seeds
// are derived as the experiment derives them (`generate/WHAT/d=D/sim=S/set=K` from the sweep
// seed) and set 0 is confirmed against the first two coordinates the artifact kept.
import type { Backend } from '../backend/contract.js';
import { deriveSeed } from '../experiments/seeds.js';
import type { GeneratedSet } from '../experiments/types.js';
import { Dataset } from '../model/dataset.js';
import { Net } from '../model/net.js';
import { sampleGaussianFit, sampleLearned, sampleSStar } from '../model/sample.js';
import { hashSamples } from '../model/sampleHash.js';
import type { RunInput } from './route.js';

/** sStarNull: the null level's second s* set, where the run made one (issue 15 on). */
export interface Regenerated { learned: Float64Array; sStar: Float64Array; gaussian: Float64Array; sStarNull?: Float64Array; confirmed: boolean }

/** precision: the run's training arithmetic (its learned samples were drawn in it). */
export interface SamplerConfig { samples: number; steps: number; delta: number; muRate: 1 | 2; sets: number; precision?: 'f64' | 'f32' }

export function regenerateSets(be: Backend, run: RunInput, d: number, c: SamplerConfig): Regenerated[] {
  const data = Dataset.from(be, run.artifact.x, d), net = Net.fromModel(be, run.artifact.model, d + 1, d, c.precision ?? 'f64');
  const sampler = { N: c.samples, steps: c.steps, T: 1, delta: c.delta, muRate: c.muRate };
  try {
    return seedsOf(run, d, c.sets).map((set, k) => {
      const take = (buf: { view(): Float64Array; free(): void }): Float64Array => { const v = buf.view().slice(); buf.free(); return v; };
      const learned = take(sampleLearned(net, { ...sampler, seed: set.seeds.learned }));
      const sStar = take(sampleSStar(data, { ...sampler, seed: set.seeds.sStar }));
      const gaussian = take(sampleGaussianFit(data, { N: c.samples, seed: set.seeds.gaussian }));
      const nullSeed = set.seeds.sStarNull;
      const sStarNull = nullSeed === undefined ? undefined : take(sampleSStar(data, { ...sampler, seed: nullSeed }));
      const confirmed = set.hash
        ? hashSamples(learned) === set.hash.learned && hashSamples(sStar) === set.hash.sStar && hashSamples(gaussian) === set.hash.gaussian &&
          (sStarNull === undefined || hashSamples(sStarNull) === set.hash.sStarNull)
        : k > 0 || firstTwoMatch(run, d, learned, sStar, gaussian);
      return { learned, sStar, gaussian, sStarNull, confirmed };
    });
  } finally {
    net.free();
    data.free();
  }
}

/** The artifact's sets, or (older artifacts) their seeds derived from the sweep seed, no hash. */
function seedsOf(run: RunInput, d: number, sets: number): (Pick<GeneratedSet, 'seeds'> & { hash?: GeneratedSet['hash'] })[] {
  if (run.artifact.sets) return run.artifact.sets;
  const at = `d=${d}/sim=${Number(run.setting.sim)}`;
  const seed = (what: string, k: number): number => deriveSeed(run.sweepSeed, `generate/${what}/${at}/set=${k}`);
  return Array.from({ length: sets }, (_, k) => ({ seeds: { learned: seed('learned', k), sStar: seed('sstar', k), gaussian: seed('gaussian', k) } }));
}

/** Set 0 against the first two coordinates the artifact kept (`samples`). */
function firstTwoMatch(run: RunInput, d: number, learned: Float64Array, sStar: Float64Array, gaussian: Float64Array): boolean {
  const s = run.artifact.samples;
  if (!s) return false;
  const same = (rows: number[][], v: Float64Array): boolean =>
    rows.length * d === v.length && rows.every((r, j) => r.every((x, c) => x === v[j * d + c]));
  return same(s.learned, learned) && same(s.sStar, sStar) && same(s.gaussian, gaussian);
}
