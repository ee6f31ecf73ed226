// `runs.jsonl` (SPEC §4): one JSON line per finished run, appended and flushed as each run
// ends. Opening the file for a sweep repairs a torn last line (kill -9 mid-write), refuses a
// folder written by another sweep (fingerprint), and lists the keys already done.
import { closeSync, existsSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FinishedRun } from '../experiments/types.js';
import { InputError } from '../model/errors.js';
import { canonicalJson } from './seeds.js';

export interface RunsFileContents {
  /** The records, first of each key (a merged file may repeat a key; the first one wins). */
  runs: FinishedRun[];
  /** The unterminated last line that does not parse (a write cut short), or null. */
  torn: string | null;
  /** Byte length of the file without the torn line. */
  validBytes: number;
  /** Lines whose key was already seen (left out of `runs`). */
  duplicates: number;
}

function isRecord(v: unknown): v is FinishedRun {
  if (v === null || typeof v !== 'object') return false;
  const r = v as Record<string, unknown>;
  return typeof r.key === 'string' && typeof r.fingerprint === 'string' && typeof r.seed === 'number' &&
    r.metrics !== null && typeof r.metrics === 'object' && typeof r.version === 'string' && typeof r.durationMs === 'number';
}

/** Parse runs.jsonl. Every line ended by `\n` must be a record (otherwise the file was edited
 *  or concatenated badly, and an error names the line). The text after the last `\n` is a
 *  torn line if it is not a complete record; a complete one (only its `\n` missing) is kept. */
export function parseRuns(text: string, file = 'runs.jsonl'): RunsFileContents {
  const out: RunsFileContents = { runs: [], torn: null, validBytes: Buffer.byteLength(text), duplicates: 0 };
  const seen = new Set<string>();
  const lines = text.split('\n');
  const last = lines.pop() as string; // '' when the file ends with '\n'
  const take = (record: FinishedRun): void => {
    if (seen.has(record.key)) out.duplicates++;
    else { seen.add(record.key); out.runs.push(record); }
  };
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    let parsed: unknown;
    try { parsed = JSON.parse(line); } catch { parsed = undefined; }
    if (!isRecord(parsed)) {
      throw new InputError('out', `a runs.jsonl whose lines are run records — remove line ${i + 1} (its run is redone) or use another --out`,
        `${file} line ${i + 1}: ${JSON.stringify(line.length > 60 ? line.slice(0, 60) + '…' : line)}`);
    }
    take(parsed);
  });
  if (last.trim() !== '') {
    let parsed: unknown;
    try { parsed = JSON.parse(last); } catch { parsed = undefined; }
    if (isRecord(parsed)) take(parsed);
    else {
      out.torn = last;
      out.validBytes -= Buffer.byteLength(last);
    }
  }
  return out;
}

/** Read runs.jsonl (an absent file has no runs). */
export function readRuns(file: string): RunsFileContents {
  if (!existsSync(file)) return { runs: [], torn: null, validBytes: 0, duplicates: 0 };
  return parseRuns(readFileSync(file, 'utf8'), file);
}

/** What the sweep about to run is. */
export interface SweepIdentity {
  fingerprint: string;
  seed: number;
  config: unknown;
}

/** Top-level config fields whose values differ (canonical JSON). */
function differingFields(a: unknown, b: unknown): string[] {
  const ao = (a ?? {}) as Record<string, unknown>, bo = (b ?? {}) as Record<string, unknown>;
  if (typeof ao !== 'object' || typeof bo !== 'object') return [];
  const keys = [...new Set([...Object.keys(ao), ...Object.keys(bo)])].sort();
  return keys.filter((k) => canonicalJson(ao[k]) !== canonicalJson(bo[k]));
}

/** Refuse records of another sweep, never mixing them: InputError on `seed` when the seed
 *  differs, on `config` when a config field differs (named), on `out` otherwise. */
export function checkSameSweep(runs: FinishedRun[], expected: SweepIdentity, file: string): void {
  const other = runs.find((r) => r.fingerprint !== expected.fingerprint);
  if (!other) return;
  const how = `another --out DIR for a new sweep, or delete ${dirname(file)} to start over`;
  const fp = `fingerprint ${other.fingerprint.slice(0, 12)}… there, ${expected.fingerprint.slice(0, 12)}… here`;
  if (other.seed !== expected.seed) {
    throw new InputError('seed', `${other.seed}, the seed of the runs already in ${file} (${fp}) — or ${how}`, String(expected.seed));
  }
  const fields = differingFields(other.config, expected.config);
  if (fields.length > 0) {
    const theirs = fields.map((f) => `${f}=${canonicalJson((other.config as Record<string, unknown>)?.[f])}`).join(', ');
    throw new InputError('config', `the config of the runs already in ${file} (${theirs}; ${fp}) — or ${how}`,
      fields.map((f) => `${f}=${canonicalJson((expected.config as Record<string, unknown>)?.[f])}`).join(', '), `config.${fields[0]}`);
  }
  throw new InputError('out', `a folder of this sweep (${fp}: the experiment or preset differs) — use ${how}`, file);
}

/** runs.jsonl open for appending: one line per finished run, each written whole and fsync'd. */
export class RunsWriter {
  private constructor(private fd: number, readonly file: string) {}

  /** Open `file`, cutting a torn last line (`validBytes` from readRuns) so that the next
   *  line starts on a line of its own; adds the `\n` a complete last record may lack. */
  static open(file: string, validBytes: number): RunsWriter {
    mkdirSync(dirname(file), { recursive: true });
    const fd = openSync(file, existsSync(file) ? 'r+' : 'w+');
    ftruncateSync(fd, validBytes);
    if (validBytes > 0) {
      const lastByte = Buffer.alloc(1);
      readSync(fd, lastByte, 0, 1, validBytes - 1);
      if (lastByte[0] !== 0x0a) writeAll(fd, Buffer.from('\n'), validBytes);
    }
    fsyncSync(fd);
    closeSync(fd);
    return new RunsWriter(openSync(file, 'a'), file);
  }

  /** Append one record as one line and flush it to disk. */
  append(run: FinishedRun): void {
    writeAll(this.fd, Buffer.from(JSON.stringify(run) + '\n'));
    fsyncSync(this.fd);
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }
}

/** writeSync until every byte is written (a write may be partial). */
function writeAll(fd: number, buf: Buffer, position?: number): void {
  let off = 0;
  while (off < buf.length) {
    off += writeSync(fd, buf, off, buf.length - off, position === undefined ? null : position + off);
  }
}
