// `verifySweep(DIR/EXPERIMENT/PRESET)`: every metric of a finished sweep recomputed from its
// artifacts by the experiment's second route (routes/), tallied per metric. Node only (it reads
// the folder); the routes themselves are pure. Bad input (no such folder, no runs.jsonl, an
// unknown experiment or preset) is an InputError naming `dir`. Nothing here imports the
// experiments (whose modules import the analysis that made the metrics): a run's setting is read
// off its key (`d=1/t=0.2/eta=0.5/sim=3`, SPEC §4), the config off runs.jsonl.
import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Backend } from '../backend/contract.js';
import type { ExperimentId, FinishedRun } from '../experiments/types.js';
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
  /** The experiment ids a folder may name (default: those with a route; the CLI passes the
   *  registry's, so that an experiment without a route fails verify instead of being unknown). */
  experiments?: readonly string[];
}

/** A run's setting from its key: `name=value` pairs joined by `/`, numbers where they parse;
 *  d = 1 and sim = 0 when the key has none (fig1), `sets` from the config (diffusion). */
export function settingOfKey(key: string, config: Record<string, unknown>): Record<string, number | string> {
  const out: Record<string, number | string> = { d: 1, sim: 0 };
  for (const part of key.split('/')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const raw = part.slice(eq + 1), v = Number(raw);
    out[part.slice(0, eq)] = raw.trim() !== '' && Number.isFinite(v) ? v : raw;
  }
  if (typeof config.sets === 'number') out.sets = config.sets;
  return out;
}

/** The sweep folder's experiment, preset and runs, or an InputError naming `dir`. */
export function readSweep(dirArg: string, experiments: readonly string[]): { dir: string; id: ExperimentId; preset: string; runs: FinishedRun[] } {
  const dir = resolve(dirArg), id = basename(dirname(dir)), preset = basename(dir);
  const ids = experiments.join(', ');
  if (!existsSync(dir)) throw new InputError('dir', `an existing sweep folder DIR/EXPERIMENT/PRESET (EXPERIMENT one of ${ids})`, JSON.stringify(dirArg));
  if (!experiments.includes(id)) throw new InputError('dir', `a folder DIR/EXPERIMENT/PRESET with EXPERIMENT one of ${ids}`, JSON.stringify(dirArg));
  if (preset !== 'quick' && preset !== 'paper') throw new InputError('dir', 'a folder DIR/EXPERIMENT/PRESET with PRESET quick or paper', JSON.stringify(dirArg));
  const file = join(dir, 'runs.jsonl');
  if (!existsSync(file)) throw new InputError('dir', 'a sweep folder holding runs.jsonl (written by `bigstep run`)', JSON.stringify(dirArg));
  const { runs } = readRuns(file);
  if (runs.length === 0) throw new InputError('dir', 'a sweep folder with at least one finished run', `${file} (empty)`);
  return { dir, id: id as ExperimentId, preset, runs };
}

export function verifySweep(dirArg: string, backend: Backend, opts: VerifyOptions = {}): VerifyReport {
  const t0 = performance.now();
  const routes = opts.routes ?? ROUTES;
  const { dir, id, preset, runs } = readSweep(dirArg, opts.experiments ?? Object.keys(routes));
  const route = routes[id];
  const live = runs.filter((r) => r.metrics.divergedAtEpoch === undefined);
  const results: RunChecks[] = [];
  const diagnostics = new Map<string, { metric: string; reason: string; runs: number }>();
  const uncovered = new Map<string, number>();
  runs.forEach((run, index) => {
    opts.onRun?.(index, runs.length, run.key);
    const checks = route ? checkOne(route, dir, run, backend, live.length) : [];
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
    dir, experiment: id, preset, runs: runs.length, diverged: runs.length - live.length, tallies,
    diagnostics: [...diagnostics.values()], uncovered: [...uncovered].map(([metric, n]) => ({ metric, runs: n })),
    ok: false, elapsedMs: 0,
  };
  report.ok = tallies.every((t) => t.agree === t.total) && report.uncovered.length === 0 && route !== undefined;
  if (!route) report.uncovered.unshift({ metric: `(every metric: no second route for ${id})`, runs: runs.length });
  report.elapsedMs = performance.now() - t0;
  return report;
}

/** One run's checks; a run without its artifact fails, a diverged one is checked against its
 *  artifact's record of the divergence. */
function checkOne(route: Route, dir: string, run: FinishedRun, backend: Backend, live: number): Check[] {
  const artifact = readArtifact(dir, run.key);
  if (!artifact) return [check('artifact', 'the run\'s artifacts/ file is present', 'count', 1, 0, 1, 0)];
  const diverged = run.metrics.divergedAtEpoch;
  if (diverged !== undefined) {
    const recorded = recordedDivergence(route, dir, run, artifact);
    return [check('divergedAtEpoch', "the training run's artifact's record of it", 'count', diverged, recorded, Math.abs(diverged - recorded), 0)];
  }
  const input: RunInput = {
    key: run.key, setting: settingOfKey(run.key, run.config as Record<string, unknown>), config: run.config as Record<string, unknown>, metrics: run.metrics,
    artifact, sweepSeed: run.seed,
  };
  return route.checkRun(input, { backend, runs: live });
}

/** divergedAtEpoch as the training run's artifact records it: this run's, or (fig5 ← fig2,
 *  fig5diffusion ← fig3) the source sweep's, DIR/SOURCE/config.source/artifacts/KEY.json. */
function recordedDivergence(route: Route, dir: string, run: FinishedRun, artifact: object): number {
  const own = (artifact as { divergedAtEpoch?: number }).divergedAtEpoch;
  if (own !== undefined) return own;
  const source = (run.config as { source?: unknown }).source;
  if (!route.divergenceFrom || typeof source !== 'string') return NaN;
  const from = readArtifact(join(dirname(dirname(dir)), route.divergenceFrom, source), run.key) as { divergedAtEpoch?: number } | undefined;
  return from?.divergedAtEpoch ?? NaN;
}
