// Figure 4: samples of the learned score at the smallest and largest dimension (first two
// coordinates; above) and both MMD² distances divided by MMD²(s* samples, fitted Gaussian)
// against the dimension d, and the 2-Wasserstein distances beside their null level (below; mean
// and 95% interval over simulations). Rows whose kernel underflowed (mmdValid < 1) are marked. Pure (Node and browser).
import type { TopLevelSpec } from 'vega-lite';
import type { SummaryRow } from '../../experiments/types.js';
import { metricParts } from '../summary.js';
import { MMD_SERIES, W2_SERIES } from './fig3.js';
import { samplePanelsSpec, type SamplePanel } from './samples.js';
import { CONFIG, PALETTE, PANEL_HEIGHT, PANEL_WIDTH, noDataSpec } from './style.js';

export const FIG4_TITLE = 'Memorization against the dimension d (η fixed)';

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Metrics against d on a log axis (mean and 95% interval over simulations). */
function dimensionChart(rows: readonly SummaryRow[], series: [string, string][], text: { title: string; y: string; color: string; underflow: boolean }):
  Record<string, unknown> | null {
  const values: Record<string, unknown>[] = [];
  for (const row of rows) {
    if (!row || !finite(row.d) || row.d <= 0) continue;
    const valid = typeof row.mmdValid === 'number' ? row.mmdValid : metricParts(row.mmdValid)?.mean ?? 1;
    for (const [key, label] of series) {
      const m = metricParts(row[key]);
      if (m) values.push({ d: row.d, series: label, ...m, invalid: text.underflow && valid < 1 ? 'kernel underflow' : '' });
    }
  }
  if (values.length === 0) return null;
  const ds = [...new Set(values.map((v) => v.d as number))].sort((a, b) => a - b);
  const x = { field: 'd', type: 'quantitative', title: 'dimension d', scale: { type: 'log', domain: [ds[0] / 1.4, ds[ds.length - 1] * 1.4], nice: false }, axis: { values: ds, format: '~g' } };
  const y = { field: 'mean', type: 'quantitative', title: [text.y], scale: { zero: false, nice: true, padding: 8 } };
  const domain = series.map((s) => s[1]).filter((label) => values.some((v) => v.series === label));
  const color = { field: 'series', type: 'nominal', title: text.color, scale: { domain, range: PALETTE } };
  return {
    width: PANEL_WIDTH * 1.6, height: PANEL_HEIGHT,
    title: text.title,
    data: { values },
    layer: [
      { mark: { type: 'rule', strokeWidth: 1.5 }, encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' }, color } },
      { mark: { type: 'line', strokeWidth: 2 }, encoding: { x, y, color } },
      { mark: { type: 'point', filled: true, size: 45 }, encoding: { x, y, color } },
      { mark: { type: 'text', dy: -10, fontSize: 10, color: '#8B0000' }, encoding: { x, y: { ...y, field: 'hi' }, text: { field: 'invalid' } } },
    ],
  };
}

export function fig4Spec(rows: readonly SummaryRow[], panels: readonly SamplePanel[]): TopLevelSpec {
  const mmdChart = dimensionChart(rows, [['mmdToSStarNormalized', MMD_SERIES.toSStar], ['mmdToGaussianNormalized', MMD_SERIES.toGaussian]],
    { title: 'MMD² divided by MMD²(s* samples, fitted Gaussian)', y: 'MMD² / MMD²(s*, Gaussian)', color: 'distance (normalised)', underflow: true });
  const w2Chart = dimensionChart(rows, [['w2ToSStar', W2_SERIES.toSStar], ['w2ToGaussian', W2_SERIES.toGaussian], ['w2SStarNull', W2_SERIES.sStarNull]],
    { title: '2-Wasserstein distance (exact assignment) and its null level', y: 'W2', color: 'distance', underflow: false });
  const parts = [samplePanelsSpec(panels), mmdChart, w2Chart].filter((p): p is Record<string, unknown> => p !== null);
  if (parts.length === 0) return noDataSpec(FIG4_TITLE, 'no data: no finished diffusion runs');
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: CONFIG,
    title: { text: FIG4_TITLE, subtitle: ['samples: first two coordinates; crosses: training points'] },
    vconcat: parts,
    resolve: { scale: { color: 'independent' } },
  } as unknown as TopLevelSpec;
}
