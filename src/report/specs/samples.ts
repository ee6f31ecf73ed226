// Generated samples in the plane (figures 3 and 4, left and middle): one panel per run, the
// learned-score samples and the s* samples as small dots, the training points as large crosses
// (first two coordinates: figure 4 projects on the first two axes). Pure: the web page uses it.
import type { TopLevelSpec } from 'vega-lite';
import { CONFIG, PALETTE, fmt, noDataSpec } from './style.js';

export interface SamplePanel {
  /** Panel title, e.g. `η = 0.05` or `d = 400`. */
  label: string;
  order: number;
  /** Rows of at least two numbers; only the first two are drawn. */
  learned: number[][];
  sStar?: number[][];
  gaussian?: number[][];
  data: number[][];
}

export const SAMPLE_SERIES = { learned: 'learned score s_θ', sStar: 'empirical optimal score s*', gaussian: 'fitted Gaussian', data: 'training points' } as const;

const finitePair = (r: unknown): r is number[] => Array.isArray(r) && r.length >= 2 && Number.isFinite(r[0]) && Number.isFinite(r[1]);

/** Values and layers of the sample panels (a facet by `panel`), for composing into a figure. */
export function samplePanelsSpec(panels: readonly SamplePanel[], size = 260): Record<string, unknown> | null {
  const values: Record<string, unknown>[] = [];
  for (const p of panels) {
    const push = (rows: number[][] | undefined, series: string) => {
      for (const r of rows ?? []) if (finitePair(r)) values.push({ panel: p.label, order: p.order, series, a: r[0], b: r[1] });
    };
    push(p.sStar, SAMPLE_SERIES.sStar);
    push(p.gaussian, SAMPLE_SERIES.gaussian);
    push(p.learned, SAMPLE_SERIES.learned);
    push(p.data, SAMPLE_SERIES.data);
  }
  if (values.length === 0) return null;
  // Only the series present (a legend entry for nothing drawn would mislead).
  const all: [string, string][] = [[SAMPLE_SERIES.learned, PALETTE[1]], [SAMPLE_SERIES.sStar, '#9a9a9a'], [SAMPLE_SERIES.gaussian, PALETTE[2]], [SAMPLE_SERIES.data, PALETTE[0]]];
  const present = all.filter(([name]) => values.some((v) => v.series === name));
  const color = { field: 'series', type: 'nominal', title: null, scale: { domain: present.map((p) => p[0]), range: present.map((p) => p[1]) } };
  const x = { field: 'a', type: 'quantitative', title: 'coordinate 1', scale: { zero: false, nice: true } };
  const y = { field: 'b', type: 'quantitative', title: 'coordinate 2', scale: { zero: false, nice: true } };
  const isData = `datum.series === '${SAMPLE_SERIES.data}'`;
  return {
    data: { values },
    facet: { column: { field: 'panel', type: 'nominal', title: null, sort: { field: 'order', op: 'min' } } },
    spec: {
      width: size, height: size,
      layer: [
        { transform: [{ filter: `!(${isData})` }], mark: { type: 'circle', size: 9, opacity: 0.45 }, encoding: { x, y, color } },
        { transform: [{ filter: isData }], mark: { type: 'point', shape: 'cross', size: 140, filled: true, opacity: 1 }, encoding: { x, y, color } },
      ],
    },
    resolve: { scale: { x: 'independent', y: 'independent' } },
  };
}

/** A stand-alone figure of sample panels. */
export function samplesSpec(title: string, panels: readonly SamplePanel[]): TopLevelSpec {
  const body = samplePanelsSpec(panels);
  if (!body) return noDataSpec(title, 'no data: no generated samples');
  return { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', config: CONFIG, title: { text: title }, ...body } as unknown as TopLevelSpec;
}

export const etaPanelLabel = (eta: number): string => `η = ${fmt(eta)}`;
