// How the CLI reports a failure: one JSON object on stderr, never a stack trace.
import { InputError } from '../model/errors.js';

/** Print `err` as {"error": {"field", "message"}} on stderr; 2 for bad input, 1 otherwise. */
export function reportError(err: unknown): number {
  if (err instanceof InputError) {
    process.stderr.write(JSON.stringify(err.toJSON()) + '\n');
    return 2;
  }
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(JSON.stringify({ error: { field: 'internal', message } }) + '\n');
  return 1;
}
