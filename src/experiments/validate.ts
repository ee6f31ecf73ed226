// Experiment configs are validated by their zod schema; a failure becomes an InputError that
// names the field (`eta`, or `model.m` as its path) and the values it allows.
import type { z } from 'zod';
import { InputError, describe } from '../model/errors.js';

type Issue = z.core.$ZodIssue;

/** `a.b[2].c` from a zod path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? String(p) : `.${String(p)}`;
  return out;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = input;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

const TYPE_NAMES: Record<string, string> = {
  number: 'a number', int: 'an integer', string: 'a string', boolean: 'true or false', array: 'an array',
  object: 'an object', null: 'null', undefined: 'nothing', bigint: 'a big integer', nan: 'NaN',
};

function bound(issue: Issue & { code: 'too_small' | 'too_big' }, integer: boolean): string {
  const small = issue.code === 'too_small';
  const limit = String(small ? issue.minimum : issue.maximum);
  const op = issue.exact ? '=' : small ? (issue.inclusive ? '>=' : '>') : issue.inclusive ? '<=' : '<';
  switch (issue.origin) {
    case 'number': return `${integer ? 'an integer' : 'a number'} ${op} ${limit}`;
    case 'int': return `an integer ${op} ${limit}`;
    case 'array': case 'set': return `a list with length ${op} ${limit}`;
    case 'string': return `a string with length ${op} ${limit}`;
    default: return `a value ${op} ${limit}`;
  }
}

/** What the failing part of the schema allows, in words. */
function allowedBy(issue: Issue, schema?: unknown): string {
  switch (issue.code) {
    case 'invalid_type': return TYPE_NAMES[issue.expected] ?? `a value of type ${issue.expected}`;
    case 'too_small': case 'too_big': return bound(issue, isIntegerSchema(schemaAt(schema, issue.path)));
    case 'invalid_value': return issue.values.map((v) => (typeof v === 'string' ? JSON.stringify(v) : String(v))).join(', ');
    case 'not_multiple_of': return `a multiple of ${issue.divisor}`;
    case 'invalid_format': return `a string of format ${issue.format}`;
    case 'unrecognized_keys': return 'only the fields of the config';
    case 'invalid_union':
      return issue.errors.length > 0
        ? issue.errors.map((branch) => (branch[0] ? allowedBy(branch[0]) : 'another form')).join(', or ')
        : issue.message;
    default: return issue.message;
  }
}

/** The first issue of a zod error as an InputError: field = top-level key (`config` for the
 *  whole object), path = the full path, allowed = what the schema accepts, got = the value.
 *  Pass the schema to tell integer bounds from number bounds. */
export function zodToInputError(error: z.ZodError, input: unknown, schema?: unknown): InputError {
  const issue = error.issues[0] as Issue | undefined;
  if (!issue) return new InputError('config', 'a valid config', describe(input));
  let path: readonly PropertyKey[] = issue.path;
  if (issue.code === 'unrecognized_keys' && issue.keys.length > 0) path = [...path, issue.keys[0]];
  const field = path.length > 0 ? String(path[0]) : 'config';
  const got = issue.code === 'unrecognized_keys' ? `an unknown field ${JSON.stringify(issue.keys.join(', '))}` : describe(valueAt(input, path));
  return new InputError(field, allowedBy(issue, schema), got, path.length > 0 ? formatPath(path) : field);
}

/** `schema.parse(input)`, with a failure thrown as an InputError (zodToInputError). */
export function validateConfig<C>(schema: z.ZodType<C>, input: unknown): C {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw zodToInputError(parsed.error, input, schema);
  return parsed.data;
}

interface Def { type?: string; innerType?: unknown; in?: unknown; shape?: Record<string, unknown>; element?: unknown }
const defOf = (schema: unknown): Def | undefined => (schema as { _zod?: { def?: Def } } | undefined)?._zod?.def;
const WRAPPERS = ['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional', 'pipe'];

/** The schema with optional, nullable, default, pipe (its input side), ... wrappers removed. */
function unwrap(schema: unknown): unknown {
  let s = schema, def = defOf(s);
  while (def && WRAPPERS.includes(def.type ?? '')) {
    s = def.type === 'pipe' ? def.in : def.innerType;
    def = defOf(s);
  }
  return s;
}

/** The part of the schema at `path` (through object shapes and array elements), or `null`
 *  if an object along the way has no such field, or `undefined` where it cannot tell (records,
 *  unions, any: every path is left to validation). */
export function schemaAt(schema: unknown, path: readonly PropertyKey[]): unknown | null | undefined {
  let s = schema;
  for (const key of path) {
    s = unwrap(s);
    const def = defOf(s);
    if (def?.type === 'array' && typeof key === 'number') s = def.element;
    else if (def?.type === 'object' && def.shape) {
      if (!Object.prototype.hasOwnProperty.call(def.shape, key)) return null;
      s = def.shape[key as string];
    } else return undefined;
  }
  return unwrap(s);
}

/** Whether `path` names a field the schema declares (or may hold; see schemaAt). */
export function schemaHasPath(schema: unknown, path: readonly string[]): boolean {
  return schemaAt(schema, path) !== null;
}

/** zod reports integer bounds with origin "number": ask the schema whether it is an integer. */
function isIntegerSchema(schema: unknown): boolean {
  const format = (schema as { format?: unknown } | null | undefined)?.format;
  return typeof format === 'string' && format.includes('int');
}
