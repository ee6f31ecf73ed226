// Charts of the web lab (web/): the live 1-D score with its kinks, and the training traces
// (loss, exact excess risk, exact sharpness against 2/(m η)). Pure: data → Vega-Lite spec, in
// the report's style, so a figure exported from the page looks like the CLI's.
import type { TopLevelSpec } from 'vega-lite';
import { CONFIG, LABEL, PALETTE, PANEL_HEIGHT, PANEL_WIDTH, fmt, noDataSpec } from './style.js';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export interface LiveScoreInput {
  /** Evaluation points y (ascending). */
  grid: readonly number[];
  sTheta: readonly number[];
  sStar: readonly number[];
  /** Training points x_i (drawn as ticks at mu·x_i, where s* ≈ 0). */
  data: readonly number[];
  /** Kinks tau_l = −b_l / w1_l of the neurons (SPEC §1); those outside the grid are left out. */
  kinks: readonly number[];
  mu: number;
  sigma: number;
  /** Subtitle, e.g. `epoch 1200, η = 0.5`. */
  note?: string;
}

export const LIVE_SCORE_TITLE = 'Learned score s_θ and empirical optimal score s*';

/** One panel: s_θ (blue), s* (black), training points as ticks along the bottom, kinks as short
 *  ticks along the top. Non-finite values are skipped; nothing finite gives the no-data figure. */
export function liveScoreSpec(input: LiveScoreInput): TopLevelSpec {
  const values: Record<string, number | string>[] = [];
  const { grid, sTheta, sStar } = input;
  for (let k = 0; k < grid.length; k++) {
    if (!finite(grid[k])) continue;
    if (finite(sTheta[k])) values.push({ kind: 'curve', series: LABEL.sTheta, y: grid[k]!, s: sTheta[k]!, order: k });
    if (finite(sStar[k])) values.push({ kind: 'curve', series: LABEL.sStar, y: grid[k]!, s: sStar[k]!, order: k });
  }
  if (values.length === 0) return noDataSpec(LIVE_SCORE_TITLE, 'no data: no finite score values');
  const lo = grid[0]!, hi = grid[grid.length - 1]!;
  for (const x of input.data) if (finite(x)) values.push({ kind: 'point', y: input.mu * x });
  for (const t of input.kinks) if (finite(t) && t >= lo && t <= hi) values.push({ kind: 'kink', y: t });
  values.push({ kind: 'zero', s: 0 });
  const kind = (k: string) => ({ filter: `datum.kind === '${k}'` });
  const x = { field: 'y', type: 'quantitative' as const, title: LABEL.y, scale: { domain: [lo, hi], nice: false, zero: false } };
  const series = [LABEL.sTheta, LABEL.sStar];
  return {
    $schema: SCHEMA,
    config: CONFIG,
    title: {
      text: LIVE_SCORE_TITLE,
      subtitle: [`μ = ${fmt(input.mu)}, σ = ${fmt(input.sigma)}; ticks: training points μ·x_i (bottom), kinks −b_l/w1_l (top)`,
        ...(input.note ? [input.note] : [])],
    },
    width: PANEL_WIDTH * 1.5,
    height: PANEL_HEIGHT,
    data: { values },
    layer: [
      { transform: [kind('zero')], mark: { type: 'rule', color: '#999999', strokeWidth: 1 }, encoding: { y: { field: 's', type: 'quantitative' } } },
      {
        transform: [kind('curve')],
        mark: { type: 'line', clip: true },
        encoding: {
          x,
          y: { field: 's', type: 'quantitative', title: `score  ${LABEL.sTheta}(y), ${LABEL.sStar}(y)` },
          color: { field: 'series', type: 'nominal', title: null, scale: { domain: series, range: [PALETTE[0]!, 'black'] } },
          order: { field: 'order', type: 'quantitative' },
        },
      },
      {
        transform: [kind('point')],
        mark: { type: 'rule', color: '#333333', strokeWidth: 1.5 },
        encoding: { x: { field: 'y', type: 'quantitative' }, y: { value: PANEL_HEIGHT - 10 }, y2: { value: PANEL_HEIGHT } },
      },
      {
        transform: [kind('kink')],
        mark: { type: 'rule', color: PALETTE[1]!, strokeWidth: 1, opacity: 0.6 },
        encoding: { x: { field: 'y', type: 'quantitative' }, y: { value: 0 }, y2: { value: 8 } },
      },
    ],
  } as unknown as TopLevelSpec;
}

export interface TraceInput {
  epoch: readonly number[];
  loss: readonly number[];
  /** Exact excess risk R_n(θ) − R_n(s*) per checkpoint (1-D); absent in d-D. */
  excessRiskExact?: readonly number[];
  title?: string;
}

/** Loss (linear axis) and, when given, exact excess risk (log axis when all its values are > 0)
 *  against epochs, side by side. Non-finite entries are skipped. */
export function trainingTraceSpec(input: TraceInput): TopLevelSpec {
  const title = input.title ?? 'Training: loss and exact excess risk';
  const panel = (values: { epoch: number; v: number }[], yTitle: string | readonly string[], color: string, logIfPositive: boolean) => {
    const log = logIfPositive && values.every((r) => r.v > 0);
    return {
      width: PANEL_WIDTH,
      height: PANEL_HEIGHT * 0.8,
      data: { values },
      mark: { type: 'line', color, strokeWidth: 2, point: values.length < 3 },
      encoding: {
        x: { field: 'epoch', type: 'quantitative', title: 'epoch (SGD step)', axis: { format: '~s' } },
        y: { field: 'v', type: 'quantitative', title: [...(typeof yTitle === 'string' ? [yTitle] : yTitle)], scale: log ? { type: 'log' } : { zero: false }, axis: { format: '~g' } },
      },
    };
  };
  const rows = (ys: readonly number[] | undefined) => {
    const out: { epoch: number; v: number }[] = [];
    if (!ys) return out;
    for (let k = 0; k < input.epoch.length; k++) if (finite(input.epoch[k]) && finite(ys[k])) out.push({ epoch: input.epoch[k]!, v: ys[k]! });
    return out;
  };
  const loss = rows(input.loss), excess = rows(input.excessRiskExact);
  const panels = [];
  if (loss.length > 0) panels.push(panel(loss, 'mean batch loss', PALETTE[0]!, false));
  if (excess.length > 0) panels.push(panel(excess, LABEL.excessRisk, PALETTE[1]!, true));
  if (panels.length === 0) return noDataSpec(title, 'no data yet: press Train');
  return { $schema: SCHEMA, config: CONFIG, title: { text: title }, hconcat: panels } as unknown as TopLevelSpec;
}

export interface SharpnessTraceInput {
  epoch: readonly number[];
  sharpness: readonly number[];
  /** 2/(m η), the stability bound (the paper's (8)). */
  bound: number;
  /** 'theory' (w2, b) or 'all' (w1, b, w2). */
  params: string;
}

export const SHARPNESS_TRACE_TITLE = 'Edge of stability: exact sharpness over training';

/** Sharpness λ_max of the exact Hessian against epochs, with the 2/(m η) line (log axis when
 *  everything is > 0; the signed sharpness can be negative). */
export function sharpnessTraceSpec(input: SharpnessTraceInput): TopLevelSpec {
  const values: Record<string, number | string>[] = [];
  for (let k = 0; k < input.epoch.length; k++) {
    if (finite(input.epoch[k]) && finite(input.sharpness[k])) values.push({ kind: 'sharpness', epoch: input.epoch[k]!, v: input.sharpness[k]! });
  }
  if (values.length === 0 || !finite(input.bound)) return noDataSpec(SHARPNESS_TRACE_TITLE, 'no data yet: press Train');
  values.push({ kind: 'bound', v: input.bound, series: LABEL.stability });
  // Log axis when every value is > 0 (the sharpness falls by decades from its initial value).
  const log = values.every((r) => (r.v as number) > 0);
  const y = { field: 'v', type: 'quantitative' as const, title: [...LABEL.sharpness], scale: log ? { type: 'log' as const } : { zero: false }, axis: { format: '~g' } };
  return {
    $schema: SCHEMA,
    config: CONFIG,
    title: { text: SHARPNESS_TRACE_TITLE, subtitle: [`parameters: ${input.params}; line: 2/(m η) = ${fmt(input.bound)}`] },
    width: PANEL_WIDTH * 1.5,
    height: PANEL_HEIGHT * 0.8,
    data: { values },
    layer: [
      {
        transform: [{ filter: "datum.kind === 'bound'" }],
        mark: { type: 'rule', color: 'black', strokeDash: [6, 4], strokeWidth: 1.5 },
        encoding: { y, stroke: { field: 'series', type: 'nominal', title: null, scale: { domain: [LABEL.stability], range: ['black'] } } },
      },
      {
        transform: [{ filter: "datum.kind === 'sharpness'" }],
        mark: { type: 'line', color: PALETTE[2]!, strokeWidth: 2, point: true },
        encoding: { x: { field: 'epoch', type: 'quantitative', title: 'epoch (SGD step)', axis: { format: '~s' } }, y },
      },
    ],
  } as unknown as TopLevelSpec;
}
