// `artifacts/KEY.json` (SPEC §4): one file per finished run, written atomically before its
// runs.jsonl line, and read back by experiments that depend on others (fig5 ← fig2).
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { ExperimentId, PresetName, RunArtifact, RunContext } from '../experiments/types.js';

/** Characters a file name keeps as they are. */
const SAFE = /[A-Za-z0-9.=,+-]/;
const MAX_NAME_BYTES = 240;

/** The file name of a run's artifact, a reversible mapping of its key:
 *  - `/` becomes `__` (so `d=1/t=0.2/eta=0.5/sim=3` → `d=1__t=0.2__eta=0.5__sim=3.json`);
 *  - letters, digits and `. = , + -` stay (a leading `.` is escaped, no hidden files);
 *  - every other character, `_` and `~` included, becomes `~XX` per UTF-8 byte (hex, upper case).
 *  A lone `_` never appears in a name, so `__` always reads back as `/` (keyFromArtifactName). */
export function artifactName(key: string): string {
  if (key.length === 0) throw new Error('runner: a run key must not be empty');
  let out = '';
  for (const ch of key) {
    if (ch === '/') out += '__';
    else if (SAFE.test(ch) && !(ch === '.' && out === '')) out += ch;
    else for (const byte of new TextEncoder().encode(ch)) out += '~' + byte.toString(16).toUpperCase().padStart(2, '0');
  }
  out += '.json';
  if (Buffer.byteLength(out) > MAX_NAME_BYTES) {
    throw new Error(`runner: the key ${JSON.stringify(key)} is too long for a file name (${Buffer.byteLength(out)} bytes > ${MAX_NAME_BYTES})`);
  }
  return out;
}

/** The key of an artifact file name (the inverse of artifactName); undefined if `name` is not one. */
export function keyFromArtifactName(name: string): string | undefined {
  if (!name.endsWith('.json')) return undefined;
  const body = name.slice(0, -'.json'.length);
  const bytes: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === '_') {
      if (body[i + 1] !== '_') return undefined;
      bytes.push(0x2f);
      i++;
    } else if (ch === '~') {
      const hex = body.slice(i + 1, i + 3);
      if (!/^[0-9A-F]{2}$/.test(hex)) return undefined;
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else if (SAFE.test(ch)) bytes.push(ch.charCodeAt(0));
    else return undefined;
  }
  const key = Buffer.from(bytes).toString('utf8');
  return artifactName(key) === name ? key : undefined;
}

/** `DIR/EXPERIMENT/PRESET/`: the folder of one sweep. */
export function sweepDir(outRoot: string, experiment: string, preset: string): string {
  return join(outRoot, experiment, preset);
}

export function artifactPath(dir: string, key: string): string {
  return join(dir, 'artifacts', artifactName(key));
}

/** Write the artifact atomically: a temporary file in the same folder, flushed, then renamed
 *  over the final name (a reader sees the old file or the new one, never half of one). */
export function writeArtifact(dir: string, key: string, artifact: RunArtifact): string {
  const folder = join(dir, 'artifacts');
  mkdirSync(folder, { recursive: true });
  const final = join(folder, artifactName(key));
  const tmp = `${final}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, JSON.stringify(artifact) + '\n');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, final);
  return final;
}

/** The artifact of `key` in the sweep folder `dir`, or undefined if there is none. */
export function readArtifact(dir: string, key: string): RunArtifact | undefined {
  const file = artifactPath(dir, key);
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as RunArtifact;
  } catch (err) {
    throw new Error(`runner: cannot read the artifact ${file}: ${(err as Error).message}`);
  }
}

/** Remove temporary files left by a process killed while writing an artifact or a checkpoint. */
export function removeStaleTemporaries(dir: string): number {
  let removed = 0;
  for (const sub of ['artifacts', 'checkpoints']) {
    const folder = join(dir, sub);
    if (!existsSync(folder)) continue;
    for (const name of readdirSync(folder)) {
      if (/\.json\.tmp-\d+$/.test(name)) {
        rmSync(join(folder, name), { force: true });
        removed++;
      }
    }
  }
  return removed;
}

/** The RunContext of a sweep written under `outRoot`: artifacts of any experiment and preset,
 *  read from `outRoot/EXPERIMENT/PRESET/artifacts/`. */
export function runContext(outRoot: string, preset: PresetName): RunContext {
  return {
    preset,
    artifact: (experiment: ExperimentId, p: PresetName, key: string) => readArtifact(sweepDir(outRoot, experiment, p), key),
  };
}
