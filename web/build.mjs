// `npm run build:web`: bundles the page and its workers with esbuild into web/dist/ (a static
// folder any host serves: index.html, style.css, main.js, lab1d-worker.js, lab2d-worker.js and
// bigstep.wasm, the release build of the Wasm core). Needs build/bigstep.wasm (`npm run build:wasm`).
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');

/** Build into `outDir` (default web/dist); returns the folder.
 *  @param {string} [outDir]
 *  @returns {Promise<string>} */
export async function buildWeb(outDir = join(here, 'dist')) {
  const wasm = join(root, 'build', 'bigstep.wasm');
  if (!existsSync(wasm)) throw new Error(`build:web: ${wasm} is missing — run \`npm run build:wasm\` first`);
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: {
      main: join(here, 'src', 'main.ts'),
      'lab1d-worker': join(here, 'src', 'lab1d', 'worker.ts'),
      'lab2d-worker': join(here, 'src', 'lab2d', 'worker.ts'),
    },
    outdir: outDir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    sourcemap: true,
    // The Node half of the Wasm loader (reading the file) is never reached in a browser.
    external: ['node:*'],
    define: { __BIGSTEP_VERSION__: JSON.stringify(version) },
    logLevel: 'warning',
  });
  for (const f of ['index.html', 'style.css']) copyFileSync(join(here, f), join(outDir, f));
  copyFileSync(wasm, join(outDir, 'bigstep.wasm'));
  return outDir;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  buildWeb().then((dir) => console.log(`build:web: wrote ${dir}`), (err) => { console.error(err.message); process.exit(1); });
}
