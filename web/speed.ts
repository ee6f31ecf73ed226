// `npm run speed:web`: one fig1-size SGD step (d = 1, n = 20, m = 1000, B = 50, experiment model,
// sgd1d through src/model/train.ts) timed by the same function (web/src/lab1d/bench.ts) in Node
// and in Chromium's Web Worker on the Wasm backend; prints both and their ratio. A measurement,
// not an assertion. Needs `npm run build` (build/bigstep.wasm).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBackend } from '../src/backend/index.js';
import { launchChromium } from './browser.mjs';
import { buildWeb } from './build.mjs';
import { serve } from './serve.mjs';
import { benchFig1Step } from './src/lab1d/bench.js';

const STEPS = 5000, REPEATS = 7;
const median = (a: number[]): number => { const s = [...a].sort((x, y) => x - y); return s[Math.floor(s.length / 2)]!; };

export interface SpeedReport { nodeMicros: number; chromiumMicros: number; ratio: number; node: number[]; chromium: number[] }

/** Node first, then the page (one after the other: the machine's cores are shared). */
export async function measureSpeed(steps = STEPS, repeats = REPEATS): Promise<SpeedReport> {
  const node = benchFig1Step(await createBackend('wasm'), steps, repeats);
  const out = mkdtempSync(join(tmpdir(), 'bigstep-web-'));
  const server = await serve(await buildWeb(out), { port: 0 });
  const browser = await launchChromium();
  try {
    const port = (server.address() as { port: number }).port;
    const page = browser.context.pages()[0] ?? await browser.context.newPage();
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForSelector('body[data-ready="true"]');
    const r = await page.evaluate(([s, k]) => (window as unknown as { bigstepBench(s: number, k: number): Promise<{ backend: string; microsPerStep: number[] }> }).bigstepBench(s!, k!), [steps, repeats]);
    if (r.backend !== 'wasm') throw new Error(`speed: the page's worker ran on ${r.backend}, not wasm`);
    const nodeMicros = median(node), chromiumMicros = median(r.microsPerStep);
    return { nodeMicros, chromiumMicros, ratio: chromiumMicros / nodeMicros, node, chromium: r.microsPerStep };
  } finally {
    await browser.close();
    server.close();
    rmSync(out, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('speed.ts')) {
  const r = await measureSpeed().catch((err: Error) => {
    console.error(err.name === 'BrowserNotFoundError' ? err.message : err.stack ?? err.message);
    process.exit(1);
  });
  const f = (a: number[]): string => a.map((v) => v.toFixed(2)).join(' ');
  console.log(`fig1-size SGD step (d = 1, n = 20, m = 1000, B = 50, experiment model, sgd1d), ${STEPS} steps × ${REPEATS}, µs/step:`);
  console.log(`  Node ${process.version}: median ${r.nodeMicros.toFixed(2)}  (${f(r.node)})`);
  console.log(`  Chromium worker:  median ${r.chromiumMicros.toFixed(2)}  (${f(r.chromium)})`);
  console.log(`  ratio Chromium / Node: ${r.ratio.toFixed(2)}`);
}
