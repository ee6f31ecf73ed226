// The layers of ARCHITECTURE.md, held by a test: every import of every file under src/ (static,
// dynamic, `import type` and re-exports alike, read by TypeScript's own pre-processor) goes
// down or sideways, never up:
//
//   math < backend < model < analysis < experiments < runner, report < verify < cli < index.ts
// (verify reads the runner's artifact files and recomputes metrics; it never imports analysis/ —
// its own test holds that, test/verify.test.ts)
//
// (src/math: pure scalar math shared by the TS twins and analysis; src/index.ts: the public
// face). On top of the order, the backend's insides are its own: outside src/backend only
// contract.ts is open to every layer; createBackend (backend/index.ts) and compileWasm
// (backend/wasm/load.ts) are for the layers that choose and create backends (runner, cli, the
// public face); backend/ts/** and backend/wasm/index.ts are for src/backend alone.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SRC = join(ROOT, 'src');

const RANK: Record<string, number> = {
  math: 0, backend: 1, model: 2, analysis: 3, experiments: 4, runner: 5, report: 5, verify: 6, cli: 7, 'index.ts': 8,
};
const CREATORS = new Set(['runner', 'cli', 'index.ts']);

/** The layer of a path relative to src/: its first segment (`index.ts` for the public face). */
const layerOf = (rel: string): string => rel.split('/')[0];

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []);
}

/** Relative import specifiers of a source text (static, dynamic, type-only, re-exports). */
function importsOf(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName).filter((s) => s.startsWith('.'));
}

/** Why `from` (relative to src/) may not import `to` (relative to src/, or outside it), or null. */
function violation(from: string, to: string): string | null {
  // the Wasm module's exports as asc declared them (build/bigstep.d.ts, types only)
  if (to === '../build/bigstep.ts' && from.startsWith('backend/wasm/')) return null;
  if (to.startsWith('..')) return 'src/ imports only src/ and packages';
  const a = layerOf(from), b = layerOf(to);
  if (!(a in RANK)) return `${a} is not a layer of ARCHITECTURE.md (add it to this test's order)`;
  if (!(b in RANK)) return `${b} is not a layer of ARCHITECTURE.md (add it to this test's order)`;
  if (RANK[b] > RANK[a]) return `${a} may not import ${b} (a layer above it)`;
  // verify's second routes share no code with what produced the numbers (issue 12)
  if (a === 'verify' && (b === 'analysis' || (b === 'experiments' && to !== 'experiments/seeds.ts' && to !== 'experiments/types.ts'))) {
    return 'verify recomputes metrics by its own routes: it may not import analysis/ or an experiment';
  }
  if (a !== 'backend' && b === 'backend' && to !== 'backend/contract.ts') {
    if ((to === 'backend/index.ts' || to === 'backend/wasm/load.ts') && CREATORS.has(a)) return null;
    return `${a} may import only backend/contract.ts (the backend's insides are its own; ` +
      `createBackend and compileWasm are for ${[...CREATORS].join(', ')})`;
  }
  return null;
}

function violationsOf(file: string, text: string): string[] {
  const from = relative(SRC, file);
  return importsOf(text).flatMap((spec) => {
    const to = relative(SRC, resolve(dirname(file), spec)).replace(/\.js$/, '.ts');
    const why = violation(from, to);
    return why ? [`src/${from} → ${spec}: ${why}`] : [];
  });
}

describe('layers', () => {
  it('every import under src/ goes down the ARCHITECTURE.md order; backend/ imports nothing above it', () => {
    const files = filesUnder(SRC);
    expect(files.length).toBeGreaterThan(50);
    expect(files.flatMap((f) => violationsOf(f, readFileSync(f, 'utf8')))).toEqual([]);
  });

  it('the check itself: catches the upward imports it exists for', () => {
    // analysis/stats.ts once took its Metric type from experiments/types.ts
    const stats = join(SRC, 'analysis', 'stats.ts');
    expect(violationsOf(stats, "import type { Metric } from '../experiments/types.js';")).toEqual([
      "src/analysis/stats.ts → ../experiments/types.js: analysis may not import experiments (a layer above it)",
    ]);
    // analysis/normal.ts once took erfc from the TS backend's insides
    expect(violationsOf(join(SRC, 'analysis', 'normal.ts'), "import { erfc } from '../backend/ts/gauss.js';")).toHaveLength(1);
    expect(violationsOf(join(SRC, 'model', 'net.ts'), "const m = await import('../backend/index.js');")).toHaveLength(1);
    expect(violationsOf(join(SRC, 'backend', 'ts', 'rng.ts'), "export { x } from '../../model/net.js';")).toHaveLength(1);
    expect(violationsOf(join(SRC, 'report', 'html.ts'), "import '../../web/src/main.js';")).toHaveLength(1);
    expect(violationsOf(join(SRC, 'runner', 'pool.ts'), "import { compileWasm } from '../backend/wasm/load.js';")).toEqual([]);
    expect(violationsOf(join(SRC, 'verify', 'x.ts'), "import { mmd } from '../analysis/mmd.js';")).toHaveLength(1);
    expect(violationsOf(join(SRC, 'verify', 'x.ts'), "import { fig2 } from '../experiments/fig2.js';")).toHaveLength(1);
    expect(violationsOf(join(SRC, 'verify', 'x.ts'), "import { deriveSeed } from '../experiments/seeds.js';")).toEqual([]);
  });
});
