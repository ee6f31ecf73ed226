// The one way input is validated: zod schemas, and one translator from a failed parse to an
// InputError that names the field and the values it allows (`sigma: got 1.5; allowed: a number
// in (0, 1)`). Library arguments (`integer('m', m, 1)`), the CLI's options and the experiments'
// config objects all go through it.
//
// Every schema built here carries its own message, and that message is the allowed values in
// words ("an integer >= 1"). A schema without one (a plain `z.int().min(1)` in a config someone
// adds) gets its words at parse time from `allowedWords`, zod's per-parse error map. So the
// translator reads only zod's documented issue format — `issue.code`, `issue.path`,
// `issue.message`, `issue.input` (asked for with `reportInput`) and the fields each code
// documents (`minimum`, `values`, `keys`, ...) — never a schema's internals.
import { z } from 'zod';
import { InputError, describe } from './errors.js';

type Issue = z.core.$ZodIssue;

// ------------------------------------------------------------------ the translator

/** `a.b[2].c` from a path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? String(p) : `.${String(p)}`;
  return out;
}

const TYPE_NAMES: Record<string, string> = {
  number: 'a finite number', int: 'an integer', string: 'a string', boolean: 'true or false', array: 'an array',
  object: 'an object', null: 'null', undefined: 'nothing', bigint: 'a big integer', nan: 'NaN',
};

function bound(iss: { code: 'too_small' | 'too_big'; origin: string; inclusive?: boolean; exact?: boolean }, limit: unknown): string {
  const small = iss.code === 'too_small';
  const op = iss.exact ? '=' : small ? (iss.inclusive ? '>=' : '>') : iss.inclusive ? '<=' : '<';
  switch (iss.origin) {
    case 'number': return `a number ${op} ${String(limit)}`;
    case 'int': return `an integer ${op} ${String(limit)}`;
    case 'array': case 'set': return `a list with length ${op} ${String(limit)}`;
    case 'string': return `a string with length ${op} ${String(limit)}`;
    default: return `a value ${op} ${String(limit)}`;
  }
}

/** zod's per-parse error map: the allowed values in words, for a schema without a message of
 *  its own (schema-level messages take precedence over this one). */
const allowedWords: z.core.$ZodErrorMap = (iss) => {
  switch (iss.code) {
    case 'invalid_type': return TYPE_NAMES[iss.expected] ?? `a value of type ${iss.expected}`;
    case 'too_small': return bound(iss, iss.minimum);
    case 'too_big': return bound(iss, iss.maximum);
    case 'invalid_value': return iss.values.map((v) => (typeof v === 'string' ? JSON.stringify(v) : String(v))).join(', ');
    case 'not_multiple_of': return `a multiple of ${String(iss.divisor)}`;
    case 'invalid_format': return `a string of format ${iss.format}`;
    case 'unrecognized_keys': return 'only the fields of the config';
    case 'invalid_union':
      return iss.errors.length > 0 ? iss.errors.map((branch) => branch[0]?.message ?? 'another form').join(', or ') : undefined;
    default: return undefined;
  }
};

/** What the input was, for the message: a custom issue may say it (`params.got`), else the
 *  input zod reports for the issue. */
function gotOf(issue: Issue): string {
  if (issue.code === 'unrecognized_keys') return `an unknown field ${JSON.stringify(issue.keys.join(', '))}`;
  if (issue.code === 'custom' && typeof issue.params?.got === 'string') return issue.params.got;
  return describe(issue.input);
}

/** An issue of a failed parse as an InputError: path = `root` (the argument's name, if the
 *  value parsed is one argument) + the issue's path, field = its first segment (`config` for
 *  a whole config object), allowed = the issue's message (see the header). */
export function toInputError(issue: Issue, root?: string): InputError {
  let path: readonly PropertyKey[] = issue.path;
  if (issue.code === 'unrecognized_keys' && issue.keys.length > 0) path = [...path, issue.keys[0]];
  const full = root === undefined ? path : [root, ...path];
  const field = full.length > 0 ? String(full[0]) : 'config';
  return new InputError(field, issue.message, gotOf(issue), full.length > 0 ? formatPath(full) : field);
}

/** Parse with our words for every issue: the data, or the issues. */
export function parseWithIssues<S extends z.ZodType>(schema: S, input: unknown):
  { success: true; data: z.output<S> } | { success: false; issues: Issue[] } {
  const r = schema.safeParse(input, { error: allowedWords, reportInput: true });
  return r.success ? { success: true, data: r.data } : { success: false, issues: r.error.issues };
}

/** `schema.parse(input)`, a failure thrown as an InputError (its first issue). `root` names the
 *  argument when `input` is one (`eta`); leave it out for an object of fields (a config). */
export function validate<S extends z.ZodType>(schema: S, input: unknown, root?: string): z.output<S> {
  const r = parseWithIssues(schema, input);
  if (!r.success) throw toInputError(r.issues[0], root);
  return r.data;
}

/** An experiment config, validated by its schema (an alias of `validate` without a root). */
export function validateConfig<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  return validate(schema, input);
}

// ------------------------------------------------------------------ schemas (the vocabulary)

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const cache = new Map<string, z.ZodType>();
/** One schema per key, built once (zod schemas are immutable). */
function cached<S extends z.ZodType>(key: string, build: () => S): S {
  let s = cache.get(key) as S | undefined;
  if (!s) { s = build(); cache.set(key, s); }
  return s;
}

/** An integer in [min, max] (max: the largest safe integer by default). */
export function integerSchema(min: number, max = MAX_SAFE) {
  const error = max === MAX_SAFE ? `an integer >= ${min}` : `an integer in [${min}, ${max}]`;
  return z.int({ error }).min(min, { error }).max(max, { error });
}

/** A finite number > 0 (learning rates, times, bandwidths). */
export function positiveSchema() {
  const error = 'a finite number > 0';
  return z.number({ error }).positive({ error });
}

/** A finite number strictly inside (lo, hi); `hiIncluded` for (lo, hi]. */
export function openIntervalSchema(lo: number, hi: number, hiIncluded = false) {
  const error = `a number in (${lo}, ${hi}${hiIncluded ? ']' : ')'}`;
  const above = z.number({ error }).gt(lo, { error });
  return hiIncluded ? above.max(hi, { error }) : above.lt(hi, { error });
}

/** One of a fixed set of strings. */
export function oneOfSchema<const T extends string>(values: readonly T[]) {
  const error = values.map((v) => JSON.stringify(v)).join(', ');
  return z.custom<T>((v) => values.some((a) => a === v), { error });
}

/** A non-empty list of `item`; `error` says what the list must hold. */
export function listSchema<S extends z.ZodType>(item: S, error: string) {
  return z.array(item, { error }).min(1, { error });
}

/** Points: a non-empty array of finite numbers (d = 1) or of equal-length rows of finite
 *  numbers (d-D), parsed to the flat row-major values and the dimension. `d` forces one. */
export function pointsSchema(d?: number) {
  const shape = d === undefined ? 'a non-empty array of finite numbers, or of equal-length rows of them'
    : d === 1 ? 'a non-empty array of finite numbers' : `a non-empty array of rows of ${d} finite numbers`;
  return z.unknown().transform((value, ctx): { values: Float64Array; n: number; d: number } => {
    const fail = (input: unknown, path: PropertyKey[], got?: string): never => {
      ctx.issues.push({ code: 'custom', message: shape, input, path, params: got === undefined ? undefined : { got } });
      return z.NEVER;
    };
    if (!Array.isArray(value) || value.length === 0) return fail(value, []);
    const rows = Array.isArray(value[0]);
    const dim = rows ? (value[0] as unknown[]).length : 1;
    if (d !== undefined && dim !== d && !(d === 1 && rows && dim === 1)) return fail(value[0], [0], `points of dimension ${dim}`);
    if (dim < 1) return fail(value[0], [0], 'an empty row');
    const out = new Float64Array(value.length * dim);
    for (let i = 0; i < value.length; i++) {
      const row: unknown = value[i];
      if (rows) {
        if (!Array.isArray(row) || row.length !== dim) return fail(row, [i]);
        for (let k = 0; k < dim; k++) {
          const v: unknown = row[k];
          if (typeof v !== 'number' || !Number.isFinite(v)) return fail(v, [i, k]);
          out[i * dim + k] = v;
        }
      } else {
        if (typeof row !== 'number' || !Number.isFinite(row)) return fail(row, [i]);
        out[i] = row;
      }
    }
    return { values: out, n: value.length, d: dim };
  });
}

// ------------------------------------------------------------------ one argument at a time

/** A finite number strictly inside (lo, hi). `path` replaces the field in the message. */
export function openInterval(field: string, value: unknown, lo: number, hi: number, path = field): number {
  const r = parseWithIssues(cached(`open:${lo}:${hi}`, () => openIntervalSchema(lo, hi)), value);
  if (!r.success) throw new InputError(field, r.issues[0].message, describe(value), path);
  return r.data;
}

/** mu and sigma of the noise level: both in (0, 1) (SPEC §1). */
export function noiseLevel(mu: unknown, sigma: unknown): { mu: number; sigma: number } {
  return { mu: openInterval('mu', mu, 0, 1), sigma: openInterval('sigma', sigma, 0, 1) };
}

/** An integer >= min (and <= max). */
export function integer(field: string, value: unknown, min: number, max = MAX_SAFE): number {
  return validate(cached(`int:${min}:${max}`, () => integerSchema(min, max)), value, field);
}

/** A finite number > 0 (learning rate eta, diffusion time t, bandwidths). */
export function positive(field: string, value: unknown): number {
  return validate(cached('positive', positiveSchema), value, field);
}

/** A seed: an integer in [0, 2^53). */
export function seed(field: string, value: unknown): number {
  return integer(field, value, 0, MAX_SAFE);
}

/** One of a fixed set of strings. */
export function oneOf<const T extends string>(field: string, value: unknown, allowed: readonly T[]): T {
  return validate(cached(`oneOf:${allowed.join('\u0000')}`, () => oneOfSchema(allowed)), value, field);
}

/** Points (see pointsSchema): the flat row-major values, their number and dimension. */
export function points(field: string, value: unknown, d?: number): { values: Float64Array; n: number; d: number } {
  return validate(cached(`points:${d}`, () => pointsSchema(d)), value, field);
}
