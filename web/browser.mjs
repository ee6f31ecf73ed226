// The browser for test/web.test.ts and web/speed.ts: a Chromium or Chrome already on the machine,
// driven by playwright-core (which never downloads one here). Where none is found and apt-get can
// run as root (Debian, CI), Debian's `chromium` is installed once, so `npm test` needs nothing
// else on a fresh machine; everywhere else a missing browser is one line saying what to do.
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, statSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { chromium } from 'playwright-core';

/** Checked first, in this order: a set variable wins (and must name an executable file). */
export const ENV_VARS = ['BIGSTEP_CHROMIUM', 'CHROME_PATH'];
/** Searched on PATH, in this order. */
export const NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];
/** Then these places (macOS applications, the snap, Debian's path when PATH lacks /usr/bin). */
export function knownPaths(home = homedir()) {
  const mac = ['Google Chrome.app/Contents/MacOS/Google Chrome', 'Chromium.app/Contents/MacOS/Chromium'];
  return [
    ...mac.map((app) => join('/Applications', app)),
    ...mac.map((app) => join(home, 'Applications', app)),
    '/snap/bin/chromium',
    '/usr/bin/chromium',
  ];
}

// The launch flags matter on a closed network: no background fetches, no QUIC, no updates.
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** A one-line error: its stack is its message, so runners print that line and no trace. */
export class BrowserNotFoundError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = 'BrowserNotFoundError';
    this.stack = message;
  }
}

/** @param {string} path */
function isExecutableFile(path) {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** A browser left by `npx playwright install chromium`, if any (playwright-core only knows where). */
function playwrightCache() {
  try { return [chromium.executablePath()]; } catch { return []; }
}

/** The browser to use, or null: $BIGSTEP_CHROMIUM, then $CHROME_PATH (a set one that is not an
 *  executable file is an error, never skipped), then NAMES on PATH, then knownPaths(), then
 *  Playwright's cache. Every input can be given, for tests. */
export function findChromium({ env = process.env, isExecutable = isExecutableFile, home = homedir(), extra = playwrightCache() } = {}) {
  for (const name of ENV_VARS) {
    const value = env[name];
    if (!value) continue;
    if (isExecutable(value)) return value;
    throw new BrowserNotFoundError(`bigstep: ${name}=${value} is not an executable file — point it at a Chromium or Chrome binary, or unset it`);
  }
  const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const name of NAMES) {
    for (const dir of dirs) if (isExecutable(join(dir, name))) return join(dir, name);
  }
  for (const path of [...knownPaths(home), ...extra]) if (isExecutable(path)) return path;
  return null;
}

/** How apt-get can run as root here: [] as root, ['sudo', '-n'] with password-less sudo, or null
 *  (not Linux, no apt-get, or no root). */
export function aptPrefix({ platform = process.platform, uid = process.getuid?.(), isExecutable = isExecutableFile } = {}) {
  if (platform !== 'linux' || !isExecutable('/usr/bin/apt-get')) return null;
  if (uid === 0) return [];
  if (isExecutable('/usr/bin/sudo') && spawnSync('/usr/bin/sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0) return ['sudo', '-n'];
  return null;
}

/** @param {string[]} argv
 *  @returns {Promise<{ status: number | null, stderr: string }>} */
function run(argv) {
  return new Promise((resolve) => {
    const child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', (err) => resolve({ status: -1, stderr: err.message }));
    child.on('close', (status) => resolve({ status, stderr }));
  });
}

/** `apt-get install chromium` (after `apt-get update` when the package lists do not know it);
 *  resolves with null, or with the last line apt printed on failure. */
/** @param {string[]} prefix */
export async function aptInstallChromium(prefix) {
  // Wait for another apt (another test run on the machine) instead of failing on its lock.
  const apt = [...prefix, 'apt-get', '-q', '-o', 'DPkg::Lock::Timeout=600'];
  const install = [...apt, 'install', '-y', '--no-install-recommends', 'chromium'];
  let r = await run(install);
  if (r.status !== 0) {
    const update = await run([...apt, 'update']);
    r = update.status === 0 ? await run(install) : update;
  }
  return r.status === 0 ? null : (r.stderr.trim().split('\n').filter(Boolean).at(-1) ?? `exit ${r.status}`);
}

const LOOKED = `looked at $${ENV_VARS.join(', $')}, ${NAMES.join(', ')} on PATH, /Applications, /snap/bin/chromium`;
const FIX = 'install Chromium or Google Chrome, or set BIGSTEP_CHROMIUM=/path/to/chrome';

/** findChromium(), else Debian's chromium installed with apt-get where it can run as root, else a
 *  BrowserNotFoundError of one line. `deps` replaces the pieces, for tests. */
/** @param {{ find?: () => string | null, prefix?: () => string[] | null, install?: (prefix: string[]) => Promise<string | null>, log?: (m: string) => void }} [deps] */
export async function provideChromium(deps = {}) {
  const { find = () => findChromium(), prefix = aptPrefix, install = aptInstallChromium, log = (/** @type {string} */ m) => console.error(m) } = deps;
  const found = find();
  if (found) return found;
  const apt = prefix();
  if (!apt) throw new BrowserNotFoundError(`bigstep: no Chromium or Chrome found (${LOOKED}) and no apt-get as root to install one — ${FIX}`);
  log(`bigstep: no Chromium or Chrome found; installing Debian's chromium (${[...apt, 'apt-get', 'install', 'chromium'].join(' ')}), once`);
  const failure = await install(apt);
  const after = find();
  if (after) return after;
  throw new BrowserNotFoundError(`bigstep: no Chromium or Chrome found (${LOOKED}) and \`apt-get install chromium\` ${failure ? `failed (${failure})` : 'put none on PATH'} — ${FIX}`);
}

/** A persistent context in a fresh profile folder; close() also removes the folder. */
export async function launchChromium() {
  const executablePath = await provideChromium();
  const profile = mkdtempSync(join(tmpdir(), 'bigstep-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath, headless: true, args: ARGS, acceptDownloads: true });
  return {
    executablePath,
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
