// Excess risk of a network against the empirical optimal score (SPEC §1):
//   R_n(s_theta) - R_n(s*) = (1/n) Σ_i E_{Y ~ N(mu x_i, sigma² I)} ||s_theta(Y) - s*(Y)||²,
// estimated by Monte Carlo with `draws` noises per training point, as the paper's figure 2.
import { RNG_STATE_LENGTH, scratchLength } from '../backend/contract.js';
import type { Dataset } from '../model/dataset.js';
import { InputError } from '../model/errors.js';
import type { Net } from '../model/net.js';
import { integer, noiseLevel, seed as checkSeed } from '../model/validate.js';

export interface MonteCarloEstimate {
  value: number;
  /** Standard error of `value` (stratified over the n training points). */
  stderr: number;
  draws: number;
  seed: number;
}

/** Monte Carlo excess risk: `draws` noises per training point from generator `seed`. */
export function excessRiskMonteCarlo(net: Net, data: Dataset,
  opts: { mu: number; sigma: number; draws: number; seed: number }): MonteCarloEstimate {
  const { mu, sigma } = noiseLevel(opts.mu, opts.sigma);
  const draws = integer('draws', opts.draws, 2);
  const seed = checkSeed('seed', opts.seed);
  const { dIn, m, dOut } = net.shape;
  if (dIn !== data.d || dOut !== data.d) {
    throw new InputError('model', `a network with input and output dimension ${data.d} (the data's)`, `dIn = ${dIn}, dOut = ${dOut}`);
  }
  const be = net.backend;
  const rng = be.f64(RNG_STATE_LENGTH), out = be.f64(2), scratch = be.f64(scratchLength.excessRisk(data.d, m));
  try {
    be.rngSeed(rng, seed);
    be.excessRiskMC(net.params, data.d, m, data.x, data.n, mu, sigma, draws, rng, out, scratch);
    const [value, stderr] = out.view();
    return { value, stderr, draws, seed };
  } finally {
    rng.free(); out.free(); scratch.free();
  }
}
