// Run keys and summary rows of the diffusion experiments (fig3, fig4, fig5diffusion): a run is
// (d, eta, sim), e.g. `d=2/eta=0.05/sim=0`; a summary row is (d, eta) over the simulations.
import { stabilityBound } from '../analysis/sharpness.js';
import type { DiffusionPoint } from './diffusion.js';
import type { FinishedRun, RunSpec, SummaryRow } from './types.js';

export const diffusionKey = (p: { d: number; eta: number; sim: number }): string => `d=${p.d}/eta=${p.eta}/sim=${p.sim}`;

/** Every (d, eta, sim) in that order; `sets` generated sets per run. */
export function diffusionRuns(ds: number[], etas: number[], epochs: number[], sims: number, sets: number): RunSpec[] {
  const out: RunSpec[] = [];
  for (const d of ds) {
    etas.forEach((eta, j) => {
      for (let sim = 0; sim < sims; sim++) {
        out.push({ key: diffusionKey({ d, eta, sim }), setting: { d, eta, epochs: epochs[j], sim, sets } });
      }
    });
  }
  return out;
}

export function pointOfDiffusion(spec: RunSpec): DiffusionPoint {
  const s = spec.setting;
  return { d: Number(s.d), eta: Number(s.eta), epochs: Number(s.epochs), sim: Number(s.sim), sets: Number(s.sets ?? 1) };
}

/** One row per (d, eta) with finished runs, in sweep order; `fill` adds the metrics. */
export function diffusionRows(specs: RunSpec[], finished: FinishedRun[], m: number,
  fill: (row: SummaryRow, runs: FinishedRun[]) => void): SummaryRow[] {
  const byKey = new Map(specs.map((s) => [s.key, pointOfDiffusion(s)]));
  const groups = new Map<string, { p: DiffusionPoint; runs: FinishedRun[] }>();
  for (const [, p] of byKey) {
    const g = `${p.d}/${p.eta}`;
    if (!groups.has(g)) groups.set(g, { p, runs: [] });
  }
  const seen = new Set<string>();
  for (const r of finished) {
    const p = byKey.get(r.key);
    if (!p || seen.has(r.key)) continue;
    seen.add(r.key);
    groups.get(`${p.d}/${p.eta}`)!.runs.push(r);
  }
  const rows: SummaryRow[] = [];
  for (const { p, runs } of groups.values()) {
    if (runs.length === 0) continue;
    const diverged = runs.filter((r) => r.metrics.divergedAtEpoch !== undefined).length;
    const row: SummaryRow = {
      d: p.d, eta: p.eta, epochs: p.epochs, m, runs: runs.length, diverged, stabilityBound: stabilityBound(m, p.eta),
    };
    fill(row, runs);
    rows.push(row);
  }
  return rows;
}
