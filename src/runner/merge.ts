// `bigstep merge OUT DIR...`: the shard folders of a sweep (one --out per SLURM array task, or per
// machine) joined into OUT/EXPERIMENT/PRESET, ready for `bigstep report`. Never mixes sweeps:
// a record whose fingerprint differs from the others' is refused, naming both folders; two
// records of one key are collapsed when their metrics are identical (a run finished twice,
// e.g. by a requeued task) and refused when they differ. Artifacts are copied atomically.
// Idempotent: merging again (or after an interrupted merge) adds only what is missing.
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { FinishedRun } from '../experiments/types.js';
import { InputError } from '../model/errors.js';
import { sweepDir } from './artifacts.js';
import { acquireLock } from './lock.js';
import { readRuns, RunsWriter } from './runsFile.js';
import { canonicalJson } from './seeds.js';
import { groupSweeps, type SweepFolder } from './sweepFolders.js';

export interface MergeResult {
  dir: string;
  experiment: string;
  preset: string;
  /** Records in OUT's runs.jsonl after the merge, of which added by this call. */
  runs: number;
  added: number;
  /** Records found twice with identical metrics (kept once). */
  collapsed: number;
  artifactsCopied: number;
  /** Source folders whose runs.jsonl ended in a torn line (left out). */
  tornSources: string[];
}

interface Sourced { run: FinishedRun; from: string }

function checkFingerprint(first: Sourced, r: Sourced): void {
  if (r.run.fingerprint === first.run.fingerprint) return;
  throw new InputError('dir', `shard folders of one sweep: ${first.from} holds fingerprint ${first.run.fingerprint.slice(0, 12)}…` +
    ' — merge each sweep into its own OUT', `${r.from}: fingerprint ${r.run.fingerprint.slice(0, 12)}… (another config, seed or preset)`);
}

function checkSameResult(a: Sourced, b: Sourced): boolean {
  if (canonicalJson(a.run.metrics) === canonicalJson(b.run.metrics)) return true;
  throw new InputError('dir', `folders whose records of one run agree: run ${a.run.key} has other metrics in ${a.from} than in ${b.from}` +
    ' — a sweep is deterministic, so one of them was produced by other code; remove the wrong folder', b.from);
}

/** Copy `from/artifacts/NAME` to `to/artifacts/NAME` unless it exists (temporary file + rename). */
function copyArtifacts(from: string, to: string): number {
  const src = join(from, 'artifacts');
  if (!existsSync(src)) return 0;
  mkdirSync(join(to, 'artifacts'), { recursive: true });
  let copied = 0;
  for (const name of readdirSync(src)) {
    if (!name.endsWith('.json')) continue;
    const final = join(to, 'artifacts', name);
    if (existsSync(final)) continue;
    const tmp = `${final}.tmp-${process.pid}`;
    copyFileSync(join(src, name), tmp);
    renameSync(tmp, final);
    copied++;
  }
  return copied;
}

function mergeGroup(outRoot: string, sources: SweepFolder[]): MergeResult {
  const { experiment, preset } = sources[0];
  const dir = sweepDir(outRoot, experiment, preset);
  const release = acquireLock(dir);
  try {
    const target = readRuns(join(dir, 'runs.jsonl'));
    const byKey = new Map<string, Sourced>(target.runs.map((run) => [run.key, { run, from: dir }]));
    let first: Sourced | undefined = target.runs.length > 0 ? { run: target.runs[0], from: dir } : undefined;
    const added: FinishedRun[] = [];
    const result: MergeResult = { dir, experiment, preset, runs: 0, added: 0, collapsed: 0, artifactsCopied: 0, tornSources: [] };
    for (const s of sources) {
      if (s.dir === dir) continue;
      const contents = readRuns(join(s.dir, 'runs.jsonl'));
      if (contents.torn !== null) result.tornSources.push(s.dir);
      result.collapsed += contents.duplicates;
      for (const run of contents.runs) {
        const r: Sourced = { run, from: s.dir };
        first ??= r;
        checkFingerprint(first, r);
        const seen = byKey.get(run.key);
        if (seen !== undefined) { if (checkSameResult(seen, r)) result.collapsed++; continue; }
        byKey.set(run.key, r);
        added.push(run);
      }
    }
    for (const s of sources) if (s.dir !== dir) result.artifactsCopied += copyArtifacts(s.dir, dir);
    const writer = RunsWriter.open(join(dir, 'runs.jsonl'), target.validBytes);
    try { for (const run of added) writer.append(run); } finally { writer.close(); }
    result.added = added.length;
    result.runs = byKey.size;
    return result;
  } finally {
    release();
  }
}

/** Merge every sweep found in `paths` (sweep folders or --out folders) into `outRoot`. */
export function mergeSweeps(outRoot: string, paths: readonly string[]): MergeResult[] {
  if (paths.length === 0) throw new InputError('dir', 'one or more shard folders to merge', 'none');
  return [...groupSweeps(paths).values()].map((sources) => mergeGroup(outRoot, sources));
}
