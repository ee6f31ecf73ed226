// A 64-bit fingerprint of a buffer of numbers (e.g. a generated sample set), so that a set
// regenerated from its seed can be confirmed bit for bit without storing it: two FNV-1a-style
// 32-bit lanes (different offsets and primes) over the little-endian 32-bit words of the
// Float64 values, as 16 hex digits. An integrity check, not a cryptographic hash. Browser-safe.

export function hashSamples(values: Float64Array): string {
  const words = new Uint32Array(values.buffer, values.byteOffset, values.length * 2);
  let a = 0x811c9dc5, b = 0x6c62272e;
  for (let i = 0; i < words.length; i++) {
    a = Math.imul(a ^ words[i], 0x01000193);
    b = Math.imul(b ^ words[i], 0x01000197) ^ (b >>> 15);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}
