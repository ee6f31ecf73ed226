// `npm run lab`: claim 127.0.0.1:$PORT (default 5173) first — a taken port fails at once with a
// clear message, never a silent move — then build the Wasm core and the page, and print the URL.
import { execSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWeb } from './build.mjs';
import { serve } from './serve.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const raw = process.env.PORT ?? '5173';
const port = Number(raw);
if (!/^\d+$/.test(raw) || port < 1 || port > 65535) {
  console.error(`bigstep lab: PORT: got ${JSON.stringify(raw)}; allowed: an integer in [1, 65535]`);
  process.exit(1);
}
try {
  const dir = join(here, 'dist');
  const server = await serve(dir, { port });
  process.on('SIGINT', () => { server.close(); process.exit(0); });
  execSync('npm run --silent build:wasm', { cwd: join(here, '..'), stdio: ['ignore', 'ignore', 'inherit'] });
  await buildWeb(dir);
  console.log(`bigstep lab: http://127.0.0.1:${port}/  (serving ${dir}; Ctrl-C stops)`);
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
}
