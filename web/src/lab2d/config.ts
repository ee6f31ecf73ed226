// The 2-D panel's fields and defaults: the fig3 setting made small enough to watch (n = 10 from
// N(0, 2² I), width m = 200, batch B = 500, η = 0.5, 3000 steps; 500 samples, 100 EM steps).
import { integer, oneOf, positive, seed } from '../../../src/model/validate.js';
import { check, numberOf, type Errors, type Raw } from '../fields.js';
import { PRECISIONS } from '../../../src/backend/contract.js';
import { BACKENDS } from '../lab1d/protocol.js';
import type { Config2d } from './protocol.js';

export const FIELDS_2D = ['n', 'dataSeed', 'scale', 'm', 'B', 'eta', 'epochs', 'seed', 'N', 'steps', 'backend', 'precision'] as const;
export type Field2d = (typeof FIELDS_2D)[number];
/** URL parameters of this panel carry this prefix (`d2_eta=...`). */
export const PREFIX_2D = 'd2_';

export const DEFAULTS_2D: Raw<Field2d> = {
  n: '10', dataSeed: '1', scale: '2', m: '200', B: '500', eta: '0.5', epochs: '3000', seed: '1', N: '500', steps: '100', backend: 'wasm', precision: 'f64',
};

export function validate2d(raw: Raw<Field2d>): { config: Config2d | null; errors: Errors } {
  const errors: Errors = {};
  const v = {
    // n >= 2: the fitted Gaussian's covariance and the memorization ratio need two points.
    n: check(errors, () => integer('n', numberOf(raw.n), 2, 200)),
    dataSeed: check(errors, () => seed('dataSeed', numberOf(raw.dataSeed))),
    scale: check(errors, () => positive('scale', numberOf(raw.scale))),
    m: check(errors, () => integer('m', numberOf(raw.m), 1, 5000)),
    B: check(errors, () => integer('B', numberOf(raw.B), 1, 20_000)),
    eta: check(errors, () => positive('eta', numberOf(raw.eta))),
    epochs: check(errors, () => integer('epochs', numberOf(raw.epochs), 1, 10_000_000)),
    seed: check(errors, () => seed('seed', numberOf(raw.seed))),
    // N >= 2: the unbiased MMD² needs two samples on each side.
    N: check(errors, () => integer('N', numberOf(raw.N), 2, 5000)),
    steps: check(errors, () => integer('steps', numberOf(raw.steps), 1, 2000)),
    backend: check(errors, () => oneOf('backend', raw.backend, BACKENDS)),
    precision: check(errors, () => oneOf('precision', raw.precision, PRECISIONS)),
  };
  if (Object.keys(errors).length > 0) return { config: null, errors };
  const { precision, ...rest } = v;
  return { config: { ...rest, ...(precision === 'f32' ? { precision } : {}) } as Config2d, errors };
}
