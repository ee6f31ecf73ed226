// The package version written into every runs.jsonl line and summary.json.
import { readFileSync } from 'node:fs';

let cached: string | undefined;

/** `version` of package.json (the same file from src/runner/ and dist/runner/). */
export function packageVersion(): string {
  if (cached === undefined) {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    cached = pkg.version ?? '0.0.0';
  }
  return cached;
}
