// The 1-D panel's fields, defaults (figure 1's setting: n = 20, m = 1000, B = 50, the experiment
// model, t = 0.2, η = 0.1 with its 25k epochs) and validation into a Config1d. Upper limits keep the page responsive.
import { PRECISIONS } from '../../../src/backend/contract.js';
import { T_MAX, noiseAt } from '../../../src/model/schedule.js';
import { integer, oneOf, openInterval, points, positive, seed } from '../../../src/model/validate.js';
import { check, numberOf, type Errors, type Raw } from '../fields.js';
import { BACKENDS, MODEL_KINDS, type Config1d } from './protocol.js';

export const FIELDS_1D = ['n', 'dataSeed', 't', 'mu', 'sigma', 'eta', 'm', 'B', 'epochs', 'model', 'seed', 'backend', 'precision'] as const;
export type Field1d = (typeof FIELDS_1D)[number];

export const DEFAULTS_1D: Raw<Field1d> = {
  n: '20', dataSeed: '1', t: '0.2', mu: '', sigma: '', eta: '0.1', m: '1000', B: '50', epochs: '25000',
  model: 'experiment', seed: '1', backend: 'wasm', precision: 'f64',
};

export const LIMITS = { n: 1000, m: 20_000, B: 10_000, epochs: 100_000_000 } as const;

/** n and the data seed, for drawing n points from N(0, 1). */
export function validateDraw(raw: Raw<Field1d>, errors: Errors): { n: number; seed: number } | null {
  const n = check(errors, () => integer('n', numberOf(raw.n), 1, LIMITS.n));
  const s = check(errors, () => seed('dataSeed', numberOf(raw.dataSeed)));
  return n === undefined || s === undefined ? null : { n, seed: s };
}

/** The run's configuration, or null with a message per bad field (key = field name; `x` for the
 *  points). The noise level is t when its field is filled, else (mu, sigma). */
export function validate1d(raw: Raw<Field1d>, x: readonly unknown[]): { config: Config1d | null; errors: Errors } {
  const errors: Errors = {};
  const pts = check(errors, () => points('x', [...x], 1));
  let t: number | null = null, mu: number | undefined, sigma: number | undefined;
  if (raw.t.trim() !== '') {
    const tv = check(errors, () => openInterval('t', numberOf(raw.t), 0, T_MAX));
    if (tv !== undefined) { t = tv; ({ mu, sigma } = noiseAt(tv)); }
  } else {
    mu = check(errors, () => openInterval('mu', numberOf(raw.mu), 0, 1));
    sigma = check(errors, () => openInterval('sigma', numberOf(raw.sigma), 0, 1));
  }
  const eta = check(errors, () => positive('eta', numberOf(raw.eta)));
  const m = check(errors, () => integer('m', numberOf(raw.m), 1, LIMITS.m));
  const B = check(errors, () => integer('B', numberOf(raw.B), 1, LIMITS.B));
  const epochs = check(errors, () => integer('epochs', numberOf(raw.epochs), 1, LIMITS.epochs));
  const model = check(errors, () => oneOf('model', raw.model, MODEL_KINDS));
  const s = check(errors, () => seed('seed', numberOf(raw.seed)));
  const backend = check(errors, () => oneOf('backend', raw.backend, BACKENDS));
  const precision = check(errors, () => oneOf('precision', raw.precision, PRECISIONS));
  if (Object.keys(errors).length > 0) return { config: null, errors };
  return {
    config: {
      x: Array.from(pts!.values), t, mu: mu!, sigma: sigma!, eta: eta!, m: m!, B: B!, epochs: epochs!,
      model: model!, seed: s!, backend: backend!,
      ...(precision === 'f32' ? { precision } : {}), // absent for f64: exported rows keep their fingerprints
    },
    errors,
  };
}
