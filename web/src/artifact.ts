// Reading a CLI run's artifact (artifacts/KEY.json, SPEC §4: `model`, `x`, `mu`, `sigma`) for the
// 1-D panel. Checked with the library's validators; the model by Net.fromModel on the given
// backend (the page's TypeScript one), so a bad file names its faulty field.
import type { Backend } from '../../src/backend/contract.js';
import { InputError, describe } from '../../src/model/errors.js';
import { Net, type ModelJson } from '../../src/model/net.js';
import { noiseLevel, points } from '../../src/model/validate.js';

export interface Artifact1d { key: string | null; x: number[]; mu: number; sigma: number; model: ModelJson; m: number }

export function parseArtifact(be: Backend, text: string): Artifact1d {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new InputError('artifact', 'a JSON object {"model", "x", "mu", "sigma"} (artifacts/KEY.json)', `text that is not JSON (${(err as Error).message})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new InputError('artifact', 'a JSON object {"model", "x", "mu", "sigma"} (artifacts/KEY.json)', describe(json));
  }
  const a = json as Record<string, unknown>;
  const { mu, sigma } = noiseLevel(a.mu, a.sigma);
  const x = Array.from(points('x', a.x, 1).values);
  const net = Net.fromModel(be, a.model, 1, 1);
  try {
    return { key: typeof a.key === 'string' ? a.key : null, x, mu, sigma, model: net.toModel(), m: net.shape.m };
  } finally {
    net.free();
  }
}
