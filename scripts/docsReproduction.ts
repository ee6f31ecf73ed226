// The generated parts of docs/reproduction.md (see scripts/docs.ts): per committed sweep of
// reproduction/record.json, the command that reproduces it (its runs.jsonl config against the
// preset), runs, divergences and wall time (the log's `bigstep run` line), and its summary rows.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXPERIMENTS } from '../src/experiments/index.js';
import type { ExperimentId, FinishedRun, Summary, SummaryRow } from '../src/experiments/types.js';
import { canonicalJson } from '../src/runner/seeds.js';

interface SweepRecord {
  /** The folder under reproduction/ holding runs.jsonl and summary.json. */
  folder: string;
  /** The log under reproduction/ whose `bigstep run EXPERIMENT:` line gives the wall time. */
  log: string;
  /** What this entry adds (e.g. a rerun); optional. */
  note?: string;
}

const DEFAULT_SEED = 20250101;

function sweeps(root: string): SweepRecord[] {
  return (JSON.parse(readFileSync(join(root, 'reproduction/record.json'), 'utf8')) as { sweeps: SweepRecord[] }).sweeps;
}

function summaryOf(root: string, folder: string): Summary {
  return JSON.parse(readFileSync(join(root, 'reproduction', folder, 'summary.json'), 'utf8')) as Summary;
}

function runsOf(root: string, folder: string): FinishedRun[] {
  return readFileSync(join(root, 'reproduction', folder, 'runs.jsonl'), 'utf8').trim().split('\n')
    .map((l) => JSON.parse(l) as FinishedRun);
}

/** `bigstep run EXP --preset P [--seed S] [--set k=v ...]` for the config the runs were made with. */
export function commandOf(experiment: ExperimentId, preset: 'quick' | 'paper', config: Record<string, unknown>, seed: number): string {
  const base = EXPERIMENTS[experiment].presets[preset] as Record<string, unknown>;
  const sets = Object.keys(config)
    .filter((k) => canonicalJson(config[k]) !== canonicalJson(base[k]))
    .map((k) => `--set '${k}=${typeof config[k] === 'string' ? config[k] : JSON.stringify(config[k])}'`);
  const missing = Object.keys(base).filter((k) => !(k in config));
  if (missing.length > 0) throw new Error(`reproduction: ${experiment}/${preset} config lacks preset fields ${missing.join(', ')}`);
  return ['bigstep run', experiment, '--preset', preset, ...(seed === DEFAULT_SEED ? [] : ['--seed', String(seed)]), ...sets].join(' ');
}

/** The log's `bigstep run EXP: N runs done (K diverged), ..., in T` line. */
function logLine(root: string, log: string, experiment: string): { runs: number; wall: string } {
  const text = readFileSync(join(root, 'reproduction', log), 'utf8');
  const m = new RegExp(`^bigstep run ${experiment}: (\\d+) runs? done.*, in ([\\d:]+) →`, 'm').exec(text);
  if (m === null) throw new Error(`reproduction/${log}: no "bigstep run ${experiment}: ... in T" line`);
  return { runs: Number(m[1]), wall: m[2] };
}

const wallText = (t: string): string => {
  const parts = t.split(':').map(Number);
  const [h, mi, s] = parts.length === 3 ? parts : [0, ...parts];
  return [h ? `${h} h` : '', mi ? `${mi} min` : '', `${s} s`].filter(Boolean).join(' ');
};

export function reproductionSweeps(root: string): string {
  const lines = ['| folder | command | runs (diverged) | wall time, 2 workers | log |', '|---|---|---|---|---|'];
  for (const s of sweeps(root)) {
    const summary = summaryOf(root, s.folder), runs = runsOf(root, s.folder);
    const cmd = commandOf(summary.experiment, summary.preset, runs[0].config as Record<string, unknown>, runs[0].seed);
    const diverged = runs.filter((r) => r.metrics.divergedAtEpoch !== undefined).length;
    const { runs: logged, wall } = logLine(root, s.log, summary.experiment);
    if (logged > runs.length) throw new Error(`reproduction/${s.log}: ${logged} runs logged, ${runs.length} in ${s.folder}`);
    lines.push(`| \`${s.folder}\`${s.note ? ` (${s.note})` : ''} | \`${cmd}\` | ${runs.length} (${diverged}) | ${wallText(wall)} | \`${s.log}\` |`);
  }
  return lines.join('\n');
}

/** The metric columns of each experiment's table (the summary holds more). */
const METRICS: Record<ExperimentId, string[]> = {
  fig1: ['excessRisk', 'excessRiskExact'],
  fig2: ['excessRisk', 'excessRiskExact'],
  fig5: ['sharpness', 'belowBound'],
  fig3: ['mmdToSStar', 'mmdToGaussian', 'mmdSStarToGaussian', 'memorization', 'memorizationSStar'],
  fig4: ['mmdToSStarNormalized', 'mmdToGaussianNormalized', 'mmdValid', 'memorization'],
  fig5diffusion: ['sharpness', 'belowBound'],
};
const SETTING = ['d', 't', 'sigma', 'eta', 'epochs', 'params', 'estimator'];

/** Short numbers as written (0.004, 25000), others to 3 significant digits. */
const sig = (v: number): string => (String(v).length <= 6 ? String(v) : v.toPrecision(3));
function cell(v: unknown): string {
  if (v === undefined) return '—';
  if (typeof v === 'number') return sig(v);
  if (typeof v === 'object' && v !== null && 'mean' in v) {
    const m = v as { mean: number; lo: number; hi: number };
    return `${sig(m.mean)} [${sig(m.lo)}, ${sig(m.hi)}]`;
  }
  return String(v);
}

function table(summary: Summary): string {
  const rows = summary.rows;
  const setting = SETTING.filter((k) => rows.some((r) => r[k] !== undefined));
  const metrics = METRICS[summary.experiment].filter((k) => rows.some((r) => r[k] !== undefined));
  const cols = [...setting, 'runs', 'diverged', 'stabilityBound', ...metrics];
  const fmt = (r: SummaryRow, k: string): string => (k === 'sigma' && typeof r.sigma === 'number' ? r.sigma.toFixed(3) : cell(r[k]));
  return [`| ${cols.join(' | ')} |`, `|${cols.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${cols.map((k) => fmt(r, k)).join(' | ')} |`)].join('\n');
}

export function reproductionTables(root: string): string {
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const s of sweeps(root)) {
    if (seen.has(s.folder)) continue;
    seen.add(s.folder);
    const summary = summaryOf(root, s.folder);
    parts.push(`#### \`reproduction/${s.folder}\` (${summary.experiment}, ${summary.preset})\n\n${table(summary)}`);
  }
  return parts.join('\n\n') + '\n\nMetrics with an interval are the mean and 95% t-interval over the simulations; diverged runs are counted and left out of the means.';
}
