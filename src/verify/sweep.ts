// `verifySweep(DIR/EXPERIMENT/PRESET)`: every metric of a finished sweep recomputed from its
// artifacts by the experiment's second route (routes/), tallied per metric. Node only (it reads
// the folder); the routes themselves are pure. Bad input (no such folder, no runs.jsonl, an
// unknown experiment or preset) is an InputError naming `dir`.
import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Backend } from '../backend/contract.js';
import { EXPERIMENTS } from '../experiments/index.js';
import type { Experiment, ExperimentId, FinishedRun, RunSpec } from '../experiments/types.js';
import { InputError } from '../model/errors.js';
import { readArtifact } from '../runner/artifacts.js';
import { readRuns } from '../runner/runsFile.js';
import { check, tally, type Check, type RunChecks, type Tally } from './check.js';
import type { Route, RunInput } from './route.js';
import { ROUTES } from './routes/index.js';

export interface VerifyReport {
  dir: string;
  experiment: string;
  preset: string;
  runs: number;
  diverged: number;
  tallies: Tally[];
  /** Diagnostics of the producing algorithm, not recomputed: metric, reason, runs that have it. */
  diagnostics: { metric: string; reason: string; runs: number }[];
  /** Metrics no route recomputes (a failure): metric, runs. */
  uncovered: { metric: string; runs: number }[];
  ok: boolean;
  elapsedMs: number;
}

export interface VerifyOptions {
  /** Called before each run is checked (index from 0). */
  onRun?: (index: number, total: number, key: string) => void;
  /** Routes by experiment (default routes/index.ts; tests replace one). */
  routes?: Partial<Record<ExperimentId, Route>>;
}

/** The sweep folder's experiment, preset, runs and config, or an InputError naming `dir`. */
export function readSweep(dirArg: string): { dir: string; experiment: Experiment; preset: string; runs: FinishedRun[]; specs: Map<string, RunSpec> } {
  const dir = resolve(dirArg), id = basename(dirname(dir)), preset = basename(dir);
  const ids = Object.keys(EXPERIMENTS).join(', ');
  if (!existsSync(dir)) throw new InputError('dir', `an existing sweep folder DIR/EXPERIMENT/PRESET (EXPERIMENT one of ${ids})`, JSON.stringify(dirArg));
  if (!(id in EXPERIMENTS)) throw new InputError('dir', `a folder DIR/EXPERIMENT/PRESET with EXPERIMENT one of ${ids}`, JSON.stringify(dirArg));
  if (preset !== 'quick' && preset !== 'paper') throw new InputError('dir', 'a folder DIR/EXPERIMENT/PRESET with PRESET quick or paper', JSON.stringify(dirArg));
  const file = join(dir, 'runs.jsonl');
  if (!existsSync(file)) throw new InputError('dir', 'a sweep folder holding runs.jsonl (written by `bigstep run`)', JSON.stringify(dirArg));
  const { runs } = readRuns(file);
  if (runs.length === 0) throw new InputError('dir', 'a sweep folder with at least one finished run', `${file} (empty)`);
  const experiment = EXPERIMENTS[id as ExperimentId] as Experiment;
  const parsed = experiment.schema.safeParse(runs[0].config);
  if (!parsed.success) throw new InputError('dir', `a runs.jsonl whose config is a valid ${id} config`, `${file}: ${parsed.error.issues[0]?.message}`);
  const specs = new Map(experiment.runs(parsed.data).map((s) => [s.key, s]));
  return { dir, experiment, preset, runs, specs };
}

export function verifySweep(dirArg: string, backend: Backend, opts: VerifyOptions = {}): VerifyReport {
  const t0 = performance.now();
  const { dir, experiment, preset, runs, specs } = readSweep(dirArg);
  const route = (opts.routes ?? ROUTES)[experiment.id];
  const live = runs.filter((r) => r.metrics.divergedAtEpoch === undefined);
  const results: RunChecks[] = [];
  const diagnostics = new Map<string, { metric: string; reason: string; runs: number }>();
  const uncovered = new Map<string, number>();
  runs.forEach((run, index) => {
    opts.onRun?.(index, runs.length, run.key);
    const checks = route ? checkOne(route, dir, run, specs.get(run.key), backend, live.length) : [];
    results.push({ key: run.key, checks });
    const covered = new Set(checks.map((c) => c.metric));
    for (const metric of Object.keys(run.metrics)) {
      if (covered.has(metric)) continue;
      const diag = route?.diagnostics.find((d) => d.pattern.test(metric));
      if (diag) {
        const e = diagnostics.get(metric) ?? { metric, reason: diag.reason, runs: 0 };
        e.runs++;
        diagnostics.set(metric, e);
      } else uncovered.set(metric, (uncovered.get(metric) ?? 0) + 1);
    }
  });
  const tallies = tally(results);
  const report: VerifyReport = {
    dir, experiment: experiment.id, preset, runs: runs.length, diverged: runs.length - live.length, tallies,
    diagnostics: [...diagnostics.values()], uncovered: [...uncovered].map(([metric, n]) => ({ metric, runs: n })),
    ok: false, elapsedMs: 0,
  };
  report.ok = tallies.every((t) => t.agree === t.total) && report.uncovered.length === 0 && route !== undefined;
  if (!route) report.uncovered.unshift({ metric: `(every metric: no second route for ${experiment.id})`, runs: runs.length });
  report.elapsedMs = performance.now() - t0;
  return report;
}

/** One run's checks; a run without its artifact or setting fails, a diverged one is checked
 *  against its artifact's record of the divergence. */
function checkOne(route: Route, dir: string, run: FinishedRun, spec: RunSpec | undefined, backend: Backend, live: number): Check[] {
  const artifact = readArtifact(dir, run.key);
  if (!artifact || !spec) {
    const what = !artifact ? `artifacts/ of ${run.key}` : `run ${run.key} in the config's run list`;
    return [check('artifact', `${what} present`, 'count', 1, 0, 1, 0)];
  }
  const diverged = run.metrics.divergedAtEpoch;
  if (diverged !== undefined) {
    const recorded = (artifact as { divergedAtEpoch?: number }).divergedAtEpoch ?? NaN;
    return [check('divergedAtEpoch', "the artifact's record of the divergence", 'count', diverged, recorded, Math.abs(diverged - recorded), 0)];
  }
  const input: RunInput = {
    key: run.key, setting: spec.setting, config: run.config as Record<string, unknown>, metrics: run.metrics,
    artifact, sweepSeed: run.seed,
  };
  return route.checkRun(input, { backend, runs: live });
}
