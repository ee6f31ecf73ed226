// Mid-run checkpoints: a long run saves its whole state (parameters, generator state, step,
// traces so far) every `--checkpoint-every` seconds to DIR/EXPERIMENT/PRESET/checkpoints/KEY.json,
// atomically (write, fsync, rename); a resumed sweep hands it back to the run, which continues
// bit for bit; the file goes once the run's line is in runs.jsonl. SIGTERM sets the stop flag:
// each running run saves at its next check and stops (RunStopped), so a SLURM task warned
// before its time limit loses nothing.
//
// Exact: every Float64Array, and every number JSON cannot carry exactly (NaN, ±Infinity, -0),
// is written as the base64 of its bytes; the generator state (u64 words in f64 slots) included.
// Refused, never mixed: a checkpoint of another sweep (fingerprint) or run (key), and one that
// does not parse or whose digest does not match (truncated, corrupt) — the message says what to do.
import { createHash } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { RunCheckpoint } from '../experiments/types.js';
import { InputError } from '../model/errors.js';
import { artifactName } from './artifacts.js';

/** Thrown by RunCheckpoint.save when the runner is stopping: the run's state is on disk. */
export class RunStopped extends Error {
  override readonly name = 'RunStopped';
  constructor(readonly key: string) { super(`run ${key} stopped after saving its checkpoint`); }
}

/** What a worker needs to checkpoint one run (plain data: crosses the worker boundary). */
export interface CheckpointSpec {
  file: string;
  key: string;
  fingerprint: string;
  everyMs: number;
  /** A run reports progress once it has lasted progressAfterMs, then at most every
   *  progressEveryMs (defaults PROGRESS_AFTER_MS, PROGRESS_EVERY_MS). */
  progressAfterMs?: number;
  progressEveryMs?: number;
}

export interface RunProgress { key: string; step: number; total: number; loss: number; elapsedMs: number }

const FORMAT = 'bigstep-checkpoint-1';

export function checkpointFile(dir: string, key: string): string {
  return join(dir, 'checkpoints', artifactName(key));
}

const b64 = (a: Float64Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
function fromB64(s: string): Float64Array {
  const bytes = Buffer.from(s, 'base64');
  const out = new Float64Array(bytes.length / 8);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

/** JSON-ready copy of `v` with every float exact (see the file comment). */
export function encodeExact(v: unknown): unknown {
  if (v instanceof Float64Array) return { $f64: b64(v) };
  if (typeof v === 'number') return Number.isFinite(v) && !Object.is(v, -0) ? v : { $num: b64(Float64Array.of(v)) };
  if (Array.isArray(v)) return v.map(encodeExact);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, encodeExact(x)]));
  return v;
}

export function decodeExact(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(decodeExact);
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o.$f64 === 'string') return fromB64(o.$f64);
    if (typeof o.$num === 'string') return fromB64(o.$num)[0];
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, decodeExact(x)]));
  }
  return v;
}

const digest = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

export function writeCheckpoint(spec: CheckpointSpec, state: unknown, elapsedMs: number): void {
  mkdirSync(join(spec.file, '..'), { recursive: true });
  const body = JSON.stringify({ key: spec.key, fingerprint: spec.fingerprint, elapsedMs, state: encodeExact(state) });
  const text = JSON.stringify({ format: FORMAT, sha256: digest(body) }) + '\n' + body + '\n';
  const tmp = `${spec.file}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, spec.file);
}

/** The saved state and the run time it had cost, or undefined when there is no checkpoint. */
export function readCheckpoint(spec: CheckpointSpec): { state: unknown; elapsedMs: number } | undefined {
  if (!existsSync(spec.file)) return undefined;
  const fix = `delete ${spec.file} to restart run ${spec.key} from its beginning, or use another --out`;
  const text = readFileSync(spec.file, 'utf8');
  const nl = text.indexOf('\n');
  let head: { format?: string; sha256?: string } | undefined;
  try { head = JSON.parse(text.slice(0, nl)) as typeof head; } catch { head = undefined; }
  const body = text.slice(nl + 1).replace(/\n$/, '');
  if (nl < 0 || head?.format !== FORMAT || head.sha256 !== digest(body)) {
    throw new InputError('checkpoint', `a complete checkpoint written by bigstep — this one is truncated or corrupt: ${fix}`, spec.file);
  }
  const saved = JSON.parse(body) as { key: string; fingerprint: string; elapsedMs: number; state: unknown };
  if (saved.fingerprint !== spec.fingerprint || saved.key !== spec.key) {
    throw new InputError('checkpoint', `a checkpoint of this sweep's run ${spec.key} — this one is of ` +
      `${saved.key === spec.key ? 'another sweep' : `run ${saved.key}`} (fingerprint ${saved.fingerprint.slice(0, 12)}…): ${fix}`, spec.file);
  }
  return { state: decodeExact(saved.state), elapsedMs: saved.elapsedMs };
}

export function removeCheckpoint(dir: string, key: string): void {
  rmSync(checkpointFile(dir, key), { force: true });
}

/** The RunCheckpoint a run sees: `saved` from disk, `due()` when the interval has passed or the
 *  runner is stopping (stop[0] = 1), `save()` that throws RunStopped when stopping, and
 *  `progress()` reported at most every PROGRESS_EVERY_MS once a run has lasted a minute. */
export function runCheckpoint(spec: CheckpointSpec, stop: Int32Array, report: (p: RunProgress) => void): RunCheckpoint & { elapsedBefore: number } {
  const loaded = readCheckpoint(spec);
  const t0 = performance.now();
  let lastSave = t0, lastReport = t0;
  const stopping = (): boolean => Atomics.load(stop, 0) !== 0;
  return {
    saved: loaded?.state,
    elapsedBefore: loaded?.elapsedMs ?? 0,
    due: () => stopping() || performance.now() - lastSave >= spec.everyMs,
    save(state: unknown): void {
      writeCheckpoint(spec, state, (loaded?.elapsedMs ?? 0) + performance.now() - t0);
      lastSave = performance.now();
      if (stopping()) throw new RunStopped(spec.key);
    },
    progress(step: number, total: number, loss: number): void {
      const now = performance.now(), elapsedMs = (loaded?.elapsedMs ?? 0) + now - t0;
      if (elapsedMs < (spec.progressAfterMs ?? PROGRESS_AFTER_MS) || now - lastReport < (spec.progressEveryMs ?? PROGRESS_EVERY_MS)) return;
      lastReport = now;
      report({ key: spec.key, step, total, loss, elapsedMs });
    },
  };
}

/** A run reports progress once it has lasted this long, then at most this often. */
export const PROGRESS_AFTER_MS = 60_000;
export const PROGRESS_EVERY_MS = 30_000;
