// Deterministic seeds for the runs of a sweep: a 64-bit FNV-1a hash of (sweep seed, label),
// finished by the splitmix64 mixer, cut to 53 bits so it is an exact JavaScript integer and a
// valid generator seed (SPEC §3: integers in [0, 2^53)). A label names what the seed draws,
// e.g. `data/d=1/t=0.2/sim=3`; the same (sweep, label) gives the same seed on every machine
// and in every version, which is what makes resumed and sharded sweeps reproducible.

const MASK64 = (1n << 64n) - 1n;
const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;

/** FNV-1a, 64-bit, over bytes. */
export function fnv1a64(bytes: Uint8Array, start: bigint = FNV_OFFSET): bigint {
  let h = start;
  for (const byte of bytes) h = ((h ^ BigInt(byte)) * FNV_PRIME) & MASK64;
  return h;
}

/** The splitmix64 output function applied to state x (it adds the golden-ratio increment first,
 *  so splitmix64(0n) is the first output of a generator seeded with 0: 0xe220a8397b1dcdaf). */
export function splitmix64(x: bigint): bigint {
  let z = (x + 0x9e3779b97f4a7c15n) & MASK64;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return z ^ (z >> 31n);
}

const encoder = new TextEncoder();

/** A seed in [0, 2^53) from the sweep seed (an integer in [0, 2^53)) and a label: FNV-1a 64 over
 *  the sweep seed's 8 little-endian bytes, a 0 byte, and the label's UTF-8 bytes; then splitmix64;
 *  then the top 53 bits. */
export function deriveSeed(sweep: number, label: string): number {
  if (!Number.isSafeInteger(sweep) || sweep < 0) {
    throw new RangeError(`deriveSeed: sweep must be an integer in [0, 2^53), got ${String(sweep)}`);
  }
  const head = new Uint8Array(9);
  let s = BigInt(sweep);
  for (let i = 0; i < 8; i++) { head[i] = Number(s & 0xffn); s >>= 8n; }
  const h = fnv1a64(encoder.encode(label), fnv1a64(head));
  return Number(splitmix64(h) >> 11n);
}
