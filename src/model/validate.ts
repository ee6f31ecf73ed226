// Validation at the library boundary (SPEC §1 domains). Each check returns the value with its
// proper type or throws an InputError naming the field and the allowed values.
import { InputError, describe } from './errors.js';

/** A finite number strictly inside (lo, hi). */
export function openInterval(field: string, value: unknown, lo: number, hi: number, path = field): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= lo || value >= hi) {
    throw new InputError(field, `a number in (${lo}, ${hi})`, describe(value), path);
  }
  return value;
}

/** mu and sigma of the noise level: both in (0, 1) (SPEC §1). */
export function noiseLevel(mu: unknown, sigma: unknown): { mu: number; sigma: number } {
  return { mu: openInterval('mu', mu, 0, 1), sigma: openInterval('sigma', sigma, 0, 1) };
}

/** An integer >= min (and <= max). */
export function integer(field: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer in [${min}, ${max}]`;
    throw new InputError(field, range, describe(value));
  }
  return value;
}

/** A finite number > 0 (learning rate eta, diffusion time t, bandwidths). */
export function positive(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new InputError(field, 'a finite number > 0', describe(value));
  }
  return value;
}

/** A seed: an integer in [0, 2^53). */
export function seed(field: string, value: unknown): number {
  return integer(field, value, 0, Number.MAX_SAFE_INTEGER);
}

/** One of a fixed set of strings. */
export function oneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new InputError(field, allowed.map((a) => JSON.stringify(a)).join(', '), describe(value));
  }
  return value as T;
}

/** Points: a non-empty array of finite numbers (d = 1) or of equal-length rows of finite
 *  numbers (d-D). Returns the flat row-major values and the dimension. `d` forces a dimension. */
export function points(field: string, value: unknown, d?: number): { values: Float64Array; n: number; d: number } {
  const shape = d === undefined ? 'a non-empty array of finite numbers, or of equal-length rows of them'
    : d === 1 ? 'a non-empty array of finite numbers' : `a non-empty array of rows of ${d} finite numbers`;
  if (!Array.isArray(value) || value.length === 0) throw new InputError(field, shape, describe(value));
  const rows = Array.isArray(value[0]);
  const dim = rows ? (value[0] as unknown[]).length : 1;
  if (d !== undefined && dim !== d && !(d === 1 && rows && dim === 1)) {
    throw new InputError(field, shape, `points of dimension ${dim}`, `${field}[0]`);
  }
  if (dim < 1) throw new InputError(field, shape, 'an empty row', `${field}[0]`);
  const out = new Float64Array(value.length * dim);
  value.forEach((row: unknown, i: number) => {
    if (rows) {
      if (!Array.isArray(row) || row.length !== dim) throw new InputError(field, shape, describe(row), `${field}[${i}]`);
      row.forEach((v: unknown, k: number) => { out[i * dim + k] = finite(field, v, `${field}[${i}][${k}]`, shape); });
    } else {
      out[i] = finite(field, row, `${field}[${i}]`, shape);
    }
  });
  return { values: out, n: value.length, d: dim };
}

function finite(field: string, v: unknown, path: string, allowed: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new InputError(field, allowed, describe(v), path);
  return v;
}
