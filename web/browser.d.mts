import type { BrowserContext } from 'playwright-core';
export const CHROMIUM: string;
export function launchChromium(): Promise<{ context: BrowserContext; close(): Promise<void> }>;
