// The chart shared by fig2 and fig5: a metric (mean and 95% interval) against the learning rate
// η on a log axis, one panel per setting, colour and dash per series, an optional reference line
// (fig5's 2/(m η)) and counts of diverged runs. Pure: the web page imports it too.
import type { TopLevelSpec } from 'vega-lite';
import { CONFIG, LABEL, PALETTE, PANEL_HEIGHT, PANEL_WIDTH, decadeBelow, fmt } from './style.js';

/** One plotted point: a summary row's metric at one η. */
export interface EtaPoint {
  panel: string;
  panelOrder: number;
  /** Colour series (fig2: noise level; fig5: parameters and estimator). */
  color: string;
  /** Dash series (fig2: Monte Carlo | exact; fig5: one value). */
  dash: string;
  eta: number;
  mean: number;
  lo: number;
  hi: number;
  /** False when the metric was a plain number (one run): no error bar. */
  interval: boolean;
  runs: number;
  diverged: number;
}

/** A row with no finite metric because every run diverged (drawn as a note at the bottom). */
export interface EtaAllDiverged {
  panel: string;
  panelOrder: number;
  color: string;
  eta: number;
  diverged: number;
}

export interface EtaReference {
  panel: string;
  panelOrder: number;
  eta: number;
  value: number;
}

export interface EtaChartInput {
  title: string;
  subtitle: string[];
  yTitle: string | readonly string[];
  colorTitle: string;
  colorDomain: string[];
  dashTitle: string | null;
  dashDomain: string[];
  dashRange: number[][];
  /** Dash of the reference line and its legend entry (fig5). */
  reference?: { label: string; dash: number[]; points: EtaReference[] };
  points: EtaPoint[];
  allDiverged: EtaAllDiverged[];
  /** 'auto' (default): log when every mean (and reference value) is > 0, else linear. */
  yScale?: 'auto' | 'log' | 'linear';
}

export interface EtaChartResult {
  spec: TopLevelSpec;
  yLog: boolean;
  /** How many interval lower ends were <= 0 and drawn at the log axis floor. */
  clippedLo: number;
}

const DIVERGED_COLOR = '#8B0000';

export function etaChart(input: EtaChartInput): EtaChartResult {
  const { points, reference } = input;
  // Panels are those with a plotted point: a panel of only diverged rows or reference values
  // would have empty layers (vega warns of an empty extent). Its diverged runs are said in the
  // subtitle instead.
  const panels = new Set(points.map((p) => p.panel));
  const refPoints = (reference?.points ?? []).filter((r) => panels.has(r.panel));
  const lostPanels = new Map<string, number>();
  for (const a of input.allDiverged) {
    if (!panels.has(a.panel)) lostPanels.set(a.panel, (lostPanels.get(a.panel) ?? 0) + a.diverged);
  }
  const allDiverged = input.allDiverged.filter((a) => panels.has(a.panel));
  const positive = points.every((p) => p.mean > 0) && refPoints.every((r) => r.value > 0);
  const yLog = input.yScale === 'log' ? positive : input.yScale === 'linear' ? false : positive;

  // On a log axis an interval whose lower end is <= 0 is drawn down to the panel's floor (the
  // decade below its smallest positive value) and said in the subtitle.
  const floor = new Map<string, number>();
  if (yLog) {
    for (const p of points) {
      const m = Math.min(p.mean, p.lo > 0 ? p.lo : p.mean);
      floor.set(p.panel, Math.min(floor.get(p.panel) ?? Infinity, m));
    }
    for (const r of refPoints) floor.set(r.panel, Math.min(floor.get(r.panel) ?? Infinity, r.value));
    for (const [k, v] of floor) floor.set(k, decadeBelow(v));
  }
  let clippedLo = 0;
  const values: Record<string, unknown>[] = [];
  for (const p of points) {
    let lo = p.lo;
    if (yLog && lo <= 0) { lo = floor.get(p.panel)!; clippedLo++; }
    const hi = p.interval ? p.hi : p.mean;
    if (!p.interval) lo = p.mean;
    values.push({
      kind: 'point', panel: p.panel, panelOrder: p.panelOrder, color: p.color, dash: p.dash, eta: p.eta,
      mean: p.mean, lo, hi, loTrue: p.lo, interval: p.interval, runs: p.runs, diverged: p.diverged,
      divergedText: p.diverged > 0 ? `${p.diverged} div.` : '',
      // Error-bar caps, ±7% in η on the log axis; zero width (invisible) without an interval.
      capL: p.interval ? p.eta / 1.07 : p.eta, capR: p.interval ? p.eta * 1.07 : p.eta,
    });
  }
  for (const r of refPoints) values.push({ kind: 'reference', panel: r.panel, panelOrder: r.panelOrder, eta: r.eta, value: r.value, refSeries: reference!.label });
  const stack = new Map<string, number>();
  for (const a of allDiverged) {
    // Several series with every run diverged at one η: stack the notes upwards.
    const k = `${a.panel}|${a.eta}`;
    const level = stack.get(k) ?? 0;
    stack.set(k, level + 1);
    values.push({ kind: 'allDiverged', panel: a.panel, panelOrder: a.panelOrder, color: a.color, eta: a.eta, level, divergedText: `all ${a.diverged} diverged` });
  }

  const etas = [...new Set([...points.map((p) => p.eta), ...refPoints.map((r) => r.eta), ...allDiverged.map((a) => a.eta)])].sort((a, b) => a - b);
  const etaMin = etas[0]!, etaMax = etas[etas.length - 1]!;
  const x = {
    field: 'eta', type: 'quantitative' as const, title: LABEL.eta,
    scale: { type: 'log' as const, domain: [etaMin / 1.6, etaMax * 1.6], nice: false },
    axis: { values: etas, format: '~g', grid: true },
  };
  // Padding keeps points and error-bar caps off the frame (marks sticking out of the panel push
  // the facet's axes away from it).
  const yScale = yLog ? { type: 'log' as const, nice: true, padding: 8 } : { type: 'linear' as const, zero: false, nice: true, padding: 8 };
  // Log axis: vega ticks every 1..9 × 10^k; keep the decades' grid lines and ticks strong and
  // the others faint (labels are already on decades only).
  const decade = 'abs(log(datum.value) / LN10 - round(log(datum.value) / LN10)) < 1e-6';
  const yAxis = yLog
    ? { labelExpr: `${decade} ? format(datum.value, '~g') : ''`, gridOpacity: { condition: { test: decade, value: 1 }, value: 0.35 }, tickSize: { condition: { test: decade, value: 5 }, value: 2 } }
    : { format: '~g' };
  const y = { field: 'mean', type: 'quantitative' as const, title: [...(typeof input.yTitle === 'string' ? [input.yTitle] : input.yTitle)], scale: yScale, axis: yAxis };
  const color = { field: 'color', type: 'nominal' as const, title: input.colorTitle, scale: { domain: input.colorDomain, range: PALETTE } };
  // One dash scale for the series and the reference line; a lone series dash is left out of
  // the legend (fig5: the legend then shows only the reference line).
  const dashDomain = reference ? [...input.dashDomain, reference.label] : input.dashDomain;
  const dashRange = reference ? [...input.dashRange, reference.dash] : input.dashRange;
  const strokeDash = {
    field: 'dash', type: 'nominal' as const, title: input.dashTitle, scale: { domain: dashDomain, range: dashRange },
    // Long enough symbols to show the dash pattern.
    legend: !reference && input.dashDomain.length === 1 ? null
      : { symbolSize: 500, ...(reference && input.dashDomain.length === 1 ? { values: [reference.label] } : {}) },
  };
  const filter = (expr: string) => ({ filter: expr });
  const tooltip = [
    { field: 'panel', type: 'nominal' as const, title: 'panel' },
    { field: 'color', type: 'nominal' as const, title: input.colorTitle },
    { field: 'dash', type: 'nominal' as const, title: 'series' },
    { field: 'eta', type: 'quantitative' as const, title: 'η', format: '~g' },
    { field: 'mean', type: 'quantitative' as const, title: 'mean', format: '.4~g' },
    { field: 'loTrue', type: 'quantitative' as const, title: '95% lo', format: '.4~g' },
    { field: 'hi', type: 'quantitative' as const, title: '95% hi', format: '.4~g' },
    { field: 'runs', type: 'quantitative' as const, title: 'runs' },
    { field: 'diverged', type: 'quantitative' as const, title: 'diverged' },
  ];

  const layer: Record<string, unknown>[] = [];
  if (reference && refPoints.length > 0) {
    layer.push({
      transform: [filter("datum.kind === 'reference'")],
      mark: { type: 'line', color: 'black', strokeWidth: 1.5 },
      encoding: { x, y: { ...y, field: 'value' }, strokeDash: { ...strokeDash, field: 'refSeries' } },
    });
  }
  layer.push(
    {
      transform: [filter("datum.kind === 'point'")],
      mark: { type: 'rule', strokeWidth: 1.5 },
      encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' }, color },
    },
    ...(['hi', 'lo'] as const).map((end) => ({
      transform: [filter("datum.kind === 'point'")],
      mark: { type: 'rule', strokeWidth: 1.5 },
      encoding: { x: { ...x, field: 'capL' }, x2: { field: 'capR' }, y: { ...y, field: end }, color },
    })),
    {
      transform: [filter("datum.kind === 'point'")],
      mark: { type: 'line', strokeWidth: 2 },
      encoding: { x, y, color, strokeDash, detail: [{ field: 'color', type: 'nominal' }, { field: 'dash', type: 'nominal' }] },
    },
    {
      transform: [filter("datum.kind === 'point'")],
      mark: { type: 'point', filled: true, size: 45, opacity: 1 },
      encoding: { x, y, color, tooltip },
    },
    {
      // Every point (an empty text where nothing diverged): a layer empty in some panel would
      // give vega an empty extent.
      transform: [filter("datum.kind === 'point'")],
      mark: { type: 'text', dy: -8, fontSize: 11, color: DIVERGED_COLOR },
      encoding: { x, y: { ...y, field: 'hi' }, text: { field: 'divergedText', type: 'nominal' } },
    },
  );
  if (allDiverged.length > 0) {
    layer.push({
      transform: [filter("datum.kind === 'allDiverged'"), { calculate: `${PANEL_HEIGHT - 4} - 14 * datum.level`, as: 'yPixel' }],
      mark: { type: 'text', fontSize: 11, baseline: 'bottom' },
      // Pixel position (no y scale: these rows have no value); coloured by series.
      encoding: { x, y: { field: 'yPixel', type: 'quantitative', scale: null }, text: { field: 'divergedText', type: 'nominal' }, color },
    });
  }

  const subtitle = [...input.subtitle];
  for (const [panel, n] of lostPanels) subtitle.push(`${panel}: nothing to plot, ${n} runs diverged`);
  if (clippedLo > 0) subtitle.push(`${clippedLo} interval lower end(s) ≤ 0 drawn at the axis floor (log scale)`);
  if (values.some((v) => typeof v.divergedText === 'string' && v.divergedText !== '')) subtitle.push('“k div.”: runs that diverged, left out of the mean');

  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: CONFIG,
    title: { text: input.title, subtitle },
    data: { values },
    facet: { column: { field: 'panel', type: 'nominal', title: null, sort: { field: 'panelOrder', op: 'min' } } },
    spec: { width: PANEL_WIDTH, height: PANEL_HEIGHT, layer },
    resolve: { scale: { y: 'independent' } },
  } as unknown as TopLevelSpec;
  return { spec, yLog, clippedLo };
}

/** `d = 10`, or a row's own `panel` string when the experiment gives one (placed last). */
export function panelOf(row: { d: number; panel?: unknown }): { panel: string; panelOrder: number } {
  // Named panels (e.g. the diffusion setting in fig5) come after the plain `d = ..` ones.
  if (typeof row.panel === 'string' && row.panel !== '') return { panel: row.panel, panelOrder: 1e6 + row.d };
  return { panel: `d = ${fmt(row.d)}`, panelOrder: row.d };
}
