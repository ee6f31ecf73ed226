// web/browser.mjs's choice of browser, on made-up machines: every input (environment, which files
// are executable, the home folder, root and apt, the installer) is given, so nothing is installed,
// removed or launched here.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { aptPrefix, BrowserNotFoundError, findChromium, knownPaths, provideChromium } from '../web/browser.mjs';

const HOME = '/home/ada';
/** findChromium on a machine where exactly `files` are executable. */
const find = (env: Record<string, string>, files: string[], extra: string[] = []): string | null =>
  findChromium({ env, isExecutable: (p) => files.includes(p), home: HOME, extra });

const MAC_CHROME = '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome';
const MAC_CHROMIUM = '/Applications/Chromium.app/Contents/MacOS/Chromium';

describe('findChromium', () => {
  it('BIGSTEP_CHROMIUM wins over CHROME_PATH, PATH and the known places; CHROME_PATH over PATH', () => {
    const files = ['/opt/mine/chrome', '/opt/other/chrome', '/usr/bin/chromium', MAC_CHROME];
    const PATH = '/usr/local/bin:/usr/bin';
    expect(find({ BIGSTEP_CHROMIUM: '/opt/mine/chrome', CHROME_PATH: '/opt/other/chrome', PATH }, files)).toBe('/opt/mine/chrome');
    expect(find({ CHROME_PATH: '/opt/other/chrome', PATH }, files)).toBe('/opt/other/chrome');
    expect(find({ BIGSTEP_CHROMIUM: '', PATH }, files)).toBe('/usr/bin/chromium'); // empty is unset
  });

  it('a variable naming no executable file is a one-line error, never skipped for another browser', () => {
    const call = (): string | null => find({ BIGSTEP_CHROMIUM: '/nope/chrome', PATH: '/usr/bin' }, ['/usr/bin/chromium']);
    expect(call).toThrow(BrowserNotFoundError);
    expect(call).toThrow('bigstep: BIGSTEP_CHROMIUM=/nope/chrome is not an executable file — point it at a Chromium or Chrome binary, or unset it');
    expect(() => find({ CHROME_PATH: '/Applications', PATH: '' }, [])).toThrow('bigstep: CHROME_PATH=/Applications is not an executable file');
  });

  it('searches PATH for chromium, chromium-browser, google-chrome, google-chrome-stable, in that order of names', () => {
    const PATH = ['/usr/local/bin', '/usr/bin', '/opt/google/bin'].join(':');
    expect(find({ PATH }, ['/usr/bin/chromium', '/usr/local/bin/google-chrome'])).toBe('/usr/bin/chromium');
    expect(find({ PATH }, ['/usr/bin/chromium-browser', '/usr/local/bin/google-chrome'])).toBe('/usr/bin/chromium-browser');
    expect(find({ PATH }, ['/opt/google/bin/google-chrome', '/usr/bin/google-chrome-stable'])).toBe('/opt/google/bin/google-chrome');
    expect(find({ PATH }, ['/usr/bin/google-chrome-stable'])).toBe('/usr/bin/google-chrome-stable');
    // The first PATH folder that has a name wins.
    expect(find({ PATH }, ['/usr/local/bin/chromium', '/usr/bin/chromium'])).toBe('/usr/local/bin/chromium');
    // An empty PATH entry is not the current folder.
    expect(find({ PATH: ':/usr/bin' }, ['chromium'])).toBe(null);
  });

  it('then the macOS applications (system, then the user\'s), the snap and /usr/bin/chromium; then Playwright\'s cache', () => {
    expect(knownPaths(HOME)).toEqual([
      MAC_CHROME, MAC_CHROMIUM,
      `${HOME}/Applications/Google Chrome.app/Contents/MacOS/Google Chrome`, `${HOME}/Applications/Chromium.app/Contents/MacOS/Chromium`,
      '/snap/bin/chromium', '/usr/bin/chromium',
    ]);
    const PATH = '/usr/bin:/bin';
    expect(find({ PATH }, [MAC_CHROMIUM, MAC_CHROME])).toBe(MAC_CHROME);
    expect(find({ PATH }, [MAC_CHROMIUM])).toBe(MAC_CHROMIUM);
    expect(find({ PATH }, [`${HOME}/Applications/Chromium.app/Contents/MacOS/Chromium`])).toBe(`${HOME}/Applications/Chromium.app/Contents/MacOS/Chromium`);
    expect(find({ PATH }, ['/snap/bin/chromium'])).toBe('/snap/bin/chromium');
    expect(find({ PATH: '' }, ['/usr/bin/chromium'])).toBe('/usr/bin/chromium'); // PATH without /usr/bin
    expect(find({ PATH }, [MAC_CHROME, '/usr/bin/google-chrome'])).toBe('/usr/bin/google-chrome'); // PATH first
    expect(find({ PATH }, ['/cache/chrome'], ['/cache/chrome'])).toBe('/cache/chrome');
    expect(find({ PATH }, [])).toBe(null);
  });

  it('by default, checks real files: executable regular files only (not a folder, not a plain file)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bigstep-browser-test-'));
    try {
      mkdirSync(join(dir, 'a', 'chromium'), { recursive: true }); // a folder named chromium
      mkdirSync(join(dir, 'b'));
      writeFileSync(join(dir, 'b', 'chromium'), '#!/bin/sh\n'); // not executable
      mkdirSync(join(dir, 'c'));
      writeFileSync(join(dir, 'c', 'google-chrome'), '#!/bin/sh\n');
      chmodSync(join(dir, 'c', 'google-chrome'), 0o755);
      const PATH = ['a', 'b', 'c'].map((d) => join(dir, d)).join(':');
      expect(findChromium({ env: { PATH }, home: dir, extra: [] })).toBe(join(dir, 'c', 'google-chrome'));
      expect(() => findChromium({ env: { BIGSTEP_CHROMIUM: join(dir, 'b', 'chromium'), PATH }, extra: [] })).toThrow(BrowserNotFoundError);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('aptPrefix', () => {
  const apt = (p: string): boolean => p === '/usr/bin/apt-get';
  it('root with apt-get on Linux: apt-get as it is; not Linux or no apt-get: none', () => {
    expect(aptPrefix({ platform: 'linux', uid: 0, isExecutable: apt })).toEqual([]);
    expect(aptPrefix({ platform: 'darwin', uid: 0, isExecutable: () => true })).toBe(null);
    expect(aptPrefix({ platform: 'linux', uid: 0, isExecutable: () => false })).toBe(null);
    expect(aptPrefix({ platform: 'linux', uid: 1000, isExecutable: apt })).toBe(null); // no sudo at all
  });
});

describe('provideChromium', () => {
  const calls: string[] = [];
  const log = (m: string): void => { calls.push(`log ${m}`); };
  afterAll(() => { calls.length = 0; });

  it('a browser found is used as it is: no apt, no install', async () => {
    const r = await provideChromium({ find: () => '/usr/bin/chromium', prefix: () => { throw new Error('not asked'); }, install: () => { throw new Error('not asked'); }, log });
    expect(r).toBe('/usr/bin/chromium');
  });

  it('none found, apt-get as root: installs chromium once, then finds it', async () => {
    let installed = false;
    const prefixes: string[][] = [];
    const r = await provideChromium({
      find: () => (installed ? '/usr/bin/chromium' : null),
      prefix: () => [],
      install: async (prefix) => { prefixes.push(prefix); installed = true; return null; },
      log,
    });
    expect(r).toBe('/usr/bin/chromium');
    expect(prefixes).toEqual([[]]);
    expect(calls.at(-1)).toBe("log bigstep: no Chromium or Chrome found; installing Debian's chromium (apt-get install chromium), once");
  });

  it('none found and no apt-get as root: exactly one line, saying what was looked at and what to do', async () => {
    const err = await provideChromium({ find: () => null, prefix: () => null, install: () => { throw new Error('not asked'); }, log }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(BrowserNotFoundError);
    expect((err as Error).message).toBe('bigstep: no Chromium or Chrome found (looked at $BIGSTEP_CHROMIUM, $CHROME_PATH, chromium, chromium-browser, google-chrome, google-chrome-stable on PATH, /Applications, /snap/bin/chromium) and no apt-get as root to install one — install Chromium or Google Chrome, or set BIGSTEP_CHROMIUM=/path/to/chrome');
    expect((err as Error).message).not.toContain('\n');
    expect((err as Error).stack).toBe((err as Error).message); // no trace under it
  });

  it('apt-get fails: one line with apt\'s last line', async () => {
    const err = await provideChromium({ find: () => null, prefix: () => ['sudo', '-n'], install: async () => 'E: Unable to locate package chromium', log }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(BrowserNotFoundError);
    expect((err as Error).message).toMatch(/^bigstep: no Chromium or Chrome found \(.*\) and `apt-get install chromium` failed \(E: Unable to locate package chromium\) — install Chromium or Google Chrome, or set BIGSTEP_CHROMIUM=\/path\/to\/chrome$/);
    expect(calls.at(-1)).toContain('(sudo -n apt-get install chromium)');
  });
});
