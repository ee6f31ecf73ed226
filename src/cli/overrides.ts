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

/** A copy of `base` with every override applied, in order (a later one wins). `known(path)`
 *  says whether the config has that field; an unknown one is refused (zod would drop it). */
export function applyOverrides(base: unknown, overrides: readonly Override[], known: (path: string[]) => boolean, fields: string[]): unknown {
  const out = clone(base ?? {}) as Record<string, unknown>;
  for (const o of overrides) {
    if (!known(o.path)) {
      throw new InputError('set', `a field of the config: ${fields.join(', ')} (dotted for nested fields)`, JSON.stringify(o.path.join('.')), o.path.join('.'));
    }
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
