// Typed input errors: every rejection names the field at fault and the values it allows.

/** Bad input at the library boundary. `field` is the top-level input key (`mu`, `x`, `model`,
 *  ...); `path` pin-points an element (`model.b[1]`); `allowed` says what would be accepted. */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(
    readonly field: string,
    readonly allowed: string,
    readonly got: string,
    readonly path: string = field,
  ) {
    super(`${path}: got ${got}; allowed: ${allowed}`);
  }

  /** The JSON error object of SPEC §3: {"error": {"field", "message", ...}}. */
  toJSON(): { error: { field: string; message: string; allowed: string; path: string } } {
    return { error: { field: this.field, message: this.message, allowed: this.allowed, path: this.path } };
  }
}

/** A short, safe rendering of an offending value for error messages. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value);
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (value === null) return 'null';
  return typeof value;
}
