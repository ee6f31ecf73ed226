// Fingerprints of a sweep (SPEC §4): a pure function of the sweep's inputs, the same whatever
// `--workers` and `--shard` are, on every machine. Run seeds: deriveSeed in
// src/experiments/seeds.ts (experiments derive their shared streams with it too).
import { createHash } from 'node:crypto';
import { InputError, describe } from '../model/errors.js';

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
