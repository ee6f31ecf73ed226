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
import { fig3Spec } from './specs/fig3.js';
import { fig4Spec } from './specs/fig4.js';
import { fig5Spec } from './specs/fig5.js';
import { etaPanelLabel, type SamplePanel } from './specs/samples.js';

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

/** The runs in the order of the experiment's run list, whatever order they finished (or were
 *  merged) in: a summary's sums then add the same numbers in the same order — the same bits
 *  from 1 worker, 2 workers or 8 merged shards. Keys not in the list (none, unless the file was
 *  edited) keep their file order, after the others. */
export function inRunOrder(experiment: Experiment, config: unknown, runs: readonly FinishedRun[]): FinishedRun[] {
  const position = new Map(experiment.runs(config).map((s, i) => [s.key, i]));
  const at = (r: FinishedRun): number => position.get(r.key) ?? Number.MAX_SAFE_INTEGER;
  return runs.map((r, i) => ({ r, i })).sort((a, b) => at(a.r) - at(b.r) || a.i - b.i).map(({ r }) => r);
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
  const { runs: inFileOrder } = readRuns(file);
  if (inFileOrder.length === 0) throw new InputError('dir', 'a sweep folder with at least one finished run', `${file} (empty)`);
  const experiment = EXPERIMENTS[id as ExperimentId] as Experiment;
  const config = experiment.schema.parse(inFileOrder[0].config);
  const runs = inRunOrder(experiment, config, inFileOrder);
  const summary: Summary = { experiment: experiment.id, preset, version: packageVersion(), rows: experiment.summarize(config, runs) };
  await writeFile(join(dir, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
  const figure = await writeFigure(dir, experiment.id, figureSpec(experiment, config, runs, dir, summary));
  return { dir, experiment: experiment.id, preset, summary, runs, figure, runMs: runs.reduce((s, r) => s + r.durationMs, 0) };
}

function figureSpec(experiment: Experiment, config: unknown, runs: FinishedRun[], dir: string, summary: Summary): TopLevelSpec {
  if (experiment.id === 'fig2') return fig2Spec(summary.rows);
  if (experiment.id === 'fig5' || experiment.id === 'fig5diffusion') return fig5Spec(summary.rows);
  if (experiment.id === 'fig3' || experiment.id === 'fig4') {
    return experiment.id === 'fig3'
      ? fig3Spec(summary.rows, samplePanels(experiment, config, runs, dir, 'eta'))
      : fig4Spec(summary.rows, samplePanels(experiment, config, runs, dir, 'd'));
  }
  const settings = new Map(experiment.runs(config).map((s) => [s.key, s.setting]));
  const curves: Fig1Curve[] = [];
  for (const run of runs) {
    const artifact = readArtifact(dir, run.key), setting = settings.get(run.key);
    if (!artifact?.curve || artifact.mu === undefined || artifact.sigma === undefined || !setting || run.metrics.divergedAtEpoch !== undefined) continue;
    curves.push({ t: Number(setting.t), mu: artifact.mu, sigma: artifact.sigma, eta: Number(setting.eta), curve: artifact.curve });
  }
  return fig1Spec(curves);
}

/** Sample panels of the first simulation at the extremes of `by` (fig3: the smallest and largest
 *  eta; fig4: the smallest and largest d), from the runs' artifacts. */
function samplePanels(experiment: Experiment, config: unknown, runs: FinishedRun[], dir: string, by: 'eta' | 'd'): SamplePanel[] {
  const settings = new Map(experiment.runs(config).map((s) => [s.key, s.setting]));
  const found: { value: number; panel: SamplePanel }[] = [];
  for (const run of runs) {
    const setting = settings.get(run.key);
    if (!setting || Number(setting.sim) !== 0 || run.metrics.divergedAtEpoch !== undefined) continue;
    const artifact = readArtifact(dir, run.key);
    if (!artifact?.samples) continue;
    const value = Number(setting[by]);
    const data = (artifact.x as number[][]).map((r) => r.slice(0, 2));
    const label = by === 'eta' ? etaPanelLabel(value) : `d = ${value}`;
    found.push({ value, panel: { label, order: value, learned: artifact.samples.learned, sStar: artifact.samples.sStar, data } });
  }
  found.sort((a, b) => a.value - b.value);
  const ends = found.length <= 2 ? found : [found[0], found[found.length - 1]];
  // Left: the smallest eta (memorizes) / the smallest d; right: the largest.
  return ends.map((e, i) => ({ ...e.panel, order: i }));
}
