// Records one folder's mutation scores (from Stryker's JSON report) in reports/mutation/summary.json,
// the record docs/mutation.md is generated from:  tsx scripts/mutationSummary.ts FOLDER REPORT
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';

export interface FolderScore {
  folder: string;
  date: string;
  machine: string;
  killed: number;
  timeout: number;
  survived: number;
  noCoverage: number;
  errors: number;
  /** (killed + timeout) / (killed + timeout + survived + noCoverage), in percent. */
  score: number;
  /** file → the survivors' line:column and mutator, for docs/mutation-survivors.md. */
  survivors: Record<string, string[]>;
}

interface Mutant { status: string; mutatorName: string; location: { start: { line: number; column: number } }; replacement?: string }

export const SUMMARY = 'reports/mutation/summary.json';

function score(folder: string, report: { files: Record<string, { mutants: Mutant[] }> }): FolderScore {
  const count = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0, RuntimeError: 0, CompileError: 0 } as Record<string, number>;
  const survivors: Record<string, string[]> = {};
  for (const [file, { mutants }] of Object.entries(report.files)) {
    for (const m of mutants) {
      count[m.status] = (count[m.status] ?? 0) + 1;
      if (m.status === 'Survived' || m.status === 'NoCoverage') {
        (survivors[file] ??= []).push(`${m.location.start.line}:${m.location.start.column} ${m.mutatorName}${m.status === 'NoCoverage' ? ' (no coverage)' : ''}`);
      }
    }
  }
  const detected = count.Killed + count.Timeout, valid = detected + count.Survived + count.NoCoverage;
  return {
    folder, date: new Date().toISOString().slice(0, 10), machine: `${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} cores`,
    killed: count.Killed, timeout: count.Timeout, survived: count.Survived, noCoverage: count.NoCoverage,
    errors: count.RuntimeError + count.CompileError, score: valid === 0 ? 100 : (100 * detected) / valid, survivors,
  };
}

const [folder, reportFile] = process.argv.slice(2);
if (folder !== undefined && reportFile !== undefined) {
  const all: FolderScore[] = existsSync(SUMMARY) ? JSON.parse(readFileSync(SUMMARY, 'utf8')) as FolderScore[] : [];
  const s = score(folder, JSON.parse(readFileSync(reportFile, 'utf8')));
  const next = [...all.filter((x) => x.folder !== folder), s].sort((a, b) => a.folder.localeCompare(b.folder));
  writeFileSync(SUMMARY, JSON.stringify(next, null, 1) + '\n');
  console.log(`mutation: ${folder}: ${s.score.toFixed(1)}% (${s.killed} killed, ${s.timeout} timeout, ${s.survived} survived, ${s.noCoverage} no coverage)`);
}
