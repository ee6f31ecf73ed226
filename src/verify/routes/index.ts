// The second route of each experiment. An experiment of the registry without one here makes
// `bigstep verify` fail on its sweeps (and test/verify.test.ts fail), so new experiments get one.
import type { ExperimentId } from '../../experiments/types.js';
import type { Route } from '../route.js';
import { diffusionRoute } from './diffusion.js';
import { diffusionSharpnessRoute } from './diffusionSharpness.js';
import { sharpnessRoute } from './sharpness.js';
import { trainingRoute } from './training.js';

export const ROUTES: Partial<Record<ExperimentId, Route>> = {
  fig1: trainingRoute,
  fig2: trainingRoute,
  fig5: sharpnessRoute,
  fig3: diffusionRoute,
  fig4: diffusionRoute,
  fig5diffusion: diffusionSharpnessRoute,
};
