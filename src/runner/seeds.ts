// Seeds and fingerprints of a sweep (SPEC §4). Both are pure functions of the sweep's inputs,
// so they come out the same whatever `--workers` and `--shard` are, on every machine.
import { createHash } from 'node:crypto';
import { InputError, describe } from '../model/errors.js';

const MASK64 = (1n << 64n) - 1n;
const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const GOLDEN = 0x9e3779b97f4a7c15n;

/** FNV-1a, 64 bits, over the bytes. */
export function fnv1a64(bytes: Uint8Array): bigint {
  let h = FNV_OFFSET;
  for (const byte of bytes) h = ((h ^ BigInt(byte)) * FNV_PRIME) & MASK64;
  return h;
}

/** splitmix64's output function (Steele, Lea, Flood 2014): a bijection of 64-bit words that
 *  mixes every input bit into every output bit. */
function splitmix64(x: bigint): bigint {
  let z = (x + GOLDEN) & MASK64;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return z ^ (z >> 31n);
}

/** A run's seed, an integer in [0, 2^53), from the sweep seed and a label (the run's key, or
 *  any name of a shared stream such as `data/sim=3`):
 *
 *    h = FNV-1a-64(UTF-8 bytes of label)
 *    z = splitmix64((h + sweepSeed · 0x9E3779B97F4A7C15) mod 2^64)
 *    seed = z >> 11            (the top 53 bits)
 *
 *  It depends on nothing else (not on the order of runs, the worker or the shard). */
export function deriveSeed(sweepSeed: number, label: string): number {
  if (!Number.isSafeInteger(sweepSeed) || sweepSeed < 0) {
    throw new InputError('seed', 'an integer in [0, 2^53)', describe(sweepSeed));
  }
  const h = fnv1a64(new TextEncoder().encode(label));
  const z = splitmix64((h + BigInt(sweepSeed) * GOLDEN) & MASK64);
  return Number(z >> 11n);
}

/** JSON with object keys sorted at every depth (arrays keep their order; `undefined` fields
 *  are dropped as JSON.stringify does), so equal configs give equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) out[k] = sortKeys((value as Record<string, unknown>)[k]);
    return out;
  }
  return value;
}

/** The sweep's fingerprint: sha256 (hex) of the canonical JSON of
 *  `{"config", "experiment", "preset", "seed"}`. Shards, worker counts and the code version
 *  do not enter it: shards of one sweep share it, and any two sweeps that share it may be mixed. */
export function fingerprint(config: unknown, seed: number, experimentId: string, preset: string): string {
  const text = canonicalJson({ config, experiment: experimentId, preset, seed });
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
