import type { BrowserContext } from 'playwright-core';
export const ENV_VARS: string[];
export const NAMES: string[];
export function knownPaths(home?: string): string[];
export class BrowserNotFoundError extends Error {}
export function findChromium(opts?: { env?: Record<string, string | undefined>; isExecutable?: (path: string) => boolean; home?: string; extra?: string[] }): string | null;
export function aptPrefix(opts?: { platform?: string; uid?: number; isExecutable?: (path: string) => boolean }): string[] | null;
export function aptInstallChromium(prefix: string[]): Promise<string | null>;
export function provideChromium(deps?: {
  find?: () => string | null;
  prefix?: () => string[] | null;
  install?: (prefix: string[]) => Promise<string | null>;
  log?: (message: string) => void;
}): Promise<string>;
export function launchChromium(): Promise<{ executablePath: string; context: BrowserContext; close(): Promise<void> }>;
