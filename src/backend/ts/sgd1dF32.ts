// Twin of assembly/kernels/sgd1dF32.ts (formulas there and in sgd1d.ts): the same f32 operations
// in the same order, each f32x4 lane of the Wasm update loop a scalar here (Math.fround after
// every operation; stores into Float32Array round the same way), so both backends agree bit for bit.
import { Xoshiro } from './rng.js';
import { bucketKinks32, sortBatch32 } from './kinkBucketsF32.js';

const fr = Math.fround;

/** tau = -(c / a) in f32 (a == 0: -Infinity if c > 0, else +Infinity). */
const tauOf = (a: number, c: number): number => (a === 0 ? (c > 0 ? -Infinity : Infinity) : -fr(c / a));

/** One call: `epochs` SGD steps in f32; returns the number completed (see contract.ts). */
export function sgd1dF32(params: Float32Array, m: number, x: Float32Array, n: number, mu: number,
  sigma: number, eta: number, B: number, epochs: number, trainW1: number, rng: Float64Array,
  losses: Float64Array | null, scratch: Float32Array): number {
  // The Wasm layout (f32 slots); slot 0 holds tau rather than the Wasm search key.
  const mE = (m + 3) & ~3, S = (2 * B + 19) & ~3;
  const w1 = params.subarray(0, m), pb = params.subarray(m, 2 * m), w2 = params.subarray(2 * m, 3 * m);
  const seg = (slot: number, len = S): Float32Array => scratch.subarray(slot, slot + len);
  const tau = seg(0, mE), aw = seg(mE, mE), cw = seg(2 * mE, mE);
  const bk = new Int32Array(scratch.buffer, scratch.byteOffset + 3 * mE * 4, mE);
  const base = 4 * mE;
  const ys = seg(base), zs = seg(base + S), gs = seg(base + 2 * S), AP = seg(base + 3 * S);
  const CP = seg(base + 4 * S), GH = seg(base + 5 * S, 2 * S);
  const accA = seg(base + 7 * S), accC = seg(base + 8 * S);
  const idx = new Int32Array(scratch.buffer, scratch.byteOffset + (base + 10 * S) * 4, S);
  const negBase = B + 1;
  const mf = fr(m), twoOverB = fr(2.0 / B), Bf = fr(B);
  const mu32 = fr(mu), sigma32 = fr(sigma), eta32 = fr(eta);

  let chk = 0;
  for (let l = 0; l < m; l++) {
    const a = w1[l], c = pb[l], v = w2[l];
    tau[l] = tauOf(a, c);
    aw[l] = v * a;
    cw[l] = v * c;
    chk = fr(chk + fr(fr(fr(a * 0) + fr(c * 0)) + fr(v * 0)));
  }

  const gen = new Xoshiro(rng);
  for (let step = 0; step < epochs; step++) {
    for (let b = 0; b < B; b++) idx[b] = Math.min(Math.floor(n * gen.uniform()), n - 1);
    for (let b = 0; b < B; b++) {
      const z = fr(gen.normal());
      ys[b] = fr(mu32 * x[idx[b]]) + fr(sigma32 * z);
      zs[b] = z;
    }
    sortBatch32(ys, zs, B);
    bucketKinks32(w1, tau, aw, cw, m, ys, B, bk, accA, accC);

    let sa = 0, sc = 0;
    for (let j = 0; j < B; j++) {
      sa = fr(sa + accA[j]); sc = fr(sc + accC[j]);
      AP[j] = sa; CP[j] = sc;
    }
    sa = 0; sc = 0;
    let sum = 0, sg = 0, sh = 0;
    GH[2 * B] = 0; GH[2 * B + 1] = 0;
    for (let j = B - 1; j >= 0; j--) {
      const y = ys[j];
      sa = fr(sa + accA[negBase + j + 1]); sc = fr(sc + accC[negBase + j + 1]);
      const s = fr(fr(fr(y * fr(AP[j] + sa)) + fr(CP[j] + sc)) / mf);
      const f = fr(s + fr(zs[j] / sigma32));
      sum = fr(sum + fr(f * f));
      const g = fr(f * twoOverB);
      gs[j] = g;
      sg = fr(sg + g); sh = fr(sh + fr(g * y));
      GH[2 * j] = sg; GH[2 * j + 1] = sh;
    }
    const loss = fr(fr(sum / Bf) + chk);
    if (losses !== null) losses[step] = loss;
    if (!Number.isFinite(loss)) { gen.store(rng); return step; }
    let pg = 0, ph = 0;
    const n2 = 2 * negBase;
    GH[n2] = 0; GH[n2 + 1] = 0;
    for (let j = 0; j < B; j++) {
      const g = gs[j];
      pg = fr(pg + g); ph = fr(ph + fr(g * ys[j]));
      GH[n2 + 2 * j + 2] = pg; GH[n2 + 2 * j + 3] = ph;
    }
    chk = update32(w1, pb, w2, GH, bk, tau, aw, cw, m, eta32, trainW1 !== 0);
  }
  gen.store(rng);
  return epochs;
}

/** The Wasm update loop with its four f32x4 lanes as scalars (chk lane l mod 4). */
function update32(w1: Float32Array, pb: Float32Array, w2: Float32Array, GH: Float32Array, bk: Int32Array,
  tau: Float32Array, aw: Float32Array, cw: Float32Array, m: number, eta: number, trainW1: boolean): number {
  const chk = [0, 0, 0, 0];
  for (let l = 0; l < m; l++) {
    const a = w1[l], c = pb[l], v = w2[l], q = 2 * bk[l], gG = GH[q], gH = GH[q + 1];
    const vn = fr(v - fr(eta * fr(fr(a * gH) + fr(c * gG))));
    const cn = fr(c - fr(eta * fr(v * gG)));
    let an = a;
    if (trainW1) { an = fr(a - fr(eta * fr(v * gH))); w1[l] = an; }
    pb[l] = cn; w2[l] = vn;
    tau[l] = tauOf(an, cn);
    aw[l] = vn * an; cw[l] = vn * cn;
    const d = fr(fr(fr(an * 0) + fr(cn * 0)) + fr(vn * 0));
    chk[l & 3] = fr(chk[l & 3] + d);
  }
  return fr(fr(chk[0] + chk[1]) + fr(chk[2] + chk[3]));
}
