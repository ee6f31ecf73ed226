// `bigstep reproduce` (= `npm start`): every experiment of the registry at one preset, each after
// the ones whose artifacts it reads (fig5 after fig2), each followed by its summary and figure,
// then DIR/index.html and a short table on the terminal, then `bigstep verify` on each sweep
// (exit code 1 if a metric disagrees with its second route). Resumable like `bigstep run`.
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { EXPERIMENTS } from '../experiments/index.js';
import type { ExperimentId, Metric, SummaryRow } from '../experiments/types.js';
import { InputError } from '../model/errors.js';
import { integer, oneOf, seed as checkSeed } from '../model/validate.js';
import { buildReport } from '../report/build.js';
import { writeIndexHtml, type ReportSection } from '../report/html.js';
import { formatDuration, progressPrinter } from '../runner/progress.js';
import { runSweep } from '../runner/sweep.js';
import { reproductionOrder } from './experimentList.js';
import { DEFAULT_SEED } from './run.js';
import { verifyAll } from './verifyAll.js';

const ORDER: ExperimentId[] = reproductionOrder(EXPERIMENTS);

const HELP = `usage: bigstep reproduce [--preset quick|paper] [--out DIR] [--workers N] [--seed S]
  Runs ${ORDER.join(', ')} in this order (each after the experiments whose
  artifacts it reads: ${ORDER.filter((id) => EXPERIMENTS[id].dependsOn).map((id) => `${id} ← ${EXPERIMENTS[id].dependsOn!.join(', ')}`).join('; ')}), writes
  DIR/EXPERIMENT/PRESET/{runs.jsonl, artifacts/, summary.json, EXPERIMENT.svg, .png} and
  DIR/index.html, and prints per eta: excess risk, sharpness and 2/(m eta); then verifies
  every sweep (bigstep verify) and prints its per-metric table (exit code 1 on a disagreement).
  Defaults: quick, results, the core count, seed ${DEFAULT_SEED}. Rerunning resumes.
`;

interface Cost { wallTimeMs: number; workers: number }

export async function reproduceCommand(argv: string[]): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: argv, options: { preset: { type: 'string' }, out: { type: 'string' }, workers: { type: 'string' }, seed: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true }));
  } catch (err) {
    throw new InputError('option', 'the options of `bigstep reproduce --help`', (err as Error).message.split('\n')[0]);
  }
  if (values.help) { process.stdout.write(HELP); return 0; }
  const preset = oneOf('preset', values.preset ?? 'quick', ['quick', 'paper'] as const);
  const outDir = (values.out as string | undefined) ?? 'results';
  const workers = integer('workers', values.workers === undefined ? availableParallelism() : Number(values.workers), 1);
  const seed = checkSeed('seed', values.seed === undefined ? DEFAULT_SEED : Number(values.seed));
  const sections: ReportSection[] = [];
  const dirs: string[] = [];
  const tables: string[] = [];
  const started = performance.now();
  for (const id of ORDER) {
    const experiment = EXPERIMENTS[id];
    const printer = progressPrinter(process.stderr);
    let result;
    try {
      result = await runSweep({ experiment: id, preset, config: experiment.presets[preset], outDir, workers, shard: null, seed, onProgress: printer.onProgress });
    } finally {
      printer.end();
    }
    dirs.push(result.dir);
    const cost = recordCost(result.dir, result.elapsedMs, result.finished, workers);
    const report = await buildReport(result.dir);
    sections.push({
      id, title: experiment.title, svg: report.figure.svgText, png: relative(outDir, report.figure.png),
      rows: report.summary.rows,
      cost: { preset, wallTimeMs: cost.wallTimeMs, runs: report.runs.length, workers: cost.workers, machine: `${cpus().length} cores, Node ${process.versions.node}` },
    });
    tables.push(table(id, report.summary.rows, cost));
  }
  const page = await writeIndexHtml(outDir, sections, { title: `bigstep — ${preset} reproduction of Wu, Marion, Biau, Boyer (COLT 2025)` });
  process.stdout.write(tables.join('\n') + `\nreport: ${page}\n\n`);
  const verified = await verifyAll(dirs, workers);
  process.stdout.write(`(${formatDuration(performance.now() - started)} this time)\n`);
  return verified ? 0 : 1;
}

/** The sweep's measured wall time, accumulated over the invocations that ran something
 *  (cost.json beside runs.jsonl), so a resumed sweep still reports what it cost. */
function recordCost(dir: string, elapsedMs: number, finished: number, workers: number): Cost {
  const file = join(dir, 'cost.json');
  let cost: Cost = { wallTimeMs: 0, workers };
  try { cost = JSON.parse(readFileSync(file, 'utf8')) as Cost; } catch { /* first run */ }
  if (finished > 0) {
    cost = { wallTimeMs: cost.wallTimeMs + elapsedMs, workers };
    writeFileSync(file, JSON.stringify(cost) + '\n');
  }
  return cost;
}

const mean = (m: Metric | unknown): number | undefined =>
  typeof m === 'number' ? m : m && typeof m === 'object' && 'mean' in m ? (m as { mean: number }).mean : undefined;
const num = (v: number | undefined): string => (v === undefined ? '—' : v.toPrecision(3));

function table(id: ExperimentId, rows: readonly SummaryRow[], cost: Cost): string {
  if (id === 'fig3' || id === 'fig4') return diffusionTable(id, rows, cost);
  const lines = [`${id} (${formatDuration(cost.wallTimeMs)} on ${cost.workers} worker${cost.workers === 1 ? '' : 's'}): ${EXPERIMENTS[id].title}`,
    '      d      t  sigma      eta   runs  div.  excess risk  (exact)   sharpness  Hessian            2/(m eta)'];
  for (const r of rows) {
    lines.push([
      String(r.d).padStart(7), String(r.t ?? '').padStart(6), (r.sigma === undefined ? '' : r.sigma.toFixed(3)).padStart(6), String(r.eta).padStart(8),
      String(r.runs).padStart(6), String(r.diverged).padStart(5), num(mean(r.excessRisk)).padStart(12), num(mean(r.excessRiskExact)).padStart(9),
      num(mean(r.sharpness)).padStart(11), `  ${[r.params, r.estimator].filter(Boolean).join(', ')}`.padEnd(18), num(r.stabilityBound).padStart(10),
    ].join(' '));
  }
  return lines.join('\n') + '\n';
}

/** Diffusion rows: MMD² to the s* samples and to the fitted Gaussian, memorization fractions. */
function diffusionTable(id: ExperimentId, rows: readonly SummaryRow[], cost: Cost): string {
  const lines = [`${id} (${formatDuration(cost.wallTimeMs)} on ${cost.workers} worker${cost.workers === 1 ? '' : 's'}): ${EXPERIMENTS[id].title}`,
    '      d      eta   runs  div.  MMD² to s*  MMD² to Gauss.  MMD² s*-Gauss.  memorized  memorized (s*)'];
  for (const r of rows) {
    lines.push([
      String(r.d).padStart(7), String(r.eta).padStart(8), String(r.runs).padStart(6), String(r.diverged).padStart(5),
      num(mean(r.mmdToSStar)).padStart(11), num(mean(r.mmdToGaussian)).padStart(15), num(mean(r.mmdSStarToGaussian)).padStart(15),
      num(mean(r.memorization)).padStart(10), num(mean(r.memorizationSStar)).padStart(15),
    ].join(' '));
  }
  return lines.join('\n') + '\n';
}
