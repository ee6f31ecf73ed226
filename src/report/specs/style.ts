// Common look of the report's figures: fonts, sizes, the paper's vocabulary for axis titles,
// a palette, and the "no data" figure. Pure (no Node imports): the web page imports it too.
import type { Config, TopLevelSpec } from 'vega-lite';

/** Font stack: resvg maps `sans-serif` to DejaVu Sans (render.ts); browsers use their own. */
export const FONT = 'DejaVu Sans, Helvetica, Arial, sans-serif';
export const PANEL_WIDTH = 300;
export const PANEL_HEIGHT = 220;

/** Axis and legend titles in the paper's notation. */
export const LABEL = {
  eta: 'learning rate η',
  etaLegend: 'learning rate η',
  y: 'y',
  score: 'score',
  sTheta: 's_θ',
  sStar: 's*',
  // Two-line titles: vega measures text by an estimate that runs long, and a title longer than
  // the panel pushes the facet headers and footers away.
  excessRisk: ['excess risk', 'R_n(θ) − R_n(s*)'],
  sharpness: ['sharpness', 'λ_max(∇²R_n(θ))'],
  stability: '2/(m η)  stability bound',
  noise: 'noise level',
} as const;

/** Colour-blind-safe categorical palette (Okabe–Ito, without yellow and black). */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#56B4E9', '#E69F00'];

export const CONFIG: Config = {
  background: 'white',
  font: FONT,
  padding: 8,
  view: { stroke: '#bbbbbb', continuousWidth: PANEL_WIDTH, continuousHeight: PANEL_HEIGHT },
  title: { fontSize: 15, subtitleFontSize: 12, subtitleColor: '#444444', anchor: 'start', offset: 10 },
  axis: { labelFontSize: 12, titleFontSize: 13, titleFontWeight: 'normal', grid: true, gridColor: '#e6e6e6', tickColor: '#888888', domainColor: '#888888' },
  // End labels inside the plot's height, so they do not push facet headers and footers away.
  axisY: { labelFlush: true },
  legend: { labelFontSize: 12, titleFontSize: 12, titleFontWeight: 'bold', symbolStrokeWidth: 2, labelLimit: 400 },
  header: { labelFontSize: 13, titleFontSize: 13 },
  concat: { spacing: 24 },
  line: { strokeWidth: 2 },
  point: { size: 45, filled: true },
};

/** Shortest decimal form of a number for labels ("0.5", "0.05", "1e-3" stays "0.001"). */
export function fmt(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e-3 && a < 1e5) return String(Number(x.toPrecision(digits)));
  return x.toExponential(digits - 1).replace(/\.?0+e/, 'e');
}

/** Label of a noise level, e.g. `t = 0.2 (μ = 0.82, σ = 0.57)`; without t: `μ = .., σ = ..`. */
export function noiseLabel(t: number | undefined, mu: number, sigma: number): string {
  const ms = `μ = ${fmt(mu, 2)}, σ = ${fmt(sigma, 2)}`;
  return t === undefined || !Number.isFinite(t) ? ms : `t = ${fmt(t)} (${ms})`;
}

/** A figure that says there is nothing to plot (empty input, all runs diverged, ...). */
export function noDataSpec(title: string, reason = 'no data'): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: CONFIG,
    title: { text: title },
    width: PANEL_WIDTH,
    height: 80,
    data: { values: [{ text: reason }] },
    mark: { type: 'text', fontSize: 16, color: '#666666' },
    encoding: { text: { field: 'text', type: 'nominal' } },
  };
}

/** The decade at or below `x` > 0 (for log axes). */
export function decadeBelow(x: number): number {
  return 10 ** Math.floor(Math.log10(x));
}

/** The decade at or above `x` > 0. */
export function decadeAbove(x: number): number {
  return 10 ** Math.ceil(Math.log10(x));
}
