// The web lab in a real browser: Chromium or Chrome (web/browser.mjs finds one, or installs Debian's
// chromium with apt-get as root) driven by playwright-core, on the page built by web/build.mjs into
// a temporary folder and served by web/serve.mjs on a free port. A browser that cannot be had
// fails the file with one line saying what to do, never skips.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend } from '../src/backend/index.js';
import { curve } from '../src/experiments/fig1.js';
import { Dataset } from '../src/model/dataset.js';
import { Net } from '../src/model/net.js';
import { noiseAt } from '../src/model/schedule.js';
import { train } from '../src/model/train.js';
import { fingerprint } from '../src/runner/seeds.js';
import { launchChromium } from '../web/browser.mjs';
import { buildWeb } from '../web/build.mjs';
import { serve } from '../web/serve.mjs';
import { benchFig1Step } from '../web/src/lab1d/bench.js';
import { GRID_POINTS } from '../web/src/lab1d/session.js';

// Written by every run into the git-ignored build folder; web/screenshot.png (README) is a copy.
const SCREENSHOT = new URL('../web/dist/screenshot.png', import.meta.url);
let out = '';
let server: Server;
let browser: { executablePath: string; context: BrowserContext; close(): Promise<void> };
let base = '';
const errors: string[] = [];

async function open(query = ''): Promise<Page> {
  const page = await browser.context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`${page.url()}: ${m.text()}`); });
  page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
  await page.setViewportSize({ width: 1400, height: 1000 });
  await page.goto(`${base}/${query}`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  return page;
}

/** The text of a downloaded file, after clicking `button`. */
async function downloaded(page: Page, button: string): Promise<string> {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.locator(button).click()]);
  return readFileSync((await dl.path())!, 'utf8');
}

// Long enough for a first `apt-get install chromium` on a fresh machine.
beforeAll(async () => {
  browser = await launchChromium();
  console.log(`web lab test: ${browser.executablePath}`);
  out = mkdtempSync(join(tmpdir(), 'bigstep-web-test-'));
  server = await serve(await buildWeb(out), { port: 0 });
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}, 900_000);

afterAll(async () => {
  await browser?.close();
  server?.close();
  if (out) rmSync(out, { recursive: true, force: true });
});

describe('web lab in Chromium', () => {
  it('loads with no console error and a button named Train', async () => {
    const page = await open();
    await expect(page.getByRole('button', { name: 'Train', exact: true }).isEnabled()).resolves.toBe(true);
    expect(await page.locator('#chart-trace svg').count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('trains 1-D on the Wasm backend in a worker; the charts change; Stop and Resume', async () => {
    // far more steps than the test lasts: the run must still be going when Stop is clicked, however fast the machine
    const page = await open('?epochs=20000000');
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await page.waitForFunction(() => document.querySelector('#state1d')?.textContent === 'running');
    await expect(page.locator('#backend1d').textContent()).resolves.toBe('wasm');
    const scoreBefore = await page.locator('#chart-score').innerHTML();
    await page.waitForFunction(() => Number(document.querySelector('#chart-trace')?.getAttribute('data-renders')) >= 4, null, { timeout: 30_000 });
    await page.locator('#stop1d').click();
    await page.waitForFunction(() => document.querySelector('#state1d')?.textContent === 'stopped');
    const stoppedAt = await page.locator('#epoch1d').textContent();
    expect(await page.locator('#chart-score').innerHTML()).not.toBe(scoreBefore);
    expect(Number((await page.locator('#speed1d').textContent())!.replace(/,/g, ''))).toBeGreaterThan(1000);
    await page.waitForTimeout(300);
    expect(await page.locator('#epoch1d').textContent()).toBe(stoppedAt);
    await page.locator('#resume1d').click();
    await page.waitForFunction((s) => document.querySelector('#epoch1d')?.textContent !== s, stoppedAt);
    await page.locator('#stop1d').click();
    // The sharpness chart holds a line of exact sharpness values and the 2/(m eta) rule.
    expect(await page.locator('#chart-sharpness svg path').count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a bad field value shows its InputError message beside it and disables Train; the URL keeps it', async () => {
    const page = await open();
    await page.locator('[name="eta"]').fill('-1');
    await expect(page.locator('#msg-eta').textContent()).resolves.toBe('eta: got -1; allowed: a finite number > 0');
    await expect(page.getByRole('button', { name: 'Train', exact: true }).isDisabled()).resolves.toBe(true);
    expect(await page.evaluate(() => location.search)).toContain('eta=-1');
    await page.locator('[name="m"]').fill('abc');
    await expect(page.locator('#msg-m').textContent()).resolves.toBe('m: got "abc"; allowed: an integer in [1, 20000]');
    await page.locator('[name="d2_N"]').fill('1');
    await expect(page.locator('[id="msg-d2_N"]').textContent()).resolves.toBe('N: got 1; allowed: an integer in [2, 5000]');
    await page.locator('[name="eta"]').fill('0.05');
    await expect(page.locator('#msg-eta').textContent()).resolves.toBe('');
    await page.close();
  });

  it('restores its state from the URL (t or mu and sigma, points)', async () => {
    const page = await open('?t=&mu=0.9&sigma=0.3&eta=0.05&x=-1,0.5,2&model=theory');
    expect(await page.locator('[name="mu"]').inputValue()).toBe('0.9');
    expect(await page.locator('[name="eta"]').inputValue()).toBe('0.05');
    expect(await page.locator('[name="model"]').inputValue()).toBe('theory');
    expect(await page.locator('#points1d circle').count()).toBe(3);
    expect(await page.evaluate(() => location.search)).toContain('x=-1%2C0.5%2C2');
    // Click empty space adds a point, double-click removes one; the URL follows.
    const strip = page.locator('#points1d svg');
    const box = (await strip.boundingBox())!;
    await strip.click({ position: { x: box.width * 0.9, y: box.height / 2 } });
    expect(await page.locator('#points1d circle').count()).toBe(4);
    await page.locator('#points1d circle').first().dblclick();
    expect(await page.locator('#points1d circle').count()).toBe(3);
    expect(await page.evaluate(() => new URLSearchParams(location.search).get('x')!.split(',').length)).toBe(3);
    await page.close();
  });

  it('opens a CLI artifact and shows its s_theta (bit-identical to Node\'s Wasm forward) against s*; exports a runs.jsonl row', async () => {
    const be = await createBackend('wasm');
    const { mu, sigma } = noiseAt(0.2);
    const data = Dataset.sample(be, { n: 12, d: 1, seed: 7 });
    const net = Net.experiment(be, { dIn: 1, dOut: 1, m: 300, seed: 8 });
    train(net, data, { mu, sigma, eta: 0.1, B: 50, epochs: 2000, seed: 9 });
    const expected = curve(be, net, data, mu, sigma, GRID_POINTS)!;
    const file = join(out, 'd=1__t=0.2__eta=0.1__sim=0.json');
    writeFileSync(file, JSON.stringify({ key: 'd=1/t=0.2/eta=0.1/sim=0', mu, sigma, x: data.toJSON(), model: net.toModel() }));
    const bad = join(out, 'bad.json');
    writeFileSync(bad, JSON.stringify({ mu, sigma, x: [0, 1], model: { w1: [1], b: [0, 1], w2: [1] } }));
    net.free(); data.free();

    const page = await open();
    await page.locator('#open1d').setInputFiles(bad);
    await expect.poll(() => page.locator('#msg-artifact').textContent()).toBe('bad.json: model.w1: got an array of length 1; allowed: an array of 2 finite numbers');
    await page.locator('#open1d').setInputFiles(file);
    await page.waitForFunction(() => document.querySelector('#msg-artifact')?.textContent?.startsWith('opened'));
    await page.waitForFunction(() => document.querySelector('#state1d')?.textContent === 'stopped');
    expect(await page.locator('[name="m"]').inputValue()).toBe('300');
    const artifact = JSON.parse(await downloaded(page, '#artifact1d')) as { curve: { sTheta: number[]; sStar: number[] } };
    expect(artifact.curve.sTheta).toEqual(expected.sTheta);
    expect(artifact.curve.sStar).toEqual(expected.sStar);

    const row = JSON.parse(await downloaded(page, '#row1d')) as Record<string, unknown>;
    expect(Object.keys(row).sort()).toEqual(['config', 'durationMs', 'fingerprint', 'key', 'metrics', 'seed', 'version']);
    expect(row.fingerprint).toBe(fingerprint(row.config, row.seed as number, 'lab', 'web'));
    expect((row.metrics as Record<string, number>).stabilityBound).toBeCloseTo(2 / (300 * 0.1), 12);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('trains the 2-D diffusion model, generates with the learned score and s*, shows MMD; screenshot', async () => {
    const page = await open('?epochs=3000&d2_epochs=600');
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await page.getByRole('button', { name: /Train diffusion/ }).click();
    await page.waitForFunction(() => document.querySelector('#state2d')?.textContent?.startsWith('samples at epoch 600'), null, { timeout: 60_000 });
    await page.waitForFunction(() => document.querySelector('#state1d')?.textContent === 'done', null, { timeout: 60_000 });
    await expect(page.locator('#backend2d').textContent()).resolves.toBe('wasm');
    expect(Number.isFinite(Number(await page.locator('#lab2d').getAttribute('data-mmd')))).toBe(true);
    expect(await page.locator('#chart-samples svg').innerHTML()).toContain('memorized');
    await page.waitForTimeout(500); // the last render
    await page.screenshot({ path: SCREENSHOT.pathname, fullPage: true });
    expect(statSync(SCREENSHOT).size).toBeGreaterThan(10_000);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('reports the fig1-size step time in Chromium vs Node (a measurement, not a timed assertion)', async () => {
    const node = benchFig1Step(await createBackend('wasm'), 3000, 5);
    const page = await open();
    const r = await page.evaluate(() => (window as unknown as { bigstepBench(s: number, k: number): Promise<{ backend: string; microsPerStep: number[] }> }).bigstepBench(3000, 5));
    await page.close();
    const median = (a: number[]): number => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
    expect(r.backend).toBe('wasm');
    expect(r.microsPerStep.every((v) => v > 0 && Number.isFinite(v))).toBe(true);
    console.log(`fig1-size SGD step: Node ${median(node).toFixed(2)} µs, Chromium ${median(r.microsPerStep).toFixed(2)} µs, ratio ${(median(r.microsPerStep) / median(node)).toFixed(2)}`);
  }, 120_000);
});
