// `npm run docs`: rewrites the generated regions of docs/*.md from committed records, so a number
// in the docs is one a command measured and cannot drift from it:
//   bench-table, bench-headlines  ← bench/reference.json (a whole `npm run bench` on an idle machine)
//   cli-help                      ← `bigstep ... --help` (the help texts, which list the experiment registry)
//   reproduction-sweeps, -tables  ← reproduction/record.json, each sweep's runs.jsonl, summary.json and log
//   mutation-scores               ← reports/mutation/summary.json (npm run mutate)
//   precision-protocol, peer-ratios ← reproduction/precision-protocol.jsonl, reproduction/peer-ratios.txt
//   claims-table                  ← reproduction/claims/*/EXPERIMENT/paper/runs.jsonl (scripts/docsClaims.ts)
// A region is the text between `<!-- generated: NAME -->` and `<!-- /generated: NAME -->`.
// `npm run docs -- --check` (and test/docs.test.ts) fails when a file differs from what this writes.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchHeadlines, benchSection } from './docsBench.js';
import { mutationScores } from './docsMutation.js';
import { peerRatios, precisionFindings, precisionProtocol } from './docsPrecision.js';
import { claimsTable } from './docsClaims.js';
import { reproductionSweeps, reproductionTables } from './docsReproduction.js';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** `bigstep ARGS --help` as a user sees it (needs the compiled CLI: npm run build:ts). */
function help(args: string[]): string {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/bigstep.js'), ...args, '--help'], { encoding: 'utf8', cwd: ROOT });
  if (r.status !== 0) throw new Error(`bigstep ${args.join(' ')} --help exited ${r.status}: ${r.stderr}`);
  return r.stdout.trimEnd();
}

function cliHelp(): string {
  const commands = [[], ['train'], ['run'], ['reproduce'], ['verify'], ['slurm'], ['merge'], ['status']];
  return commands.map((c) => `\`bigstep ${[...c, '--help'].join(' ')}\`\n\n\`\`\`\n${help(c)}\n\`\`\``).join('\n\n');
}

const GENERATORS: Record<string, () => string> = {
  'bench-table': () => benchSection(ROOT),
  'bench-headlines': () => benchHeadlines(ROOT),
  'cli-help': cliHelp,
  'reproduction-sweeps': () => reproductionSweeps(ROOT),
  'reproduction-tables': () => reproductionTables(ROOT),
  'mutation-scores': () => mutationScores(ROOT),
  'precision-protocol': () => precisionProtocol(ROOT),
  'peer-ratios': () => peerRatios(ROOT),
  'precision-findings': () => precisionFindings(ROOT),
  'claims-table': () => claimsTable(ROOT),
};

export const GENERATED_FILES = ['docs/benchmarks.md', 'docs/cli.md', 'docs/reproduction.md', 'docs/mutation.md', 'docs/precision.md'];

/** `text` with every generated region rewritten; throws on an unknown or unclosed region. */
export function regenerate(text: string, file: string, cache: Map<string, string> = new Map()): string {
  return text.replace(/<!-- generated: ([\w-]+) -->\n[\s\S]*?<!-- \/generated: ([\w-]+) -->/g, (_all, open: string, close: string) => {
    if (open !== close) throw new Error(`${file}: region ${open} closed as ${close}`);
    const gen = GENERATORS[open];
    if (gen === undefined) throw new Error(`${file}: unknown generated region ${open} (known: ${Object.keys(GENERATORS).join(', ')})`);
    if (!cache.has(open)) cache.set(open, gen());
    return `<!-- generated: ${open} -->\n${cache.get(open)}\n<!-- /generated: ${open} -->`;
  });
}

/** The generated files whose text differs from what the records give (empty = up to date). */
export function stale(): string[] {
  const cache = new Map<string, string>();
  return GENERATED_FILES.filter((f) => {
    const text = readFileSync(join(ROOT, f), 'utf8');
    return regenerate(text, f, cache) !== text;
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--check')) {
    const bad = stale();
    if (bad.length > 0) {
      console.error(`docs out of date with their records: ${bad.join(', ')} — run npm run docs`);
      process.exit(1);
    }
    console.log('docs: generated regions match their records');
  } else {
    const cache = new Map<string, string>();
    for (const f of GENERATED_FILES) {
      const path = join(ROOT, f);
      const text = readFileSync(path, 'utf8');
      const next = regenerate(text, f, cache);
      if (next !== text) { writeFileSync(path, next); console.log(`docs: rewrote ${f}`); }
    }
  }
}
