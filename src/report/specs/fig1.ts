// Figure 1: the learned score s_θ for each learning rate η against the empirical optimal score
// s*, one panel per noise level. Pure: data → Vega-Lite spec (Node and browser).
import type { TopLevelSpec } from 'vega-lite';
import type { Curve1d } from '../../experiments/types.js';
import { CONFIG, LABEL, PALETTE, PANEL_HEIGHT, PANEL_WIDTH, fmt, noDataSpec, noiseLabel } from './style.js';

export interface Fig1Curve {
  t: number;
  mu: number;
  sigma: number;
  eta: number;
  curve: Curve1d;
}

export const FIG1_TITLE = 'Learned score s_θ and empirical optimal score s*';
const S_STAR_SERIES = 's* (empirical optimal)';

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** One panel per noise level (t descending, i.e. larger σ first, as in the paper), η by colour,
 *  s* in black, and the training points as ticks along the bottom at μ·x_i (where s* ≈ 0: the
 *  centres the noisy Y concentrate around; `Curve1d.data` holds the raw x_i). Each panel has
 *  its own axes (s* is steeper at small σ). Non-finite values are skipped, never plotted. */
export function fig1Spec(curves: readonly Fig1Curve[]): TopLevelSpec {
  const usable = curves.filter((c) => c?.curve && Array.isArray(c.curve.grid) && c.curve.grid.length > 0
    && finite(c.eta) && finite(c.mu) && finite(c.sigma));
  if (usable.length === 0) return noDataSpec(FIG1_TITLE, 'no data: no fig1 curves');

  // Panels by noise level (t, or σ when t is absent), larger first.
  const panels = new Map<number, Fig1Curve[]>();
  for (const c of usable) {
    const key = finite(c.t) ? c.t : c.sigma;
    const g = panels.get(key);
    if (g) g.push(c); else panels.set(key, [c]);
  }
  const etas = [...new Set(usable.map((c) => c.eta))].sort((a, b) => b - a);
  const etaDomain = etas.map((e) => fmt(e));

  const values: Record<string, number | string>[] = [];
  for (const [key, group] of panels) {
    const first = group[0]!;
    const panel = noiseLabel(finite(first.t) ? first.t : undefined, first.mu, first.sigma);
    const base = { panel, panelOrder: -key };
    for (const c of group) {
      const { grid, sTheta } = c.curve;
      for (let k = 0; k < grid.length; k++) {
        if (finite(grid[k]) && finite(sTheta?.[k])) values.push({ ...base, kind: 'theta', y: grid[k]!, s: sTheta[k]!, eta: fmt(c.eta), order: k });
      }
    }
    // s* from the panel's first curve (the data are shared across η at a noise level).
    const { grid, sStar, data } = first.curve;
    for (let k = 0; k < grid.length; k++) {
      if (finite(grid[k]) && finite(sStar?.[k])) values.push({ ...base, kind: 'star', y: grid[k]!, s: sStar[k]!, series: S_STAR_SERIES, order: k });
    }
    for (const x of data ?? []) if (finite(x)) values.push({ ...base, kind: 'point', y: first.mu * x });
    values.push({ ...base, kind: 'zero', s: 0 });
  }
  if (!values.some((v) => v.kind === 'theta' || v.kind === 'star')) return noDataSpec(FIG1_TITLE, 'no data: curves hold no finite values');

  const kind = (k: string) => ({ filter: `datum.kind === '${k}'` });
  const x = { field: 'y', type: 'quantitative' as const, title: LABEL.y, scale: { nice: false, zero: false } };
  const order = { field: 'order', type: 'quantitative' as const };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: CONFIG,
    title: { text: FIG1_TITLE, subtitle: 'ticks along the bottom: training points μ·x_i' },
    data: { values },
    facet: { column: { field: 'panel', type: 'nominal', title: null, sort: { field: 'panelOrder', op: 'min' }, header: { labelFontSize: 13 } } },
    spec: {
      width: PANEL_WIDTH,
      height: PANEL_HEIGHT,
      layer: [
        { transform: [kind('zero')], mark: { type: 'rule', color: '#999999', strokeWidth: 1 }, encoding: { y: { field: 's', type: 'quantitative' } } },
        {
          transform: [kind('theta')],
          mark: { type: 'line', strokeWidth: 2, clip: true },
          encoding: {
            x,
            y: { field: 's', type: 'quantitative', title: `score  ${LABEL.sTheta}(y), ${LABEL.sStar}(y)` },
            color: { field: 'eta', type: 'nominal', title: LABEL.etaLegend, scale: { domain: etaDomain, range: PALETTE }, sort: etaDomain },
            order,
          },
        },
        {
          transform: [kind('star')],
          mark: { type: 'line', strokeWidth: 1.5, clip: true },
          encoding: {
            x,
            y: { field: 's', type: 'quantitative' },
            stroke: { field: 'series', type: 'nominal', title: null, scale: { domain: [S_STAR_SERIES], range: ['black'] } },
            order,
          },
        },
        {
          transform: [kind('point')],
          mark: { type: 'rule', color: '#333333', strokeWidth: 1.5 },
          encoding: { x: { field: 'y', type: 'quantitative' }, y: { value: PANEL_HEIGHT - 10 }, y2: { value: PANEL_HEIGHT } },
        },
      ],
    },
    resolve: { scale: { x: 'independent', y: 'independent' } },
  };
}
