// Figure 5 (appendix E): signed sharpness λ_max of the loss Hessian at the end of training
// against the learning rate η, with the linear-stability bound 2/(m η) (eq. 8). Pure: data →
// Vega-Lite spec (Node and browser).
import type { TopLevelSpec } from 'vega-lite';
import type { SummaryRow } from '../../experiments/types.js';
import { metricParts } from '../summary.js';
import { etaChart, panelOf, type EtaAllDiverged, type EtaPoint, type EtaReference } from './etaChart.js';
import { LABEL, noDataSpec } from './style.js';

export const FIG5_TITLE = 'Sharpness at the end of training against the learning rate η';

const PARAMS: Record<string, string> = { theory: 'parameters (w2, b)', all: 'all parameters' };
const ESTIMATOR: Record<string, string> = {
  exact: 'exact Hessian',
  sampled: 'sampled, no kink terms',
  withKinks: 'sampled + kink terms',
  notebook: 'notebook: |λ|, 20 power iterations, grid loss',
};
const PARAMS_ORDER = ['all', 'theory'];
const ESTIMATOR_ORDER = ['exact', 'withKinks', 'sampled', 'notebook'];

/** Series label of a row, e.g. `all parameters, exact Hessian`. */
export function sharpnessSeries(row: Pick<SummaryRow, 'params' | 'estimator'>): string {
  const p = row.params ? PARAMS[row.params] ?? String(row.params) : 'parameters ?';
  const e = row.estimator ? ESTIMATOR[row.estimator] ?? String(row.estimator) : 'estimator ?';
  return `${p}, ${e}`;
}

export interface Fig5Options {
  /** 'auto' (default): log y when every sharpness mean and bound is > 0, else linear. */
  yScale?: 'auto' | 'log' | 'linear';
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Mean ± 95% interval of the signed sharpness per (params, estimator) series, one panel per d
 *  (or per a row's `panel` string), and 2/(m η) from `stabilityBound` as a dashed black line. */
export function fig5Spec(rows: readonly SummaryRow[], options: Fig5Options = {}): TopLevelSpec {
  const points: EtaPoint[] = [];
  const allDiverged: EtaAllDiverged[] = [];
  const refs = new Map<string, EtaReference>();
  const series: { label: string; rank: number }[] = [];
  for (const row of rows) {
    if (!row || !finite(row.eta) || row.eta <= 0 || !finite(row.d)) continue;
    const { panel, panelOrder } = panelOf(row);
    const label = sharpnessSeries(row);
    const rank = 10 * (PARAMS_ORDER.indexOf(row.params ?? '') + 1) + ESTIMATOR_ORDER.indexOf(row.estimator ?? '') + 1;
    const m = metricParts(row.sharpness);
    if (m) {
      points.push({ panel, panelOrder, color: label, dash: 'sharpness', eta: row.eta, runs: row.runs, diverged: row.diverged ?? 0, ...m });
    } else if ((row.diverged ?? 0) > 0) {
      allDiverged.push({ panel, panelOrder, color: label, eta: row.eta, diverged: row.diverged });
    } else {
      continue;
    }
    if (!series.some((s) => s.label === label)) series.push({ label, rank });
    if (finite(row.stabilityBound) && row.stabilityBound > 0) refs.set(`${panel}|${row.eta}`, { panel, panelOrder, eta: row.eta, value: row.stabilityBound });
  }
  if (points.length === 0) {
    const diverged = allDiverged.reduce((a, r) => a + r.diverged, 0);
    return noDataSpec(FIG5_TITLE, diverged > 0 ? `no data: all ${diverged} runs diverged` : 'no data: no sharpness rows');
  }

  const yScale = options.yScale ?? 'auto';
  const positive = points.every((p) => p.mean > 0) && [...refs.values()].every((r) => r.value > 0);
  const yLog = yScale === 'linear' ? false : positive;
  const scales = yLog
    ? 'both axes log'
    : yScale === 'linear' ? 'x axis log, y linear' : 'x axis log, y linear: some sharpness values are ≤ 0 (signed λ_max)';
  const { spec } = etaChart({
    title: FIG5_TITLE,
    subtitle: [`signed λ_max, mean over runs with 95% t-interval; ${scales}`, 'a stable minimum of SGD has λ_max ≤ 2/(m η) (eq. 8)'],
    yTitle: LABEL.sharpness,
    colorTitle: 'Hessian',
    colorDomain: series.sort((a, b) => a.rank - b.rank).map((s) => s.label),
    dashTitle: null,
    dashDomain: ['sharpness'],
    dashRange: [[1, 0]],
    reference: { label: LABEL.stability, dash: [6, 4], points: [...refs.values()].sort((a, b) => a.eta - b.eta) },
    points,
    allDiverged,
    yScale: yLog ? 'log' : 'linear',
  });
  return spec;
}
