#!/usr/bin/env node
// The `bigstep` command. Plain JavaScript so Node 20 runs it as is; the CLI itself is
// compiled from src/cli/ into dist/ by `npm run build` (run by `npm ci` via `prepare`).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write(JSON.stringify({ error: { field: 'install', message: 'bigstep is not built: run `npm run build` (or `npm ci`) in the package folder' } }) + '\n');
  process.exit(2);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
