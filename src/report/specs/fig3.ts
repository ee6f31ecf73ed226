// Figure 3: samples of the diffusion driven by the learned score at the smallest and the largest
// learning rate, with the s* samples and the training points (left, middle), and the unbiased
// MMD² of the learned samples to the s* samples and to the fitted Gaussian against η (right).
// Pure: summary rows and samples → Vega-Lite spec (Node and browser).
import type { TopLevelSpec } from 'vega-lite';
import type { SummaryRow } from '../../experiments/types.js';
import { metricParts } from '../summary.js';
import { etaChart, type EtaPoint } from './etaChart.js';
import { samplePanelsSpec, type SamplePanel } from './samples.js';
import { CONFIG, noDataSpec } from './style.js';

export const FIG3_TITLE = 'Diffusion samples and MMD² against the learning rate η';
export const MMD_SERIES = {
  toSStar: 'MMD²(s_θ samples, s* samples)',
  toGaussian: 'MMD²(s_θ samples, fitted Gaussian)',
  sStarToGaussian: 'MMD²(s* samples, fitted Gaussian)',
} as const;

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** The MMD-vs-η chart (one panel per d). */
export function mmdEtaSpec(rows: readonly SummaryRow[]): TopLevelSpec | null {
  const points: EtaPoint[] = [];
  const series: [string, string][] = [['mmdToSStar', MMD_SERIES.toSStar], ['mmdToGaussian', MMD_SERIES.toGaussian]];
  for (const row of rows) {
    if (!row || !finite(row.eta) || row.eta <= 0 || !finite(row.d)) continue;
    for (const [key, label] of series) {
      const m = metricParts(row[key]);
      if (m) points.push({ panel: `d = ${row.d}`, panelOrder: row.d, color: label, dash: 'MMD²', eta: row.eta, runs: row.runs, diverged: row.diverged ?? 0, ...m });
    }
  }
  if (points.length === 0) return null;
  return etaChart({
    title: 'MMD² (unbiased, Gaussian kernel) against η',
    subtitle: ['small: the two sample sets are alike'],
    yTitle: ['MMD²', 'unbiased estimate'],
    colorTitle: 'distance',
    colorDomain: series.map((s) => s[1]),
    dashTitle: null, dashDomain: ['MMD²'], dashRange: [[1, 0]],
    points, allDiverged: [], yScale: 'linear',
  }).spec;
}

const strip = (spec: TopLevelSpec | Record<string, unknown>): Record<string, unknown> => {
  const { $schema: _s, config: _c, ...rest } = spec as Record<string, unknown>;
  return rest;
};

/** Figure 3: the sample panels above, the MMD chart below. */
export function fig3Spec(rows: readonly SummaryRow[], panels: readonly SamplePanel[]): TopLevelSpec {
  const samples = samplePanelsSpec(panels);
  const chart = mmdEtaSpec(rows);
  const parts = [samples, chart ? strip(chart) : null].filter((p): p is Record<string, unknown> => p !== null);
  if (parts.length === 0) return noDataSpec(FIG3_TITLE, 'no data: no finished diffusion runs');
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: CONFIG,
    title: { text: FIG3_TITLE, subtitle: ['crosses: training points; grey: samples driven by s*; orange: samples driven by the learned score'] },
    vconcat: parts,
    resolve: { scale: { color: 'independent', strokeDash: 'independent' } },
  } as unknown as TopLevelSpec;
}
