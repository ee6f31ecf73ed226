// The median heuristic for a Gaussian-kernel bandwidth (Gretton et al. 2012, §8; Garreau,
// Jitkrittum and Kanagawa 2017): the median of the Euclidean distances ||a − b|| over all pairs
// of distinct points of a pooled sample. O(P² d) for P pooled points, and a sort of P(P−1)/2
// distances (P = 2000: 2·10⁶ values, well under a second).
import { InputError } from '../model/errors.js';
import { integer } from '../model/validate.js';

/** The median pairwise distance of the points of `sets` pooled (each `n` rows × d, row-major);
 *  for an even number of pairs, the mean of the two middle distances. */
export function medianPairwiseDistance(sets: readonly Float64Array[], n: number, d: number): number {
  integer('n', n, 1);
  integer('d', d, 1);
  const P = sets.length * n;
  if (P < 2) throw new InputError('sets', 'at least two points pooled', `${P} point`);
  sets.forEach((s, k) => {
    if (s.length < n * d) throw new InputError(`sets[${k}]`, `at least n·d = ${n * d} values`, `${s.length}`);
  });
  const row = (p: number): [Float64Array, number] => [sets[Math.floor(p / n)], (p % n) * d];
  const dist = new Float64Array((P * (P - 1)) / 2);
  let q = 0;
  for (let i = 0; i < P; i++) {
    const [a, ai] = row(i);
    for (let j = i + 1; j < P; j++) {
      const [b, bj] = row(j);
      let s = 0;
      for (let c = 0; c < d; c++) { const t = a[ai + c] - b[bj + c]; s += t * t; }
      dist[q++] = Math.sqrt(s);
    }
  }
  dist.sort();
  const k = dist.length >> 1;
  return dist.length % 2 === 1 ? dist[k] : (dist[k - 1] + dist[k]) / 2;
}
