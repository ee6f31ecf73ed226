// Memorization of generated samples (SPEC §2 fig3/fig4 `memorization`; the definition):
// a sample y is memorized when its nearest training point is closer than 1/3 of the distance to
// the second nearest, i.e. ratio = ||y - x_(1)|| / ||y - x_(2)|| < 1/3. Pure TypeScript, O(N n d)
// (N = 1000, n = 10: a few µs per sample; never hot). Needs n >= 2 training points.
import type { F64 } from '../backend/contract.js';
import { InputError, describe } from '../model/errors.js';
import { integer } from '../model/validate.js';

export const MEMORIZATION_RATIO = 1 / 3;

export interface Memorization {
  /** Fraction of samples with ratio < 1/3. */
  fraction: number;
  /** Per sample: distance to its nearest training point. */
  nearest: number[];
  /** Per sample: index of that training point (first on ties). */
  nearestIndex: number[];
  /** Per sample: nearest / second-nearest distance (0 / 0 = 1: two coinciding training points). */
  ratio: number[];
}

/** Nearest-neighbour statistics of N samples (N × d) against n training points (n × d). */
export function memorization(samples: Float64Array | F64, N: number, data: Float64Array | F64, n: number, d: number): Memorization {
  integer('N', N, 1);
  integer('n', n, 2);
  integer('d', d, 1);
  const y = samples instanceof Float64Array ? samples : samples.view().slice();
  const x = data instanceof Float64Array ? data : data.view().slice();
  if (y.length < N * d) throw new InputError('samples', `at least N·d = ${N * d} values`, describe(y.length));
  if (x.length < n * d) throw new InputError('x', `at least n·d = ${n * d} values`, describe(x.length));
  const nearest: number[] = [], nearestIndex: number[] = [], ratio: number[] = [];
  let memorized = 0;
  for (let j = 0; j < N; j++) {
    let b1 = Infinity, b2 = Infinity, i1 = 0;
    for (let i = 0; i < n; i++) {
      let q = 0;
      for (let c = 0; c < d; c++) {
        const diff = y[j * d + c] - x[i * d + c];
        q += diff * diff;
      }
      if (q < b1) { b2 = b1; b1 = q; i1 = i; } else if (q < b2) b2 = q;
    }
    const d1 = Math.sqrt(b1), d2 = Math.sqrt(b2);
    const r = d2 === 0 ? 1 : d1 / d2;
    nearest.push(d1);
    nearestIndex.push(i1);
    ratio.push(r);
    if (r < MEMORIZATION_RATIO) memorized++;
  }
  return { fraction: memorized / N, nearest, nearestIndex, ratio };
}

/** The q-quantiles (q in [0, 1], linear interpolation between order statistics) of `values`. */
export function quantiles(values: readonly number[], qs: readonly number[]): number[] {
  if (values.length === 0) throw new InputError('values', 'a non-empty array', 'an empty array');
  const v = [...values].sort((a, b) => a - b);
  return qs.map((q) => {
    if (!(q >= 0 && q <= 1)) throw new InputError('q', 'a number in [0, 1]', describe(q));
    const pos = q * (v.length - 1), lo = Math.floor(pos), hi = Math.ceil(pos);
    return v[lo] + (v[hi] - v[lo]) * (pos - lo);
  });
}
