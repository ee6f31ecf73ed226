// Finding sweep folders: a path given to `bigstep merge` or `bigstep status` is either a sweep
// folder itself (DIR/EXPERIMENT/PRESET, holding runs.jsonl) or a folder holding several, up to
// three levels down (an --out root, or the folder of `bigstep slurm` with its shard-I roots).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InputError } from '../model/errors.js';

export interface SweepFolder {
  dir: string;
  experiment: string;
  preset: string;
}

const isSweep = (dir: string): boolean => existsSync(join(dir, 'runs.jsonl'));

function subdirs(dir: string): string[] {
  try {
    return readdirSync(dir).filter((n) => statSync(join(dir, n)).isDirectory()).map((n) => join(dir, n));
  } catch {
    return [];
  }
}

/** The sweep folders at or below `path` (at most `depth` levels down), sorted. */
function walk(path: string, depth: number): SweepFolder[] {
  if (isSweep(path)) return [{ dir: path, experiment: basename(dirname(path)), preset: basename(path) }];
  if (depth === 0) return [];
  return subdirs(path).filter((d) => basename(d) !== 'artifacts').flatMap((d) => walk(d, depth - 1));
}

/** The sweep folders at `path`: itself, or those below it (sorted). */
export function sweepFoldersAt(path: string): SweepFolder[] {
  if (!existsSync(path)) throw new InputError('dir', 'an existing sweep folder DIR/EXPERIMENT/PRESET or --out folder', path);
  const found = walk(path, 3);
  if (found.length === 0) throw new InputError('dir', 'a folder with runs.jsonl, or an --out folder with EXPERIMENT/PRESET/runs.jsonl', path);
  return found.sort((a, b) => a.dir.localeCompare(b.dir));
}

/** The sweep folders of every path, grouped by EXPERIMENT/PRESET. */
export function groupSweeps(paths: readonly string[]): Map<string, SweepFolder[]> {
  const groups = new Map<string, SweepFolder[]>();
  for (const f of paths.flatMap(sweepFoldersAt)) {
    const k = `${f.experiment}/${f.preset}`;
    groups.set(k, [...(groups.get(k) ?? []), f]);
  }
  return groups;
}
