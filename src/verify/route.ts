// A second route: how verify recomputes the metrics of one experiment's runs. Routes see the
// run's record, its setting (from the run list) and its artifact, and return one Check per
// metric they recompute; they call nothing of src/analysis (plain loops, verify's own modules)
// and use the backend only to regenerate seeded inputs bit for bit (the diffusion samples).
import type { Backend } from '../backend/contract.js';
import type { ExperimentId, RunArtifact } from '../experiments/types.js';
import type { Check } from './check.js';

export interface RunInput {
  key: string;
  setting: Record<string, number | string>;
  /** The sweep's config as runs.jsonl records it. */
  config: Record<string, unknown>;
  metrics: Record<string, number>;
  artifact: RunArtifact & { divergedAtEpoch?: number };
  /** The sweep seed (`--seed`). */
  sweepSeed: number;
}

export interface RouteContext {
  backend: Backend;
  /** Finished, non-diverged runs of the sweep (the Bonferroni count of seThreshold). */
  runs: number;
}

export interface Route {
  /** Metrics that describe the algorithm that produced a number, not the model (Lanczos
   *  residuals, convergence flags, counts), with why verify does not recompute them. */
  diagnostics: { pattern: RegExp; reason: string }[];
  checkRun(run: RunInput, ctx: RouteContext): Check[];
  /** Experiments computed from another's artifacts (fig5 ← fig2): where a diverged run's
   *  divergence is recorded (DIR/SOURCE/config.source/artifacts/KEY.json). */
  divergenceFrom?: ExperimentId;
}

/** (μ(t), σ(t)) = (e^{−rate·t}, √(1 − e^{−2t})) (paper section 2; rate 2: the notebooks' μ, SPEC §5.1). */
export function noiseOf(t: number, rate: 1 | 2 = 1): { mu: number; sigma: number } {
  return { mu: Math.exp(-rate * t), sigma: Math.sqrt(-Math.expm1(-2 * t)) };
}

/** A seed for verify's own generator, from the run key (FNV-1a 32 of its UTF-16 units). */
export function keySeed(key: string, salt = ''): number {
  let h = 0x811c9dc5;
  for (const ch of salt + key) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return h;
}
