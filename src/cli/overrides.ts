// `--set key=value`: config overrides on the command line. The value is read as JSON when it
// parses (`eta=0.5`, `etas=[0.5,0.1]`, `flag=true`, `name="123"`), else taken as a string
// (`protocol=notebook`); a dotted key sets a nested field (`model.m=100`).
import { InputError } from '../model/errors.js';

export interface Override { path: string[]; value: unknown; text: string }

export function parseOverride(text: string): Override {
  const eq = text.indexOf('=');
  const key = eq < 0 ? '' : text.slice(0, eq).trim();
  const path = key.split('.');
  if (eq < 0 || path.some((p) => p === '')) {
    throw new InputError('set', 'key=value (a config field, dotted for a nested one, e.g. eta=0.5 or model.m=100)', JSON.stringify(text));
  }
  const raw = text.slice(eq + 1);
  let value: unknown;
  try { value = JSON.parse(raw); } catch { value = raw; }
  return { path, value, text };
}

function clone<T>(v: T): T { return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T); }

/** A copy of `base` with every override applied, in order (a later one wins). Whether each
 *  path is a field of the config is for the schema to say (unknownOverride, after parsing). */
export function applyOverrides(base: unknown, overrides: readonly Override[]): unknown {
  const out = clone(base ?? {}) as Record<string, unknown>;
  for (const o of overrides) {
    let node = out;
    for (const [i, key] of o.path.slice(0, -1).entries()) {
      const next = node[key];
      if (next === undefined) node[key] = {};
      else if (next === null || typeof next !== 'object' || Array.isArray(next)) {
        throw new InputError(o.path[0], `a value for ${o.path.slice(0, i + 1).join('.')} itself (it is not an object)`, JSON.stringify(o.text));
      }
      node = node[key] as Record<string, unknown>;
    }
    node[o.path[o.path.length - 1]] = o.value;
  }
  return out;
}

/** The first override whose path is not a field of the config, given the parse of the merged
 *  config: a strict object refuses an unknown key (issue `unrecognized_keys`), a plain one drops
 *  it, so a parsed config without a value at the path does not have that field. */
export function unknownOverride(overrides: readonly Override[],
  parsed: { success: true; data: unknown } | { success: false; issues: readonly { code: string; path: readonly PropertyKey[]; keys?: readonly string[] }[] }): Override | undefined {
  const prefix = (a: readonly PropertyKey[], b: readonly string[]): boolean => a.length <= b.length && a.every((k, i) => String(k) === b[i]);
  return overrides.find((o) => {
    if (parsed.success) return valueAt(parsed.data, o.path) === undefined;
    return parsed.issues.some((i) => i.code === 'unrecognized_keys' && (i.keys ?? []).some((k) => prefix([...i.path, k], o.path)));
  });
}

function valueAt(v: unknown, path: readonly string[]): unknown {
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

