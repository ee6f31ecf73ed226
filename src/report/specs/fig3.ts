// Figure 3: samples of the diffusion driven by the learned score at the smallest and the largest
// learning rate, with the s* samples and the training points (left, middle), and the unbiased
// MMD² and the 2-Wasserstein distance of the learned samples to the s* samples and to the fitted
// Gaussian against η, beside the null level (two independent s* sets), mean and 95% interval over
// the data sets (below).
// Pure: summary rows and samples → Vega-Lite spec (Node and browser).
import type { TopLevelSpec } from 'vega-lite';
import type { SummaryRow } from '../../experiments/types.js';
import { metricParts } from '../summary.js';
import { etaChart, type EtaAllDiverged, type EtaPoint } from './etaChart.js';
import { samplePanelsSpec, type SamplePanel } from './samples.js';
import { CONFIG, noDataSpec } from './style.js';

export const FIG3_TITLE = 'Diffusion samples, MMD² and W2 against the learning rate η';
export const MMD_SERIES = {
  toSStar: 'MMD²(s_θ samples, s* samples)',
  toGaussian: 'MMD²(s_θ samples, fitted Gaussian)',
  sStarToGaussian: 'MMD²(s* samples, fitted Gaussian)',
  sStarNull: 'null level: MMD²(s* samples, independent s* samples)',
} as const;

export const W2_SERIES = {
  toSStar: 'W2(s_θ samples, s* samples)',
  toGaussian: 'W2(s_θ samples, fitted Gaussian)',
  sStarNull: 'null level: W2(s* samples, independent s* samples)',
} as const;

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** A distance-vs-η chart (one panel per d): the learned samples to s* and to the fitted Gaussian,
 *  and the null level where the runs measured it; rows whose every run diverged are noted. */
function distanceEtaSpec(rows: readonly SummaryRow[], series: [string, string][], text: { title: string; y: string[] }): TopLevelSpec | null {
  const points: EtaPoint[] = [];
  const allDiverged: EtaAllDiverged[] = [];
  for (const row of rows) {
    if (!row || !finite(row.eta) || row.eta <= 0 || !finite(row.d)) continue;
    const at = { panel: `d = ${row.d}`, panelOrder: row.d, eta: row.eta };
    if ((row.diverged ?? 0) > 0 && row.diverged === row.runs) allDiverged.push({ ...at, color: series[0][1], diverged: row.diverged });
    for (const [key, label] of series) {
      const m = metricParts(row[key]);
      if (m) points.push({ ...at, color: label, dash: text.y[0], runs: row.runs, diverged: row.diverged ?? 0, ...m });
    }
  }
  if (points.length === 0) return null;
  const shown = series.filter(([, label]) => points.some((p) => p.color === label));
  return etaChart({
    title: text.title,
    subtitle: ['small: the two sample sets are alike; the null level is what two samples of one distribution give'],
    yTitle: text.y,
    colorTitle: 'distance',
    colorDomain: shown.map((s) => s[1]),
    dashTitle: null, dashDomain: [text.y[0]], dashRange: [[1, 0]],
    points, allDiverged, yScale: 'linear',
  }).spec;
}

/** The MMD-vs-η chart (one panel per d). */
export function mmdEtaSpec(rows: readonly SummaryRow[]): TopLevelSpec | null {
  return distanceEtaSpec(rows, [['mmdToSStar', MMD_SERIES.toSStar], ['mmdToGaussian', MMD_SERIES.toGaussian], ['mmdSStarNull', MMD_SERIES.sStarNull]],
    { title: 'MMD² (unbiased, Gaussian kernel) against η', y: ['MMD²', 'unbiased estimate'] });
}

/** The W2-vs-η chart (exact optimal assignment; one panel per d). */
export function w2EtaSpec(rows: readonly SummaryRow[]): TopLevelSpec | null {
  return distanceEtaSpec(rows, [['w2ToSStar', W2_SERIES.toSStar], ['w2ToGaussian', W2_SERIES.toGaussian], ['w2SStarNull', W2_SERIES.sStarNull]],
    { title: '2-Wasserstein distance against η', y: ['W2', 'exact assignment'] });
}

const strip = (spec: TopLevelSpec | Record<string, unknown>): Record<string, unknown> => {
  const { $schema: _s, config: _c, ...rest } = spec as Record<string, unknown>;
  return rest;
};

/** Figure 3: the sample panels above, the MMD chart below. */
export function fig3Spec(rows: readonly SummaryRow[], panels: readonly SamplePanel[]): TopLevelSpec {
  const samples = samplePanelsSpec(panels);
  const charts = [mmdEtaSpec(rows), w2EtaSpec(rows)].map((c) => (c ? strip(c) : null));
  const parts = [samples, ...charts].filter((p): p is Record<string, unknown> => p !== null);
  if (parts.length === 0) return noDataSpec(FIG3_TITLE, 'no data: no finished diffusion runs');
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: CONFIG,
    title: { text: FIG3_TITLE, subtitle: ['crosses: training points; grey: samples driven by s*; orange: samples driven by the learned score'] },
    vconcat: parts,
    resolve: { scale: { color: 'independent', strokeDash: 'independent' } },
  } as unknown as TopLevelSpec;
}
