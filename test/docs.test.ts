// The docs that numbers come from are generated (scripts/docs.ts): the benchmark table from
// bench/reference.json, the reproduction tables from reproduction/, the CLI help from the CLI.
// A doc that disagrees with its record fails here; so does a broken link in README or docs/.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GENERATED_FILES, regenerate, ROOT, stale } from '../scripts/docs.js';

describe('generated docs', () => {
  it('match their records (run npm run docs after changing a record)', () => {
    expect(stale()).toEqual([]);
  });

  it('notice an edited number, an unknown region and an unclosed one', () => {
    const file = join(ROOT, 'docs/benchmarks.md');
    const text = readFileSync(file, 'utf8');
    const edited = text.replace(/(\d+\.\d) µs/, (_m, v: string) => `${(Number(v) + 0.1).toFixed(1)} µs`);
    expect(edited).not.toBe(text);
    expect(regenerate(edited, file)).not.toBe(edited);
    expect(() => regenerate('<!-- generated: nope -->\nx\n<!-- /generated: nope -->', 'x.md')).toThrow(/unknown generated region nope/);
    expect(() => regenerate('<!-- generated: cli-help -->\nx\n<!-- /generated: bench-table -->', 'x.md')).toThrow(/closed as bench-table/);
  });

  it('every generated file has its regions', () => {
    for (const f of GENERATED_FILES) expect(readFileSync(join(ROOT, f), 'utf8')).toMatch(/<!-- generated: [\w-]+ -->/);
  });
});

describe('links', () => {
  const pages = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
  it.each(pages)('%s links only to files that exist', (page) => {
    const text = readFileSync(join(ROOT, page), 'utf8');
    for (const [, target] of text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
      if (/^[a-z]+:/.test(target)) continue;
      expect(existsSync(join(ROOT, dirname(page), target)), `${page} → ${target}`).toBe(true);
    }
  });
  it('the README stays short (a five-minute read; the rest is in docs/)', () => {
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8').split('\n').length).toBeLessThan(110);
  });
});
