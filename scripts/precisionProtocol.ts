// The whole fig1, fig2 and fig5 paper protocol (d = 1 and d = 10) in f64 and in f32, timed in one
// sitting (issue 14): `npx tsx scripts/precisionProtocol.ts OUT [RECORD]`.
// Each sweep is cut into shards (`bigstep run --shard I/N`) and the two precisions alternate shard
// by shard (f64 1/N, f32 1/N, f64 2/N, ...), so that both see about the same machine even when
// its load changes during the hours this takes. Every shard appends one JSON line to RECORD
// (default reproduction/precision-protocol.jsonl) when it ends: sweep, precision, shard, wall
// seconds, CPU model, load averages before and after, date. Rerunning skips the shards already
// recorded (and `bigstep run` itself resumes a shard cut short), so the script survives a cut-off
// session. At the end each sweep folder gets its report (`bigstep run` of the whole sweep, which
// finds every run done) and `bigstep verify`, and its runs.jsonl is copied to
// reproduction/precision/PRECISION/ROOT/EXPERIMENT/ with its summary.json. scripts/docsPrecision.ts tabulates both.
import { spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface ProtocolSweep {
  /** The name in the record and the docs. */
  name: string;
  experiment: 'fig1' | 'fig2' | 'fig5';
  /** `--set` arguments beyond the paper preset (precision excluded). */
  sets: string[];
  shards: number;
  /** The results root under OUT/PRECISION: fig5 reads the artifacts of the fig2 sweep in the same root. */
  root: 'd1' | 'd10';
  /** Whether the experiment trains (and so takes `precision`); fig5 analyses fig2's parameters in f64. */
  trains: boolean;
}

/** In dependency order: fig5 reads fig2's artifacts of the same precision. */
export const PROTOCOL: ProtocolSweep[] = [
  { name: 'fig1', experiment: 'fig1', sets: [], shards: 1, root: 'd1', trains: true },
  { name: 'fig2 d=1', experiment: 'fig2', sets: ['ds=[1]'], shards: 2, root: 'd1', trains: true },
  { name: 'fig5 d=1', experiment: 'fig5', sets: [], shards: 1, root: 'd1', trains: false },
  { name: 'fig2 d=10', experiment: 'fig2', sets: ['ds=[10]'], shards: 8, root: 'd10', trains: true },
  { name: 'fig5 d=10', experiment: 'fig5', sets: ['d=10', 'params=["all"]'], shards: 4, root: 'd10', trains: false },
];

export interface ProtocolLine {
  sweep: string;
  precision: 'f64' | 'f32';
  shard: string;
  seconds: number;
  cpu: string;
  loadBefore: number;
  loadAfter: number;
  date: string;
}

export function readRecord(file: string): ProtocolLine[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as ProtocolLine);
}

function bigstep(args: string[]): void {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/bigstep.js'), ...args], { stdio: 'inherit', cwd: ROOT });
  if (r.status !== 0) throw new Error(`bigstep ${args.join(' ')} exited ${r.status}`);
}

function main(): void {
  const [out, recordArg] = process.argv.slice(2);
  if (out === undefined) throw new Error('usage: npx tsx scripts/precisionProtocol.ts OUT [RECORD]');
  const record = recordArg ?? join(ROOT, 'reproduction/precision-protocol.jsonl');
  const done = new Set(readRecord(record).map((l) => `${l.sweep}|${l.precision}|${l.shard}`));
  const dirOf = (s: ProtocolSweep, p: 'f64' | 'f32'): string => join(out, p, s.root);
  const argsOf = (s: ProtocolSweep, p: 'f64' | 'f32'): string[] => [
    'run', s.experiment, '--preset', 'paper', '--out', dirOf(s, p), '--workers', '2',
    ...[...s.sets, ...(p === 'f32' && s.trains ? ['precision=f32'] : [])].flatMap((v) => ['--set', v]),
  ];
  for (const s of PROTOCOL) {
    for (let i = 1; i <= s.shards; i++) {
      for (const p of ['f64', 'f32'] as const) {
        const shard = `${i}/${s.shards}`;
        if (done.has(`${s.name}|${p}|${shard}`)) continue;
        const loadBefore = loadavg()[0];
        const t0 = performance.now();
        bigstep([...argsOf(s, p), '--shard', shard]);
        const line: ProtocolLine = {
          sweep: s.name, precision: p, shard, seconds: (performance.now() - t0) / 1000, cpu: cpus()[0]?.model ?? 'unknown',
          loadBefore, loadAfter: loadavg()[0], date: new Date().toISOString(),
        };
        appendFileSync(record, JSON.stringify(line) + '\n');
      }
    }
    for (const p of ['f64', 'f32'] as const) bigstep(argsOf(s, p)); // every run done: writes the report
  }
  for (const p of ['f64', 'f32'] as const) {
    for (const s of PROTOCOL) {
      bigstep(['verify', join(dirOf(s, p), s.experiment, 'paper')]);
      // the runs themselves, for the findings table of docs/precision.md (scripts/docsPrecision.ts)
      const dest = join(ROOT, 'reproduction/precision', p, s.root, s.experiment);
      mkdirSync(dest, { recursive: true });
      for (const f of ['runs.jsonl', 'summary.json']) copyFileSync(join(dirOf(s, p), s.experiment, 'paper', f), join(dest, f));
    }
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) main();
