// Generated 2-D samples against the training points (SPEC §2 fig3), one panel per score (the
// learned s_θ, the empirical optimal s*), with a line from every sample to its nearest training
// point — drawn strong when the sample is memorized (nearest/second-nearest < 1/3). Pure: the web
// lab and the CLI can both use it.
import type { TopLevelSpec } from 'vega-lite';
import { CONFIG, PALETTE, PANEL_HEIGHT, fmt, noDataSpec } from './style.js';

export interface SamplePanel {
  /** e.g. `learned score s_θ`. */
  label: string;
  samples: readonly (readonly number[])[];
  /** Index of each sample's nearest training point. */
  nearest: readonly number[];
  memorized: readonly boolean[];
  /** Lines under the panel title, e.g. `memorized 12%, MMD² to s* 0.003`. */
  note: string;
}

export interface Samples2dInput {
  /** Training points (rows of 2). */
  x: readonly (readonly number[])[];
  panels: readonly SamplePanel[];
  title?: string;
}

export const SAMPLES_2D_TITLE = 'Generated samples and their nearest training points';
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export function samples2dSpec(input: Samples2dInput): TopLevelSpec {
  const title = input.title ?? SAMPLES_2D_TITLE;
  const x = input.x.filter((r) => finite(r[0]) && finite(r[1]));
  if (x.length === 0 || input.panels.length === 0) return noDataSpec(title, 'no samples yet: train, then generate');
  const all: number[][] = [...x.map((r) => [r[0]!, r[1]!])];
  const layersOf = (p: SamplePanel) => {
    const pts: Record<string, number | string>[] = [], lines: Record<string, number | string>[] = [];
    p.samples.forEach((s, j) => {
      if (!finite(s[0]) || !finite(s[1])) return;
      all.push([s[0], s[1]]);
      pts.push({ a: s[0], b: s[1] });
      const t = input.x[p.nearest[j] ?? -1];
      if (t && finite(t[0]) && finite(t[1])) lines.push({ a: s[0], b: s[1], a2: t[0], b2: t[1], mem: p.memorized[j] ? 'memorized (ratio < 1/3)' : 'not memorized' });
    });
    return { pts, lines };
  };
  const built = input.panels.map((p) => ({ p, ...layersOf(p) }));
  // A square view on a common domain, so the panels compare at a glance.
  const lo = Math.min(...all.flat()), hi = Math.max(...all.flat());
  const pad = 0.05 * (hi - lo || 1), domain = [Number(fmt(lo - pad, 3)), Number(fmt(hi + pad, 3))];
  const enc = (f: string, axis: string) => ({ field: f, type: 'quantitative' as const, title: axis, scale: { domain, nice: false } });
  const memDomain = ['memorized (ratio < 1/3)', 'not memorized'];
  const panels = built.map(({ p, pts, lines }) => ({
    width: PANEL_HEIGHT * 1.2,
    height: PANEL_HEIGHT * 1.2,
    title: { text: p.label, subtitle: p.note, fontSize: 13 },
    layer: [
      {
        data: { values: lines },
        mark: { type: 'rule', strokeWidth: 1, clip: true },
        encoding: {
          x: enc('a', 'y₁'), y: enc('b', 'y₂'), x2: { field: 'a2' }, y2: { field: 'b2' },
          color: { field: 'mem', type: 'nominal', title: 'line to nearest x_i', scale: { domain: memDomain, range: [PALETTE[1]!, '#cccccc'] } },
          opacity: { condition: { test: `datum.mem === '${memDomain[0]}'`, value: 0.9 }, value: 0.5 },
        },
      },
      { data: { values: pts }, mark: { type: 'circle', size: 12, color: PALETTE[0]!, opacity: 0.7, clip: true }, encoding: { x: enc('a', 'y₁'), y: enc('b', 'y₂') } },
      {
        data: { values: x.map((r) => ({ a: r[0], b: r[1] })) },
        mark: { type: 'point', shape: 'cross', size: 110, color: 'black', strokeWidth: 2, filled: true },
        encoding: { x: enc('a', 'y₁'), y: enc('b', 'y₂') },
      },
    ],
  }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: CONFIG,
    title: { text: title, subtitle: ['black crosses: training points; dots: generated samples'] },
    hconcat: panels,
  } as unknown as TopLevelSpec;
}
