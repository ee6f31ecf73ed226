// The experiments by id, the one list: the runner's workers look experiments up here, the help
// texts list it, and `bigstep reproduce` runs it in this order (each after those it reads).
import { fig1 } from './fig1.js';
import { fig2 } from './fig2.js';
import { fig3 } from './fig3.js';
import { fig4 } from './fig4.js';
import { fig5 } from './fig5.js';
import { fig5diffusion } from './fig5diffusion.js';
import type { Experiment, ExperimentId } from './types.js';

export const EXPERIMENTS: Record<ExperimentId, Experiment> = {
  fig1: fig1,
  fig2: fig2,
  fig5: fig5,
  fig3: fig3,
  fig5diffusion: fig5diffusion,
  fig4: fig4,
};

export { fig1, fig2, fig3, fig4, fig5, fig5diffusion };
export { deriveSeed } from './seeds.js';

export type * from './types.js';
