// The page's run as a runs.jsonl line and as artifacts/KEY.json (SPEC §4), so `bigstep report`
// and the page itself read it back. The fingerprint is the runner's (src/runner/seeds.ts):
// sha256 hex of the canonical JSON of {config, experiment, preset, seed}, here with Web Crypto.
import type { ModelJson } from '../../src/model/net.js';
import type { Config1d, Snapshot1d } from './lab1d/protocol.js';

declare const __BIGSTEP_VERSION__: string;
/** package.json's version, injected by the bundler (web/build.mjs). */
export const VERSION: string = typeof __BIGSTEP_VERSION__ === 'string' ? __BIGSTEP_VERSION__ : '0.0.0';

export const LAB_EXPERIMENT = 'lab';
export const LAB_PRESET = 'web';

/** JSON with object keys sorted at every depth (the runner's canonicalJson). */
export function canonicalJson(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort()) out[k] = sort((v as Record<string, unknown>)[k]);
      return out;
    }
    return v;
  };
  return JSON.stringify(sort(value));
}

export async function fingerprint(config: unknown, seed: number, experiment: string, preset: string): Promise<string> {
  const text = canonicalJson({ config, experiment, preset, seed });
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** `t=0.2/eta=0.5/m=1000/model=experiment/seed=1` (or `mu=../sigma=..` when t is not set). */
export function runKey(c: Config1d): string {
  const noise = c.t !== null ? `t=${c.t}` : `mu=${c.mu}/sigma=${c.sigma}`;
  return `${noise}/eta=${c.eta}/m=${c.m}/model=${c.model}/seed=${c.seed}`;
}

/** Metrics of the run at its last checkpoint: numbers only (SPEC §4). */
export function metricsOf(s: Snapshot1d): Record<string, number> {
  const last = <T>(a: T[]): T | undefined => a[a.length - 1];
  const out: Record<string, number> = { epochs: s.epoch, stabilityBound: s.stabilityBound };
  const put = (k: string, v: number | undefined) => { if (v !== undefined && Number.isFinite(v)) out[k] = v; };
  put('finalLoss', last(s.trace.loss));
  put('excessRiskExact', last(s.trace.excessRiskExact));
  put('sharpness', last(s.trace.sharpness));
  put('sharpnessEpoch', last(s.trace.sharpnessEpoch));
  if (s.divergedAtEpoch !== null) out.divergedAtEpoch = s.divergedAtEpoch;
  return out;
}

export interface RunLine {
  key: string; fingerprint: string; config: unknown; seed: number;
  metrics: Record<string, number>; version: string; durationMs: number;
}

/** One runs.jsonl line (with its trailing newline). */
export async function runsJsonlRow(c: Config1d, s: Snapshot1d): Promise<string> {
  const { backend: _backend, ...config } = c; // the backend does not change the numbers
  const line: RunLine = {
    key: runKey(c), fingerprint: await fingerprint(config, c.seed, LAB_EXPERIMENT, LAB_PRESET), config, seed: c.seed,
    metrics: metricsOf(s), version: VERSION, durationMs: Math.round(s.wallMs),
  };
  return JSON.stringify(line) + '\n';
}

/** artifacts/KEY.json of the run: final parameters, data, curve and trace. */
export function artifactOf(c: Config1d, s: Snapshot1d, model: ModelJson): Record<string, unknown> {
  return {
    key: runKey(c), mu: c.mu, sigma: c.sigma, x: c.x.slice().sort((a, b) => a - b), model,
    ...(s.curve ? { curve: s.curve } : {}),
    trace: { epoch: s.trace.epoch, loss: s.trace.loss, excessRiskExact: s.trace.excessRiskExact },
    ...(s.divergedAtEpoch !== null ? { divergedAtEpoch: s.divergedAtEpoch } : {}),
  };
}
