// The second route of fig5diffusion (the sharpness of the diffusion loss from fig3's final
// parameters): the loss rebuilt here from the config (diffusionSchedule.ts) and the artifact's
// data, then the Monte Carlo route of the sampled estimators (sampledSharpness.ts).
import { deriveSeed } from '../../experiments/seeds.js';
import type { Check } from '../check.js';
import { timeGridOf } from '../diffusionSchedule.js';
import { diffusionMixture } from '../mixture.js';
import type { Route, RouteContext, RunInput } from '../route.js';
import { flatPoints, netNd } from '../scoreNd.js';
import { sampledChecks } from './sampledSharpness.js';
import { LANCZOS_DIAGNOSTICS } from './sharpness.js';

interface Fig5DiffusionConfig {
  d: number; timeCount: number; draws: number; kinkDraws: number; estimators: ('sampled' | 'withKinks')[];
  protocol?: string; muSchedule?: string; trainDelta?: number; timeWeights?: string; lossReduction?: string;
}

export const diffusionSharpnessRoute: Route = {
  diagnostics: LANCZOS_DIAGNOSTICS,
  divergenceFrom: 'fig3',
  checkRun(run: RunInput, ctx: RouteContext): Check[] {
    const c = run.config as unknown as Fig5DiffusionConfig, d = c.d, grid = timeGridOf(c);
    const mix = diffusionMixture(flatPoints(run.artifact.x, d), d, grid.times, grid.weights, grid.protocol.muRate);
    const scale = grid.protocol.lossReduction === 'mean' ? 1 / d : 1;
    const seed = deriveSeed(run.sweepSeed, `sharpness-sample/d=${d}/sim=${run.setting.sim}`); // shared across eta, as fig5diffusion derives it
    return sampledChecks(run, ctx, { net: netNd(run.artifact.model, d + 1, d), mix },
      { scale, prodDraws: c.draws, prodSeed: seed, prodKinkDraws: c.kinkDraws, estimators: c.estimators });
  },
};
