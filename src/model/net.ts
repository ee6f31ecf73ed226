// A two-layer ReLU score network s_theta(y) = (1/m) Σ_l w2_l relu(<w1_l, y> + b_l) (SPEC §1),
// its parameters resident in one backend buffer in the contract's neuron-major layout
// [w1 (dIn × m) | b (m) | w2 (dOut × m)], with the forward scratch allocated once per net.
//
// Precision (issue 14). An 'f64' net (the default) holds `params` (F64) only. An 'f32' net holds
// two buffers in the same layout, both owned by the net and freed by free():
//   params32 (F32)  the training state: f32 training and f32 sampling read and write it;
//   params   (F64)  its exact promotion to f64 — what analysis (exact risk, Hessian, sharpness,
//                   excess risk, TV, bounds), toModel() and forward() read, as for an f64 net.
// Training refreshes `params` from `params32` (promote()) after every chunk of steps, before any
// callback, so analysis never sees stale values; code that edits `params` of an f32 net by hand
// calls demote() (params32 ← fl32(params), then params ← the promotion of that). Initialisation
// draws the f64 values (the same draws as an f64 net of the same seed) and rounds them to f32.
// Views follow the F64/F32 rule: re-take view() after any call that can allocate.
import type { Backend, F32, F64, Precision } from '../backend/contract.js';
import { PRECISIONS, RNG_STATE_LENGTH, scratchLength } from '../backend/contract.js';
import { InputError, describe } from './errors.js';
import { integer, oneOf, seed as checkSeed } from './validate.js';

export interface NetShape { dIn: number; m: number; dOut: number }

/** The `model` object of SPEC §3: per neuron, w1 (number in 1-D, else a row of dIn), b, w2
 *  (number when dOut = 1, else a row of dOut). */
export interface ModelJson {
  w1: number[] | number[][];
  b: number[];
  w2: number[] | number[][];
}

export class Net {
  private forwardScratch: F64 | undefined;

  private constructor(readonly backend: Backend, readonly shape: NetShape, readonly params: F64,
    /** Arithmetic of training and sampling ('f64' or 'f32'); analysis is f64 either way. */
    readonly precision: Precision,
    /** The f32 training state of an 'f32' net (null for 'f64'); `params` is its promotion. */
    readonly params32: F32 | null) {}

  /** Number of parameters P = m (dIn + 1 + dOut). */
  get size(): number { return this.shape.m * (this.shape.dIn + 1 + this.shape.dOut); }

  static zeros(backend: Backend, shape: NetShape, precision: Precision = 'f64'): Net {
    const dIn = integer('dIn', shape.dIn, 1), m = integer('m', shape.m, 1), dOut = integer('dOut', shape.dOut, 1);
    const prec = oneOf('precision', precision, PRECISIONS);
    const P = m * (dIn + 1 + dOut);
    return new Net(backend, { dIn, m, dOut }, backend.f64(P), prec, prec === 'f32' ? backend.f32(P) : null);
  }

  /** f32 nets: params ← the exact f64 promotion of params32 (after f32 training). No-op for f64. */
  promote(): void {
    if (this.params32 !== null) this.params.view().set(this.params32.view());
  }

  /** f32 nets: params32 ← params rounded to f32, then params ← its promotion, so that both hold
   *  the same values (after setting params by hand). No-op for f64 nets. */
  demote(): void {
    if (this.params32 === null) return;
    this.params32.view().set(this.params.view());
    this.promote();
  }

  /** The paper's theory model (section 4, 1-D): w1_l = ±1 with probability 1/2 each (fixed),
   *  b ~ N(0, 1), w2 ~ N(0, 1). Draws: m uniforms (w1 = +1 iff U < 1/2), m normals (b), m (w2). */
  static theory(backend: Backend, opts: { m: number; seed: number; precision?: Precision }): Net {
    const net = Net.zeros(backend, { dIn: 1, m: opts.m, dOut: 1 }, opts.precision);
    const m = net.shape.m;
    net.draw(opts.seed, (rng, scratch) => {
      backend.rngUniforms(rng, scratch, m);
      const u = scratch.view().slice(0, m);
      backend.rngNormals(rng, scratch, 2 * m);
      const bw2 = scratch.view();
      const p = net.params.view();
      for (let l = 0; l < m; l++) {
        p[l] = u[l] < 0.5 ? 1 : -1;
        p[m + l] = bw2[l];
        p[2 * m + l] = bw2[m + l];
      }
    });
    net.demote();
    return net;
  }

  /** The paper's experiment model (appendix E): w2 ~ N(0, 1), w1 ~ N(0, 1/dIn), b = 0, all
   *  trained. Draws: dIn·m normals for w1 (neuron-major layout order), then dOut·m for w2. */
  static experiment(backend: Backend, opts: { dIn: number; dOut: number; m: number; seed: number; precision?: Precision }): Net {
    const net = Net.zeros(backend, { dIn: opts.dIn, m: opts.m, dOut: opts.dOut }, opts.precision);
    const { dIn, m, dOut } = net.shape;
    net.draw(opts.seed, (rng, scratch) => {
      backend.rngNormals(rng, scratch, (dIn + dOut) * m);
      const z = scratch.view();
      const p = net.params.view();
      const s = 1 / Math.sqrt(dIn);
      for (let i = 0; i < dIn * m; i++) p[i] = s * z[i];
      for (let i = 0; i < dOut * m; i++) p[(dIn + 1) * m + i] = z[dIn * m + i];
    });
    net.demote();
    return net;
  }

  /** From a SPEC §3 `model` object (validated; errors name the field `model`); an 'f32' net
   *  rounds the values to f32. */
  static fromModel(backend: Backend, model: unknown, dIn: number, dOut: number = dIn, precision: Precision = 'f64'): Net {
    if (typeof model !== 'object' || model === null || Array.isArray(model)) {
      throw new InputError('model', 'an object {"w1": [...], "b": [...], "w2": [...]}', describe(model));
    }
    const { w1, b, w2 } = model as Record<string, unknown>;
    const m = Array.isArray(b) ? b.length : 0;
    if (m < 1) throw new InputError('model', 'a non-empty array of finite numbers', describe(b), 'model.b');
    const net = Net.zeros(backend, { dIn, m, dOut }, precision);
    const p = net.params.view();
    readBlock(w1, 'model.w1', m, dIn, p, 0);
    readBlock(b, 'model.b', m, 1, p, dIn * m);
    readBlock(w2, 'model.w2', m, dOut, p, (dIn + 1) * m);
    net.demote();
    return net;
  }

  /** The parameters as a SPEC §3 `model` object. */
  toModel(): ModelJson {
    const { dIn, m, dOut } = this.shape;
    const p = this.params.view();
    const block = (offset: number, width: number): number[] | number[][] =>
      width === 1 ? Array.from(p.subarray(offset, offset + m))
        : Array.from({ length: m }, (_, l) => Array.from({ length: width }, (_, k) => p[offset + k * m + l]));
    return { w1: block(0, dIn), b: Array.from(p.subarray(dIn * m, (dIn + 1) * m)), w2: block((dIn + 1) * m, dOut) };
  }

  /** s_theta at the B points of X (B × dIn); out is B × dOut. */
  forward(X: F64, B: number, out: F64): void {
    const { dIn, m, dOut } = this.shape;
    this.forwardScratch ??= this.backend.f64(scratchLength.net(dIn, m, dOut));
    this.backend.netForward(this.params, dIn, m, dOut, X, B, out, this.forwardScratch);
  }

  free(): void {
    this.params.free();
    this.params32?.free();
    this.forwardScratch?.free();
  }

  private draw(seed: number, fill: (rng: F64, scratch: F64) => void): void {
    const rng = this.backend.f64(RNG_STATE_LENGTH);
    this.backend.rngSeed(rng, checkSeed('seed', seed));
    const scratch = this.backend.f64((this.shape.dIn + this.shape.dOut + 1) * this.shape.m);
    fill(rng, scratch);
    rng.free();
    scratch.free();
  }
}

/** Read an m-row block (numbers when width = 1, rows of `width` otherwise) into p[offset + k*m + l]. */
function readBlock(value: unknown, path: string, m: number, width: number, p: Float64Array, offset: number): void {
  const allowed = width === 1 ? `an array of ${m} finite numbers` : `an array of ${m} rows of ${width} finite numbers`;
  if (!Array.isArray(value) || value.length !== m) throw new InputError('model', allowed, describe(value), path);
  for (let l = 0; l < m; l++) {
    const row = width === 1 && !Array.isArray(value[l]) ? [value[l]] : value[l];
    if (!Array.isArray(row) || row.length !== width) throw new InputError('model', allowed, describe(value[l]), `${path}[${l}]`);
    for (let k = 0; k < width; k++) {
      const v = row[k];
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new InputError('model', allowed, describe(v), width === 1 ? `${path}[${l}]` : `${path}[${l}][${k}]`);
      }
      p[offset + k * m + l] = v;
    }
  }
}
