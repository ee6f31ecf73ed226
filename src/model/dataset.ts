// Training data x_1..x_n in R^d, resident in a backend buffer (row-major n × d).
// In 1-D the points are kept sorted (SPEC §1), so Delta and the span read off directly.
import type { Backend, F64 } from '../backend/contract.js';
import { RNG_STATE_LENGTH } from '../backend/contract.js';
import { integer, points, positive, seed as checkSeed } from './validate.js';

export class Dataset {
  private constructor(
    readonly backend: Backend,
    readonly n: number,
    readonly d: number,
    /** n × d, row-major; sorted when d = 1. */
    readonly x: F64,
  ) {}

  /** From JSON-shaped points: numbers (1-D) or rows of numbers (d-D). Validated (field `x`). */
  static from(backend: Backend, value: unknown, d?: number): Dataset {
    const p = points('x', value, d);
    if (p.d === 1) p.values.sort();
    return new Dataset(backend, p.n, p.d, backend.f64From(p.values));
  }

  /** n points from N(0, scale² I_d), drawn with the backend's generator (the same numbers on
   *  both backends): normals in row-major order from `seed`. */
  static sample(backend: Backend, opts: { n: number; d: number; seed: number; scale?: number }): Dataset {
    const n = integer('n', opts.n, 1), d = integer('d', opts.d, 1);
    const scale = positive('scale', opts.scale ?? 1);
    const rng = backend.f64(RNG_STATE_LENGTH);
    backend.rngSeed(rng, checkSeed('seed', opts.seed));
    const x = backend.f64(n * d);
    backend.rngNormals(rng, x, n * d);
    rng.free();
    const v = x.view();
    for (let i = 0; i < v.length; i++) v[i] *= scale;
    if (d === 1) v.sort();
    return new Dataset(backend, n, d, x);
  }

  /** The points as JSON: numbers in 1-D, rows in d-D. */
  toJSON(): number[] | number[][] {
    const v = Array.from(this.x.view());
    if (this.d === 1) return v;
    return Array.from({ length: this.n }, (_, i) => v.slice(i * this.d, (i + 1) * this.d));
  }

  free(): void { this.x.free(); }
}
