// Committed sweeps stay resumable: the config each reproduction/ sweep was run with, validated by
// today's schema, must give today the fingerprint it was written with. A new config field that
// is not set (a default filled in by the schema, say) would change it, and every committed sweep
// would be refused as "another sweep" — this test fails first.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXPERIMENTS } from '../src/experiments/index.js';
import type { ExperimentId, FinishedRun } from '../src/experiments/types.js';
import { validateConfig } from '../src/model/validate.js';
import { fingerprint } from '../src/runner/seeds.js';

const ROOT = new URL('..', import.meta.url).pathname;
/** Every folder under reproduction/ (at any depth) that holds a sweep's runs.jsonl and summary.json. */
const folders = readdirSync(join(ROOT, 'reproduction'), { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('runs.jsonl')).map((f) => dirname(f))
  .filter((f) => existsSync(join(ROOT, 'reproduction', f, 'summary.json'))).sort();

describe('committed sweeps keep their fingerprints', () => {
  it('finds the committed sweeps, nested ones included', () => {
    expect(folders).toEqual(expect.arrayContaining(['fig2-paper', join('precision', 'f32', 'd10', 'fig2')]));
  });

  it.each(folders)('reproduction/%s', (folder) => {
    const dir = join(ROOT, 'reproduction', folder);
    const { experiment, preset } = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as { experiment: ExperimentId; preset: string };
    const first = JSON.parse(readFileSync(join(dir, 'runs.jsonl'), 'utf8').split('\n')[0]) as FinishedRun;
    const config = validateConfig(EXPERIMENTS[experiment].schema, first.config);
    expect(fingerprint(config, first.seed, experiment, preset)).toBe(first.fingerprint);
  });

  it('every preset validates to itself (no field filled in that the preset does not set)', () => {
    for (const e of Object.values(EXPERIMENTS)) {
      for (const preset of ['quick', 'paper'] as const) expect(validateConfig(e.schema, e.presets[preset])).toEqual(e.presets[preset]);
    }
  });
});
