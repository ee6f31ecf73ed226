// Twin of assembly/kernels/sgd1d.ts (formulas, activity convention and prefix-sum identities
// are documented there): the same operations in the same order, each f64x2 lane of the Wasm
// update loop a scalar here, so both backends give bit-identical parameters.
import { Xoshiro } from './rng.js';
import { bucketKinks, sortBatch } from './kinkBuckets.js';

/** One call: `epochs` SGD steps; returns the number completed (see contract.ts). */
export function sgd1d(params: Float64Array, m: number, x: Float64Array, n: number, mu: number,
  sigma: number, eta: number, B: number, epochs: number, trainW1: number, rng: Float64Array,
  losses: Float64Array | null, scratch: Float64Array): number {
  // Scratch layout as in the Wasm kernel (f64 slots; i32 arrays are views of the same bytes;
  // slot 0 holds tau rather than the Wasm search key, see update).
  const mE = (m + 1) & ~1, S = 2 * B + 8;
  const w1 = params.subarray(0, m), pb = params.subarray(m, 2 * m), w2 = params.subarray(2 * m, 3 * m);
  const f64 = (slot: number): Float64Array => scratch.subarray(slot, slot + S);
  const tau = scratch.subarray(0, mE), aw = scratch.subarray(mE, 2 * mE), cw = scratch.subarray(2 * mE, 3 * mE);
  const bk = new Int32Array(scratch.buffer, scratch.byteOffset + 3 * mE * 8, mE);
  const base = 3.5 * mE;
  const ys = f64(base), zs = f64(base + S), gs = f64(base + 2 * S), AP = f64(base + 3 * S);
  const CP = f64(base + 4 * S), GH = scratch.subarray(base + 5 * S, base + 7 * S);
  const accA = f64(base + 7 * S), accC = f64(base + 8 * S);
  const idx = new Int32Array(scratch.buffer, scratch.byteOffset + (base + 10 * S) * 8, S);
  const negBase = B + 1;
  const mf = m, nf = n, twoOverB = 2.0 / B, Bf = B;

  let chk = 0.0;
  for (let l = 0; l < m; l++) {
    const a = w1[l], c = pb[l], v = w2[l];
    tau[l] = a === 0.0 ? (c > 0.0 ? -Infinity : Infinity) : -(c / a);
    aw[l] = v * a;
    cw[l] = v * c;
    chk = chk + ((a * 0.0 + c * 0.0) + v * 0.0);
  }

  const gen = new Xoshiro(rng);
  for (let step = 0; step < epochs; step++) {
    for (let b = 0; b < B; b++) {
      let i = Math.floor(nf * gen.uniform());
      if (i >= n) i = n - 1;
      idx[b] = i;
    }
    for (let b = 0; b < B; b++) {
      const z = gen.normal();
      ys[b] = mu * x[idx[b]] + sigma * z;
      zs[b] = z;
    }
    sortBatch(ys, zs, B);
    bucketKinks(w1, tau, aw, cw, m, ys, B, bk, accA, accC);

    let sa = 0.0, sc = 0.0;
    for (let j = 0; j < B; j++) {
      sa += accA[j]; sc += accC[j];
      AP[j] = sa; CP[j] = sc;
    }
    sa = 0.0; sc = 0.0;
    let sum = 0.0, sg = 0.0, sh = 0.0;
    GH[2 * B] = 0.0; GH[2 * B + 1] = 0.0;
    for (let j = B - 1; j >= 0; j--) {
      const y = ys[j];
      sa += accA[negBase + j + 1]; sc += accC[negBase + j + 1];
      const s = (y * (AP[j] + sa) + (CP[j] + sc)) / mf;
      const f = s + zs[j] / sigma;
      sum += f * f;
      const g = f * twoOverB;
      gs[j] = g;
      sg += g; sh += g * y;
      GH[2 * j] = sg; GH[2 * j + 1] = sh;
    }
    const loss = sum / Bf + chk;
    if (losses !== null) losses[step] = loss;
    if (!Number.isFinite(loss)) { gen.store(rng); return step; }
    let pg = 0.0, ph = 0.0;
    const n2 = 2 * negBase;
    GH[n2] = 0.0; GH[n2 + 1] = 0.0;
    for (let j = 0; j < B; j++) {
      const g = gs[j];
      pg += g; ph += g * ys[j];
      GH[n2 + 2 * j + 2] = pg; GH[n2 + 2 * j + 3] = ph;
    }

    chk = update(w1, pb, w2, GH, bk, tau, aw, cw, m, eta, trainW1 !== 0);
  }
  gen.store(rng);
  return epochs;
}

/** The Wasm update loop with its two f64x2 lanes as scalars (chk0: even l, chk1: odd l).
 *  The Wasm kernel stores the search key of kinkKey next to aw, cw; here tau itself (the
 *  bucket search compares with < or <= instead, which gives the same integer counts). */
function update(w1: Float64Array, pb: Float64Array, w2: Float64Array, GH: Float64Array,
  bk: Int32Array, tau: Float64Array, aw: Float64Array, cw: Float64Array, m: number, eta: number,
  trainW1: boolean): number {
  let chk0 = 0.0, chk1 = 0.0;
  for (let l = 0; l < m; l++) {
    const a = w1[l], c = pb[l], v = w2[l], q = 2 * bk[l], gG = GH[q], gH = GH[q + 1];
    const vn = v - eta * (a * gH + c * gG);
    const cn = c - eta * (v * gG);
    let an = a;
    if (trainW1) { an = a - eta * (v * gH); w1[l] = an; }
    pb[l] = cn; w2[l] = vn;
    tau[l] = an === 0.0 ? (cn > 0.0 ? -Infinity : Infinity) : -(cn / an);
    aw[l] = vn * an; cw[l] = vn * cn;
    const d = (an * 0.0 + cn * 0.0) + vn * 0.0;
    if ((l & 1) === 0) chk0 = chk0 + d; else chk1 = chk1 + d;
  }
  return chk0 + chk1;
}
