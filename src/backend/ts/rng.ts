// Pure-TypeScript twin of assembly/kernels/rng.ts: the same xoshiro256** stream, the same
// polar method and the same fdlibm log, operation for operation, so that both backends draw
// bit-identical uniforms and normals from one seed. 64-bit words are held as (hi, lo) pairs
// of unsigned 32-bit integers; the state buffer is read through a Uint32Array over the same
// bytes (little-endian, as on every platform JavaScript engines run on).

const TWO_POW_M53 = 1.1102230246251565e-16; // 2^-53
const TWO_POW_21 = 2097152; // 2^21

const MASK64 = (1n << 64n) - 1n;

/** Seed the generator in `state` from an integer seed in [0, 2^53): four splitmix64 outputs.
 *  (BigInt here: seeding is not on any hot path.) */
export function rngSeed(state: Float64Array, seed: number): void {
  let x = BigInt(seed);
  const u32 = new Uint32Array(state.buffer, state.byteOffset, 8);
  for (let k = 0; k < 4; k++) {
    x = (x + 0x9e3779b97f4a7c15n) & MASK64;
    let z = x;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
    z = z ^ (z >> 31n);
    u32[2 * k] = Number(z & 0xffffffffn);
    u32[2 * k + 1] = Number(z >> 32n);
  }
  state[4] = 0;
  state[5] = 0;
}

/** A generator whose state is copied out of a state buffer and written back by `store`:
 *  the twin of the globals + rngLoad/rngStore of the Wasm kernel. */
export class Xoshiro {
  // s_k = (h_k << 32) | l_k
  h0 = 0; l0 = 0; h1 = 0; l1 = 0; h2 = 0; l2 = 0; h3 = 0; l3 = 0;
  spare = 0;
  hasSpare = false;

  constructor(state: Float64Array) {
    const u = new Uint32Array(state.buffer, state.byteOffset, 8);
    this.l0 = u[0]; this.h0 = u[1]; this.l1 = u[2]; this.h1 = u[3];
    this.l2 = u[4]; this.h2 = u[5]; this.l3 = u[6]; this.h3 = u[7];
    this.spare = state[4];
    this.hasSpare = state[5] !== 0;
  }

  store(state: Float64Array): void {
    const u = new Uint32Array(state.buffer, state.byteOffset, 8);
    u[0] = this.l0; u[1] = this.h0; u[2] = this.l1; u[3] = this.h1;
    u[4] = this.l2; u[5] = this.h2; u[6] = this.l3; u[7] = this.h3;
    state[4] = this.spare;
    state[5] = this.hasSpare ? 1 : 0;
  }

  /** Uniform on [0, 1): the top 53 bits of rotl(s1 * 5, 7) * 9, times 2^-53. */
  uniform(): number {
    // a = s1 * 5 = (s1 << 2) + s1
    const h1 = this.h1, l1 = this.l1;
    let lo = ((l1 << 2) >>> 0) + l1;
    let hi = (((h1 << 2) | (l1 >>> 30)) + h1 + (lo > 0xffffffff ? 1 : 0)) >>> 0;
    lo >>>= 0;
    // b = rotl(a, 7)
    const bh = ((hi << 7) | (lo >>> 25)) >>> 0;
    const bl = ((lo << 7) | (hi >>> 25)) >>> 0;
    // r = b * 9 = (b << 3) + b
    let rl = ((bl << 3) >>> 0) + bl;
    const rh = (((bh << 3) | (bl >>> 29)) + bh + (rl > 0xffffffff ? 1 : 0)) >>> 0;
    rl >>>= 0;
    // state update: t = s1 << 17; s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 45)
    const th = ((h1 << 17) | (l1 >>> 15)) >>> 0;
    const tl = (l1 << 17) >>> 0;
    this.h2 = (this.h2 ^ this.h0) >>> 0; this.l2 = (this.l2 ^ this.l0) >>> 0;
    this.h3 = (this.h3 ^ h1) >>> 0; this.l3 = (this.l3 ^ l1) >>> 0;
    this.h1 = (h1 ^ this.h2) >>> 0; this.l1 = (l1 ^ this.l2) >>> 0;
    this.h0 = (this.h0 ^ this.h3) >>> 0; this.l0 = (this.l0 ^ this.l3) >>> 0;
    this.h2 = (this.h2 ^ th) >>> 0; this.l2 = (this.l2 ^ tl) >>> 0;
    // rotl by 45 = swap halves, then rotl by 13
    const sh = this.l3, sl = this.h3;
    this.h3 = ((sh << 13) | (sl >>> 19)) >>> 0;
    this.l3 = ((sl << 13) | (sh >>> 19)) >>> 0;
    // (r >> 11) = rh * 2^21 + (rl >>> 11), an integer below 2^53
    return (rh * TWO_POW_21 + (rl >>> 11)) * TWO_POW_M53;
  }

  /** Standard normal by the polar method (see assembly/kernels/rng.ts). */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    let u: number, v: number, s: number;
    do {
      u = 2.0 * this.uniform() - 1.0;
      v = 2.0 * this.uniform() - 1.0;
      s = u * u + v * v;
    } while (s >= 1.0 || s === 0.0);
    const f = Math.sqrt(-2.0 * logPort(s) / s);
    this.spare = v * f;
    this.hasSpare = true;
    return u * f;
  }
}

/** Fill out[0..count) with uniforms on [0, 1), continuing the stream at `state`. */
export function rngUniforms(state: Float64Array, out: Float64Array, count: number): void {
  const g = new Xoshiro(state);
  for (let i = 0; i < count; i++) out[i] = g.uniform();
  g.store(state);
}

/** Fill out[0..count) with standard normals, continuing the stream at `state`. */
export function rngNormals(state: Float64Array, out: Float64Array, count: number): void {
  const g = new Xoshiro(state);
  for (let i = 0; i < count; i++) out[i] = g.normal();
  g.store(state);
}

const LN2_HI = 6.93147180369123816490e-01;
const LN2_LO = 1.90821492927058770002e-10;
const TWO54 = 1.80143985094819840000e+16;
const LG1 = 6.666666666666735130e-01;
const LG2 = 3.999999999940941908e-01;
const LG3 = 2.857142874366239149e-01;
const LG4 = 2.222219843214978396e-01;
const LG5 = 1.818357216161805012e-01;
const LG6 = 1.531383769920937332e-01;
const LG7 = 1.479819860511658591e-01;

const logF = new Float64Array(1);
const logU = new Uint32Array(logF.buffer); // [0] low word, [1] high word

/** Natural log of x > 0: fdlibm e_log.c, line for line as assembly/kernels/rng.ts (< 1 ulp). */
export function logPort(x: number): number {
  logF[0] = x;
  let hx = logU[1] | 0;
  let k = 0;
  if (hx < 0x00100000) { // subnormal: scale up
    k -= 54;
    logF[0] = x * TWO54;
    hx = logU[1] | 0;
  }
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  let i = (hx + 0x95f64) & 0x100000;
  logU[1] = hx | (i ^ 0x3ff00000); // normalize x or x/2 (low word kept)
  x = logF[0];
  k += i >> 20;
  const f = x - 1.0;
  const dk = k;
  if ((0x000fffff & (2 + hx)) < 3) { // |f| < 2^-20
    if (f === 0.0) return dk * LN2_HI + dk * LN2_LO;
    const R0 = f * f * (0.5 - 0.33333333333333333 * f);
    return dk * LN2_HI - ((R0 - dk * LN2_LO) - f);
  }
  const s = f / (2.0 + f);
  const z = s * s;
  i = hx - 0x6147a;
  const w = z * z;
  const j = 0x6b851 - hx;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  i |= j;
  const R = t2 + t1;
  if (i > 0) {
    const hfsq = 0.5 * f * f;
    return dk * LN2_HI - ((hfsq - (s * (hfsq + R) + dk * LN2_LO)) - f);
  }
  return dk * LN2_HI - ((s * (f - R) - dk * LN2_LO) - f);
}
