// verify's own random numbers, independent of the backend's generator (xoshiro256**): sfc32
// (Chris Doty-Humphrey's small fast counting generator, 128-bit state, passes PractRand to
// 2^40 bytes at least) seeded through splitmix32, uniforms with 53 random bits from two
// outputs, normals by Box–Muller (both values used).

export class Sfc32 {
  private a: number; private b: number; private c: number; private d: number;
  private spare: number | null = null;

  constructor(seed: number) {
    let s = (seed >>> 0) ^ Math.floor(seed / 2 ** 32);
    const next = (): number => { // splitmix32
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
      z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
      return (z ^ (z >>> 15)) >>> 0;
    };
    this.a = next(); this.b = next(); this.c = next(); this.d = next();
    for (let i = 0; i < 12; i++) this.u32();
  }

  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in (0, 1): 53 bits, never 0. */
  uniform(): number {
    const hi = this.u32() >>> 5, lo = this.u32() >>> 6;
    return (hi * 67108864 + lo + 0.5) / 9007199254740992;
  }

  normal(): number {
    if (this.spare !== null) { const z = this.spare; this.spare = null; return z; }
    const r = Math.sqrt(-2 * Math.log(this.uniform())), th = 2 * Math.PI * this.uniform();
    this.spare = r * Math.sin(th);
    return r * Math.cos(th);
  }
}
