// The core library stays free of the report stack (ARCHITECTURE.md: `import ... from 'bigstep'`
// loads none of the chart packages). The package as published — `npm pack` of the built tree
// (`npm test` builds first) — is installed into an empty project from the npm cache, with
// vega, vega-lite and @resvg/resvg-js left out: the project overrides them with empty local
// stubs (so their trees are never installed) and then deletes even those, so the three are
// absent from node_modules. There, a tiny model trains through the public face, on the Wasm core
// the tarball carries, and gives the numbers the sources give here.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createBackend, Dataset, Net, noiseAt, train } from '../src/index.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const REPORT_STACK = ['vega', 'vega-lite', '@resvg/resvg-js'];
const scratch = mkdtempSync(join(tmpdir(), 'bigstep-pack-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The tiny model both sides train (the app prints exactly this object as JSON). */
const TRAIN_SCRIPT = `
import { createBackend, Dataset, Net, train, noiseAt } from 'bigstep';
const be = await createBackend('wasm');
const data = Dataset.from(be, [-1.5, -0.2, 0.4, 2]);
const net = Net.experiment(be, { dIn: 1, dOut: 1, m: 32, seed: 3 });
const { mu, sigma } = noiseAt(0.2);
const r = train(net, data, { mu, sigma, eta: 0.1, B: 4, epochs: 200, seed: 5 });
const missing = [];
for (const name of ${JSON.stringify(REPORT_STACK)}) {
  try { await import(name); } catch (err) { if (err.code === 'ERR_MODULE_NOT_FOUND') missing.push(name); }
}
console.log(JSON.stringify({ epochs: r.epochs, finalLoss: r.finalLoss, model: net.toModel(), missing }));
`;

function npm(args: string[], cwd: string): string {
  return execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('the published package', () => {
  it('`import { train } from "bigstep"` trains without vega, vega-lite or @resvg/resvg-js installed', async () => {
    expect(existsSync(join(ROOT, 'dist', 'index.js')), 'dist/ is built (npm run build)').toBe(true);
    // The tarball, as `npm publish` would make it (the build is npm test's first step).
    const packed = JSON.parse(npm(['pack', '--ignore-scripts', '--json', '--pack-destination', scratch], ROOT)) as { filename: string }[];
    const tarball = join(scratch, packed[0].filename);

    const app = join(scratch, 'app');
    const overrides: Record<string, string> = {};
    for (const name of REPORT_STACK) {
      const dir = join(app, 'stubs', name);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '0.0.0-stub', type: 'module', exports: './index.js' }));
      writeFileSync(join(dir, 'index.js'), `throw new Error('bigstep loaded ${name}');\n`);
      overrides[name] = `file:./stubs/${name}`;
    }
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module', overrides }));
    // From the npm cache (npm ci filled it); the registry only for what the cache lacks.
    npm(['install', '--prefer-offline', '--ignore-scripts', '--omit=optional', '--no-package-lock', tarball], app);
    for (const name of REPORT_STACK) rmSync(join(app, 'node_modules', name), { recursive: true, force: true });
    rmSync(join(app, 'stubs'), { recursive: true, force: true });
    expect(REPORT_STACK.filter((name) => existsSync(join(app, 'node_modules', name)))).toEqual([]);
    expect(readdirSync(join(app, 'node_modules')).filter((n) => n.startsWith('vega'))).toEqual([]);
    expect(existsSync(join(app, 'node_modules', 'bigstep', 'build', 'bigstep.wasm'))).toBe(true);

    writeFileSync(join(app, 'train.mjs'), TRAIN_SCRIPT);
    const out = JSON.parse(execFileSync(process.execPath, ['train.mjs'], { cwd: app, encoding: 'utf8' })) as {
      epochs: number; finalLoss: number; model: unknown; missing: string[];
    };
    expect(out.missing).toEqual(REPORT_STACK); // they really are absent there

    // The same numbers as the sources here (same seeds, same Wasm core).
    const be = await createBackend('wasm');
    const data = Dataset.from(be, [-1.5, -0.2, 0.4, 2]);
    const net = Net.experiment(be, { dIn: 1, dOut: 1, m: 32, seed: 3 });
    const { mu, sigma } = noiseAt(0.2);
    const r = train(net, data, { mu, sigma, eta: 0.1, B: 4, epochs: 200, seed: 5 });
    expect(out.epochs).toBe(200);
    expect(Number.isFinite(out.finalLoss)).toBe(true);
    expect(out.finalLoss).toBe(r.finalLoss);
    expect(out.model).toEqual(net.toModel());
    net.free();
    data.free();
  });
});
