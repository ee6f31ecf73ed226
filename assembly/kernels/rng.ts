// Seeded uniforms and standard normals, bit-identical to src/backend/ts/rng.ts.
//
// Generator: xoshiro256** (Blackman & Vigna 2018), seeded by four outputs of splitmix64.
// Uniform: the top 53 bits of an output times 2^-53, in [0, 1).
// Normal: Marsaglia's polar method. Its only transcendental, log, is `logPort` below, the
// fdlibm e_log.c algorithm (error < 1 ulp) ported line for line to both backends, so that
// both sides round identically (+, -, *, /, sqrt are exactly rounded in IEEE 754; the
// engines' own Math.log differ in the last bit).
//
// State: an F64 buffer of RNG_STATE_LENGTH = 6 slots (48 bytes):
//   bytes  0..31  s0..s3, u64 little-endian
//   bytes 32..39  the cached second normal of the last polar pair (f64)
//   bytes 40..47  1.0 if that cached normal is pending, else 0.0

// @ts-ignore: decorator
@inline const TWO_POW_M53: f64 = 1.1102230246251565e-16; // 2^-53

/** splitmix64 step: returns the next output and advances `state` (held in a global). */
let splitState: u64 = 0;
function splitmix64(): u64 {
  splitState += 0x9e3779b97f4a7c15;
  let z = splitState;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
  z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
  return z ^ (z >> 31);
}

/** Seed the generator at `state` from an integer seed in [0, 2^53). */
export function rngSeed(state: usize, seed: f64): void {
  splitState = <u64>seed;
  store<u64>(state, splitmix64(), 0);
  store<u64>(state, splitmix64(), 8);
  store<u64>(state, splitmix64(), 16);
  store<u64>(state, splitmix64(), 24);
  store<f64>(state, 0.0, 32);
  store<f64>(state, 0.0, 40);
}

// The generator state lives in globals between `rngLoad` and `rngStore` so that hot loops
// (SGD, Monte Carlo) keep it in registers; kernels call rngLoad at entry and rngStore at exit.
let s0: u64 = 0;
let s1: u64 = 0;
let s2: u64 = 0;
let s3: u64 = 0;
let spare: f64 = 0.0;
let hasSpare: bool = false;

export function rngLoad(state: usize): void {
  s0 = load<u64>(state, 0);
  s1 = load<u64>(state, 8);
  s2 = load<u64>(state, 16);
  s3 = load<u64>(state, 24);
  spare = load<f64>(state, 32);
  hasSpare = load<f64>(state, 40) != 0.0;
}

export function rngStore(state: usize): void {
  store<u64>(state, s0, 0);
  store<u64>(state, s1, 8);
  store<u64>(state, s2, 16);
  store<u64>(state, s3, 24);
  store<f64>(state, spare, 32);
  store<f64>(state, hasSpare ? 1.0 : 0.0, 40);
}

/** xoshiro256**: result = rotl(s1 * 5, 7) * 9, then the linear state update. */
// @ts-ignore: decorator
@inline function nextU64(): u64 {
  const result = rotl<u64>(s1 * 5, 7) * 9;
  const t = s1 << 17;
  s2 ^= s0;
  s3 ^= s1;
  s1 ^= s2;
  s0 ^= s3;
  s2 ^= t;
  s3 = rotl<u64>(s3, 45);
  return result;
}

/** Uniform on [0, 1): (next >> 11) * 2^-53, every value a multiple of 2^-53. */
// @ts-ignore: decorator
@inline export function nextUniform(): f64 {
  return <f64>(nextU64() >> 11) * TWO_POW_M53;
}

/** Standard normal by the polar method: u, v uniform on (-1, 1), s = u² + v² in (0, 1),
 *  u·sqrt(-2 ln s / s) and v·sqrt(-2 ln s / s) are independent N(0, 1). */
export function nextNormal(): f64 {
  if (hasSpare) {
    hasSpare = false;
    return spare;
  }
  let u: f64, v: f64, s: f64;
  do {
    u = 2.0 * nextUniform() - 1.0;
    v = 2.0 * nextUniform() - 1.0;
    s = u * u + v * v;
  } while (s >= 1.0 || s == 0.0);
  const f = Math.sqrt(-2.0 * logPort(s) / s);
  spare = v * f;
  hasSpare = true;
  return u * f;
}

/** Fill out[0..count) with uniforms on [0, 1), continuing the stream at `state`. */
export function rngUniforms(state: usize, out: usize, count: i32): void {
  rngLoad(state);
  for (let i = 0; i < count; i++) store<f64>(out + (<usize>i << 3), nextUniform());
  rngStore(state);
}

/** Fill out[0..count) with standard normals, continuing the stream at `state`. */
export function rngNormals(state: usize, out: usize, count: i32): void {
  rngLoad(state);
  for (let i = 0; i < count; i++) store<f64>(out + (<usize>i << 3), nextNormal());
  rngStore(state);
}

// fdlibm e_log.c constants.
// @ts-ignore: decorator
@inline const LN2_HI: f64 = 6.93147180369123816490e-01; // 3fe62e42 fee00000
// @ts-ignore: decorator
@inline const LN2_LO: f64 = 1.90821492927058770002e-10; // 3dea39ef 35793c76
// @ts-ignore: decorator
@inline const TWO54: f64 = 1.80143985094819840000e+16; // 43500000 00000000
// @ts-ignore: decorator
@inline const LG1: f64 = 6.666666666666735130e-01;
// @ts-ignore: decorator
@inline const LG2: f64 = 3.999999999940941908e-01;
// @ts-ignore: decorator
@inline const LG3: f64 = 2.857142874366239149e-01;
// @ts-ignore: decorator
@inline const LG4: f64 = 2.222219843214978396e-01;
// @ts-ignore: decorator
@inline const LG5: f64 = 1.818357216161805012e-01;
// @ts-ignore: decorator
@inline const LG6: f64 = 1.531383769920937332e-01;
// @ts-ignore: decorator
@inline const LG7: f64 = 1.479819860511658591e-01;

/** Natural log of x > 0 (fdlibm e_log.c; error < 1 ulp). Reduce x = 2^k (1 + f) with
 *  sqrt(2)/2 < 1 + f < sqrt(2), then log(1 + f) = f - f²/2 + s (f²/2 + R(s²)), s = f/(2 + f).
 *  Zero, negative, infinite and NaN inputs never reach it (the polar method passes s in (0, 1)). */
export function logPort(x: f64): f64 {
  let bits = reinterpret<u64>(x);
  let hx = <i32>(bits >> 32);
  let k: i32 = 0;
  if (hx < 0x00100000) { // subnormal: scale up
    k -= 54;
    x *= TWO54;
    bits = reinterpret<u64>(x);
    hx = <i32>(bits >> 32);
  }
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  let i = (hx + 0x95f64) & 0x100000;
  x = reinterpret<f64>((<u64>(hx | (i ^ 0x3ff00000)) << 32) | (bits & 0xffffffff)); // normalize x or x/2
  k += i >> 20;
  const f = x - 1.0;
  const dk = <f64>k;
  if ((0x000fffff & (2 + hx)) < 3) { // |f| < 2^-20
    if (f == 0.0) return dk * LN2_HI + dk * LN2_LO;
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
