// Debian's Chromium driven by playwright-core (never a downloaded browser), for test/web.test.ts
// and web/speed.ts. A missing /usr/bin/chromium is an error that says how to install it.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** A persistent context in a fresh profile folder; close() also removes the folder.
 *  @returns {Promise<{ context: import('playwright-core').BrowserContext, close(): Promise<void> }>} */
export async function launchChromium() {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing — install chromium: apt-get install chromium`);
  const profile = mkdtempSync(join(tmpdir(), 'bigstep-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, acceptDownloads: true });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
