// `bigstep report DIR/EXPERIMENT/PRESET`: rebuild summary.json and the figure from runs.jsonl
// and artifacts/ (after merging shards by concatenating their runs.jsonl). Node only.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { EXPERIMENTS } from '../experiments/index.js';
import type { Experiment, ExperimentId, FinishedRun, PresetName, Summary } from '../experiments/types.js';
import { InputError } from '../model/errors.js';
import { readArtifact } from '../runner/artifacts.js';
import { readRuns } from '../runner/runsFile.js';
import { packageVersion } from '../runner/version.js';
import { writeFigure } from './render.js';
import { fig1Spec, type Fig1Curve } from './specs/fig1.js';
import { fig2Spec } from './specs/fig2.js';
import { fig5Spec } from './specs/fig5.js';

export interface BuiltReport {
  dir: string;
  experiment: ExperimentId;
  preset: PresetName;
  summary: Summary;
  runs: FinishedRun[];
  figure: { svg: string; png: string; svgText: string };
  /** Sum of the runs' own durations (CPU time across workers). */
  runMs: number;
}

/** Summary and figure of the sweep in `dir` (= DIR/EXPERIMENT/PRESET), written beside it. */
export async function buildReport(dir: string): Promise<BuiltReport> {
  dir = resolve(dir);
  const id = basename(dirname(dir)), preset = basename(dir);
  if (!(id in EXPERIMENTS)) {
    throw new InputError('dir', `a folder DIR/EXPERIMENT/PRESET with EXPERIMENT one of ${Object.keys(EXPERIMENTS).join(', ')}`, JSON.stringify(dir));
  }
  if (preset !== 'quick' && preset !== 'paper') throw new InputError('dir', 'a folder DIR/EXPERIMENT/PRESET with PRESET quick or paper', JSON.stringify(dir));
  const file = join(dir, 'runs.jsonl');
  if (!existsSync(file)) throw new InputError('dir', 'a sweep folder holding runs.jsonl (written by `bigstep run`)', JSON.stringify(dir));
  const { runs } = readRuns(file);
  if (runs.length === 0) throw new InputError('dir', 'a sweep folder with at least one finished run', `${file} (empty)`);
  const experiment = EXPERIMENTS[id as ExperimentId] as Experiment;
  const config = experiment.schema.parse(runs[0].config);
  const summary: Summary = { experiment: experiment.id, preset, version: packageVersion(), rows: experiment.summarize(config, runs) };
  await writeFile(join(dir, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
  const figure = await writeFigure(dir, experiment.id, figureSpec(experiment, config, runs, dir, summary));
  return { dir, experiment: experiment.id, preset, summary, runs, figure, runMs: runs.reduce((s, r) => s + r.durationMs, 0) };
}

function figureSpec(experiment: Experiment, config: unknown, runs: FinishedRun[], dir: string, summary: Summary): TopLevelSpec {
  if (experiment.id === 'fig2') return fig2Spec(summary.rows);
  if (experiment.id === 'fig5') return fig5Spec(summary.rows);
  const settings = new Map(experiment.runs(config).map((s) => [s.key, s.setting]));
  const curves: Fig1Curve[] = [];
  for (const run of runs) {
    const artifact = readArtifact(dir, run.key), setting = settings.get(run.key);
    if (!artifact?.curve || !setting || run.metrics.divergedAtEpoch !== undefined) continue;
    curves.push({ t: Number(setting.t), mu: artifact.mu, sigma: artifact.sigma, eta: Number(setting.eta), curve: artifact.curve });
  }
  return fig1Spec(curves);
}
