// Figure 2: excess risk R_n(θ*) − R_n(s*) of the trained score against the learning rate η,
// per noise level, one panel per dimension d. Pure: data → Vega-Lite spec (Node and browser).
import type { TopLevelSpec } from 'vega-lite';
import type { SummaryRow } from '../../experiments/types.js';
import { metricParts } from '../summary.js';
import { etaChart, panelOf, type EtaAllDiverged, type EtaPoint } from './etaChart.js';
import { LABEL, noDataSpec, noiseLabel } from './style.js';

export const FIG2_TITLE = 'Excess risk of s_θ against the learning rate η';
const MC = 'Monte Carlo (paper)';
const EXACT = 'exact (closed form)';

export interface Fig2Options {
  /** 'auto' (default): log y when every mean is > 0 (excess risks span decades), else linear.
   *  The paper's figure 2 has a linear y axis. */
  yScale?: 'auto' | 'log' | 'linear';
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Mean line, points and 95% interval (error bars) of `excessRisk` (Monte Carlo, solid) and,
 *  where present, `excessRiskExact` (dashed), colour per noise level, one panel per d. */
export function fig2Spec(rows: readonly SummaryRow[], options: Fig2Options = {}): TopLevelSpec {
  const points: EtaPoint[] = [];
  const allDiverged: EtaAllDiverged[] = [];
  const noise: { label: string; key: number }[] = [];
  for (const row of rows) {
    if (!row || !finite(row.eta) || row.eta <= 0 || !finite(row.d) || !finite(row.mu) || !finite(row.sigma)) continue;
    const label = noiseLabel(finite(row.t) ? row.t : undefined, row.mu, row.sigma);
    if (!noise.some((n) => n.label === label)) noise.push({ label, key: finite(row.t) ? row.t : row.sigma });
    const { panel, panelOrder } = panelOf(row);
    const common = { panel, panelOrder, color: label, eta: row.eta, runs: row.runs, diverged: row.diverged ?? 0 };
    const mc = metricParts(row.excessRisk);
    const ex = metricParts(row.excessRiskExact);
    if (mc) points.push({ ...common, dash: MC, ...mc });
    if (ex) points.push({ ...common, dash: EXACT, ...ex });
    if (!mc && !ex && (row.diverged ?? 0) > 0) allDiverged.push({ panel, panelOrder, color: label, eta: row.eta, diverged: row.diverged });
  }
  if (points.length === 0) {
    const diverged = allDiverged.reduce((a, r) => a + r.diverged, 0);
    return noDataSpec(FIG2_TITLE, diverged > 0 ? `no data: all ${diverged} runs diverged` : 'no data: no excess-risk rows');
  }
  const colorDomain = noise.sort((a, b) => b.key - a.key).map((n) => n.label);
  const dashDomain = [MC, EXACT].filter((d) => points.some((p) => p.dash === d));
  const yScale = options.yScale ?? 'auto';
  const positive = points.every((p) => p.mean > 0);
  const yLog = yScale === 'linear' ? false : positive;
  const scales = yLog
    ? 'both axes log (the paper draws y linear; excess risks span decades)'
    : yScale === 'linear' ? 'x axis log, y linear (as the paper)' : 'x axis log, y linear: some excess risks are ≤ 0';
  const { spec } = etaChart({
    title: FIG2_TITLE,
    subtitle: [`mean over runs with 95% t-interval; ${scales}`],
    yTitle: LABEL.excessRisk,
    colorTitle: LABEL.noise,
    colorDomain,
    dashTitle: 'excess risk',
    dashDomain: dashDomain.length > 0 ? dashDomain : [MC],
    dashRange: dashDomain.map((d) => (d === EXACT ? [5, 3] : [1, 0])),
    points,
    allDiverged,
    yScale: yLog ? 'log' : 'linear',
  });
  return spec;
}
