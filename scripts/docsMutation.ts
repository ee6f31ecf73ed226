// The generated part of docs/mutation.md (see scripts/docs.ts): per folder the mutation score
// and its counts from reports/mutation/summary.json, written by `npm run mutate`.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FolderScore } from './mutationSummary.js';

export function mutationScores(root: string): string {
  const file = join(root, 'reports/mutation/summary.json');
  if (!existsSync(file)) return 'No folder measured yet (`npm run mutate` writes reports/mutation/summary.json).';
  const rows = JSON.parse(readFileSync(file, 'utf8')) as FolderScore[];
  return ['| folder | score | killed | timeout | survived | no coverage | errors | measured | machine |', '|---|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| \`${r.folder}\` | ${r.score.toFixed(1)}% | ${r.killed} | ${r.timeout} | ${r.survived} | ${r.noCoverage} | ${r.errors} | ${r.date} | ${r.machine} |`),
  ].join('\n') + '\n\nScore = (killed + timeout) / (killed + timeout + survived + no coverage).';
}
