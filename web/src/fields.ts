// Form fields as raw strings (the page's state, mirrored in the URL) and their checks through
// the library's validators (src/model/validate.ts): a bad value gives the InputError message
// ("eta: got -1; allowed: a finite number > 0") beside its field, never a NaN run.
import { InputError } from '../../src/model/errors.js';

export type Raw<F extends string> = Record<F, string>;
export type Errors = Record<string, string>;

/** A field's text as a validator input: '' → undefined ("got nothing"), a number's text → the
 *  number, anything else → the text itself (so the message quotes it). */
export function numberOf(text: string): unknown {
  const s = text.trim();
  if (s === '') return undefined;
  const v = Number(s);
  return /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s) && Number.isFinite(v) ? v : s;
}

/** Run one check; an InputError lands in `errors` under `key` (default: its field). */
export function check<T>(errors: Errors, fn: () => T, key?: string): T | undefined {
  try {
    return fn();
  } catch (err) {
    if (err instanceof InputError) { errors[key ?? err.field] = err.message; return undefined; }
    throw err;
  }
}

/** Raw values from URL parameters `prefix + name`, defaults for the absent ones. */
export function fromUrl<F extends string>(params: URLSearchParams, defaults: Raw<F>, prefix = ''): Raw<F> {
  const out = { ...defaults };
  for (const k of Object.keys(defaults) as F[]) {
    const v = params.get(prefix + k);
    if (v !== null) out[k] = v;
  }
  return out;
}

/** Write the fields that differ from their defaults into `params` (others are removed). */
export function toUrl<F extends string>(params: URLSearchParams, raw: Raw<F>, defaults: Raw<F>, prefix = ''): void {
  for (const k of Object.keys(defaults) as F[]) {
    if (raw[k] === defaults[k]) params.delete(prefix + k); else params.set(prefix + k, raw[k]);
  }
}

/** Points as URL text: comma-separated, 6 significant digits. */
export function pointsToText(x: readonly number[]): string {
  return x.map((v) => String(Number(v.toPrecision(6)))).join(',');
}

/** Points from URL text: numbers, or the offending text kept for the validator's message. */
export function pointsFromText(text: string): unknown[] {
  return text.trim() === '' ? [] : text.split(',').map(numberOf);
}

/** Show messages beside inputs: an element `#msg-PREFIXNAME` per field; inputs get aria-invalid. */
export function showErrors(root: ParentNode, names: readonly string[], errors: Errors, prefix = ''): void {
  for (const name of names) {
    const msg = root.querySelector<HTMLElement>(`#msg-${prefix}${name}`);
    const input = root.querySelector<HTMLElement>(`[name="${prefix}${name}"]`);
    const text = errors[name] ?? '';
    if (msg) msg.textContent = text;
    input?.setAttribute('aria-invalid', text ? 'true' : 'false');
  }
}
