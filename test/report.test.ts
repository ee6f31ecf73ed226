// The report: Student-t intervals, the figure specs (compile and render without warnings, no
// NaN, "no data" on empty input), SVG → PNG (signature, 2x size, white background) and the
// HTML page (escaping, self-contained).
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { SummaryRow } from '../src/experiments/types.js';
import { escapeHtml, formatDuration, formatMetric, indexHtml, writeIndexHtml } from '../src/report/html.js';
import { renderPng, renderSvg, writeFigure } from '../src/report/render.js';
import { fig1Spec } from '../src/report/specs/fig1.js';
import { fig2Spec } from '../src/report/specs/fig2.js';
import { fig5Spec } from '../src/report/specs/fig5.js';
import { studentTCdf, studentTQuantile, tInterval } from '../src/analysis/stats.js';
import { groupRows, metricMean, metricParts } from '../src/report/summary.js';
import { textWidth } from '../src/report/textWidth.js';
import { fig1Curves, fig2Rows, fig5Rows } from './helpers/reportFixtures.js';

/** Renders a spec, failing on any vega-lite or vega warning. */
async function svgOf(spec: Parameters<typeof renderSvg>[0]): Promise<string> {
  const warnings: string[] = [];
  const svg = await renderSvg(spec, { onWarning: (m) => warnings.push(m) });
  expect(warnings).toEqual([]);
  expect(svg.startsWith('<svg')).toBe(true);
  expect(svg).not.toMatch(/NaN|Infinity/);
  return svg;
}

/** Text lines of the SVG (each <text>, or each <tspan> line of a multi-line one), unescaped. */
function texts(svg: string): string[] {
  const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  return [...svg.matchAll(/<text\b[^>]*[^/]>(.*?)<\/text>/g)].flatMap((m) => {
    const inner = m[1]!;
    const spans = [...inner.matchAll(/<tspan[^>]*>(.*?)<\/tspan>/g)].map((t) => t[1]!);
    return (spans.length > 0 ? spans : [inner]).map(unescape);
  });
}

/** Minimal PNG reader: size, colour type and the top-left pixel (whatever the row filter, the
 *  first pixel of the first row is stored raw: no left or upper neighbour). */
function readPng(png: Buffer): { width: number; height: number; colorType: number; topLeft: number[] } {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let off = 8, width = 0, height = 0, colorType = -1;
  const idat: Buffer[] = [];
  while (off < png.length) {
    const len = png.readUInt32BE(off);
    const type = png.toString('latin1', off + 4, off + 8);
    const data = png.subarray(off + 8, off + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0); height = data.readUInt32BE(4);
      expect(data[8]).toBe(8); // bit depth
      colorType = data[9]!;
    } else if (type === 'IDAT') idat.push(data);
    off += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const channels = colorType === 6 ? 4 : colorType === 2 ? 3 : 0;
  expect(channels).toBeGreaterThan(0);
  return { width, height, colorType, topLeft: [...raw.subarray(1, 1 + channels)] };
}

describe('Student-t quantiles and intervals', () => {
  it('matches tabulated t_{0.975, df}', () => {
    const table: [number, number][] = [[1, 12.7062], [2, 4.3027], [3, 3.1824], [5, 2.5706], [10, 2.2281],
      [29, 2.0452], [30, 2.0423], [100, 1.9840], [1000, 1.9623]];
    for (const [df, q] of table) expect(studentTQuantile(0.975, df)).toBeCloseTo(q, 4);
    expect(studentTQuantile(0.975, 1e6)).toBeCloseTo(1.959966, 5); // → the normal quantile
  });

  it('matches the closed forms for df = 1 (Cauchy) and df = 2', () => {
    for (const p of [0.6, 0.9, 0.975, 0.995, 0.9995]) {
      expect(studentTQuantile(p, 1)).toBeCloseTo(Math.tan(Math.PI * (p - 0.5)), 9);
      expect(studentTQuantile(p, 2)).toBeCloseTo((2 * p - 1) / Math.sqrt(2 * p * (1 - p)), 10);
    }
  });

  it('is an inverse of the CDF, symmetric, and the CDF is a CDF', () => {
    for (const df of [1, 4, 17, 60]) {
      for (const p of [0.01, 0.3, 0.8, 0.999]) expect(studentTCdf(studentTQuantile(p, df), df)).toBeCloseTo(p, 12);
      expect(studentTQuantile(0.2, df)).toBeCloseTo(-studentTQuantile(0.8, df), 12);
      expect(studentTCdf(0, df)).toBeCloseTo(0.5, 14);
    }
    expect(studentTCdf(-Infinity, 3)).toBe(0);
    expect(studentTCdf(Infinity, 3)).toBe(1);
    expect(() => studentTQuantile(1, 3)).toThrow(RangeError);
    expect(() => studentTQuantile(0.9, 0)).toThrow(RangeError);
  });

  it('tInterval: mean ± t_{0.975, n-1} s/√n; one value is a number; empty or NaN throws', () => {
    const m = tInterval([1, 2, 3, 4, 5]);
    expect(typeof m).toBe('object');
    const { mean, lo, hi } = m as { mean: number; lo: number; hi: number };
    expect(mean).toBe(3);
    const half = 2.7764451051977987 * Math.sqrt(2.5 / 5);
    expect(hi - mean).toBeCloseTo(half, 10);
    expect(mean - lo).toBeCloseTo(half, 10);
    expect(tInterval([0.25])).toBe(0.25);
    expect(tInterval([2, 2, 2])).toEqual({ mean: 2, lo: 2, hi: 2 });
    expect(() => tInterval([])).toThrow(/no values/);
    expect(() => tInterval([1, NaN])).toThrow(/non-finite/);
  });

  it('metricMean, metricParts and groupRows', () => {
    expect(metricMean(0.5)).toBe(0.5);
    expect(metricMean({ mean: 1, lo: 0, hi: 2 })).toBe(1);
    expect(metricMean(undefined)).toBeNaN();
    expect(metricParts(null)).toBeUndefined();
    expect(metricParts({ mean: NaN, lo: 0, hi: 1 })).toBeUndefined();
    expect(metricParts(2)).toEqual({ mean: 2, lo: 2, hi: 2, interval: false });
    const g = groupRows([{ k: 'b', v: 1 }, { k: 'a', v: 2 }, { k: 'b', v: 3 }], (r) => r.k);
    expect([...g.keys()]).toEqual(['b', 'a']);
    expect(g.get('b')!.map((r) => r.v)).toEqual([1, 3]);
  });
});

describe('figure specs', () => {
  it('spec modules import no Node modules (the web page imports them)', async () => {
    const dir = join(__dirname, '../src/report/specs');
    for (const f of await readdir(dir)) {
      const src = await readFile(join(dir, f), 'utf8');
      const imports = [...src.matchAll(/from '([^']+)'/g)].map((m) => m[1]!);
      for (const i of imports) expect(i, `${f} imports ${i}`).toMatch(/^(\.{1,2}\/|vega-lite$)/);
    }
    const summary = await readFile(join(__dirname, '../src/report/summary.ts'), 'utf8');
    expect(summary).not.toMatch(/from 'node:/);
  });

  it('fig1: one panel per noise level, η legend, s* line, training-point ticks', async () => {
    const curves = fig1Curves();
    const svg = await svgOf(fig1Spec(curves));
    const t = texts(svg);
    expect(t).toContain('t = 0.2 (μ = 0.82, σ = 0.57)');
    expect(t).toContain('t = 0.05 (μ = 0.95, σ = 0.31)');
    expect(t).toContain('learning rate η');
    for (const e of ['0.5', '0.1', '0.05']) expect(t).toContain(e);
    expect(t).toContain('s* (empirical optimal)');
    // 2 panels × 3 η lines + 2 s* lines.
    expect((svg.match(/aria-roledescription="line mark"/g) ?? []).length).toBe(8);
    // 20 training points per panel, drawn as rules (plus the y = 0 rules).
    expect((svg.match(/aria-roledescription="rule mark"/g) ?? []).length).toBe(2 * 20 + 2);
  });

  it('fig2: excess risk vs η, log axes, error bars, d = 1 and d = 10, exact dashed, diverged marked', async () => {
    const rows = fig2Rows();
    const svg = await svgOf(fig2Spec(rows));
    const t = texts(svg);
    expect(t).toEqual(expect.arrayContaining(['d = 1', 'd = 10', 'learning rate η', 'noise level', 'Monte Carlo (paper)', 'exact (closed form)', '3 div.']));
    expect(svg).toMatch(/for a log scale/);
    expect(svg).toMatch(/stroke-dasharray="5,3"/);
    expect(t.some((s) => s.includes('both axes log'))).toBe(true);
    // The paper's linear y, on request.
    const lin = await svgOf(fig2Spec(rows, { yScale: 'linear' }));
    expect(texts(lin).some((s) => s.includes('y linear (as the paper)'))).toBe(true);
  });

  it('fig2: non-positive lower ends on the log axis are clipped and said; all-diverged rows are noted; NaN is never plotted', async () => {
    const rows = fig2Rows();
    rows[0]!.excessRisk = { mean: 0.004, lo: -0.002, hi: 0.01 };
    rows[1]!.excessRisk = undefined; rows[1]!.excessRiskExact = undefined; rows[1]!.diverged = 30; rows[1]!.runs = 0;
    rows[2]!.excessRisk = { mean: NaN, lo: NaN, hi: NaN };
    rows[3]!.excessRisk = 0.01; // one run: a number
    const svg = await svgOf(fig2Spec(rows));
    const t = texts(svg);
    expect(t.some((s) => s.includes('1 interval lower end(s) ≤ 0'))).toBe(true);
    expect(t).toContain('all 30 diverged');
    // A non-positive mean switches to a linear axis, and says why.
    rows[4]!.excessRisk = { mean: -0.001, lo: -0.003, hi: 0.001 };
    expect(texts(await svgOf(fig2Spec(rows))).some((s) => s.includes('some excess risks are ≤ 0'))).toBe(true);
  });

  it('fig2: a panel where every run diverged is said in the subtitle, not drawn empty', async () => {
    const rows = fig2Rows().map((r) => (r.d === 10 ? { ...r, excessRisk: undefined, runs: 0, diverged: 30 } : r));
    const t = texts(await svgOf(fig2Spec(rows)));
    expect(t).toContain('d = 10: nothing to plot, 240 runs diverged');
    expect(t).not.toContain('d = 10');
  });

  it('fig5: sharpness below 2/(m η), dashed bound, one series per params × estimator', async () => {
    const rows = fig5Rows();
    for (const r of rows) expect(metricMean(r.sharpness)).toBeLessThan(r.stabilityBound);
    const svg = await svgOf(fig5Spec(rows));
    const t = texts(svg);
    expect(t).toEqual(expect.arrayContaining(['d = 1', 'd = 10', '2/(m η)  stability bound', 'all parameters, exact Hessian',
      'parameters (w2, b), exact Hessian', 'all parameters, sampled, no kink terms', 'all parameters, sampled + kink terms']));
    expect(svg).toMatch(/stroke-dasharray="6,4"/);
    expect(svg).toMatch(/for a log scale/);
    // A negative signed λ_max gives a linear axis with a note.
    rows[1]!.sharpness = { mean: -0.01, lo: -0.03, hi: 0.01 };
    expect(texts(await svgOf(fig5Spec(rows))).some((s) => s.includes('y linear: some sharpness values are ≤ 0'))).toBe(true);
  });

  it('empty input (or rows without the metric) gives a "no data" figure', async () => {
    for (const spec of [fig1Spec([]), fig2Spec([]), fig5Spec([]), fig2Spec(fig5Rows()), fig5Spec(fig2Rows())]) {
      const t = texts(await svgOf(spec));
      expect(t.some((s) => s.startsWith('no data'))).toBe(true);
    }
    const noFinite = fig1Curves().slice(0, 1).map((c) => ({ ...c, curve: { ...c.curve, sTheta: c.curve.sTheta.map(() => NaN), sStar: c.curve.sStar.map(() => NaN) } }));
    expect(texts(await svgOf(fig1Spec(noFinite))).some((s) => s.startsWith('no data'))).toBe(true);
  });
});

describe('rendering', () => {
  it('PNG: signature, 2x the SVG size, white background', async () => {
    const svg = await svgOf(fig2Spec(fig2Rows()));
    const w = Number(svg.match(/width="(\d+)"/)![1]), h = Number(svg.match(/height="(\d+)"/)![1]);
    const png = readPng(renderPng(svg));
    expect(png.width).toBe(2 * w);
    expect(png.height).toBe(2 * h);
    expect(png.topLeft.slice(0, 3)).toEqual([255, 255, 255]);
    if (png.topLeft.length === 4) expect(png.topLeft[3]).toBe(255);
    // Even an SVG without a background rectangle comes out on white.
    const bare = readPng(renderPng('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><circle cx="9" cy="9" r="1"/></svg>', 1));
    expect(bare.topLeft.slice(0, 3)).toEqual([255, 255, 255]);
  });

  it('writeFigure writes name.svg and name.png', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bigstep-report-'));
    const out = await writeFigure(join(dir, 'sub'), 'fig1', fig1Spec(fig1Curves()), { onWarning: (m) => { throw new Error(m); } });
    expect((await readFile(out.svg, 'utf8')).startsWith('<svg')).toBe(true);
    expect(readPng(await readFile(out.png)).width).toBeGreaterThan(1000);
  });

  it('measures DejaVu Sans text (not vega\'s 0.8 em per character)', () => {
    expect(textWidth('0123456789', 10)).toBeCloseTo(63.6, 6);
    expect(textWidth('iiii', 10)).toBeLessThan(textWidth('mmmm', 10));
    expect(textWidth('ab', 10, true)).toBeCloseTo(1.1 * textWidth('ab', 10), 10);
  });
});

describe('HTML report', () => {
  const rows: SummaryRow[] = fig2Rows().slice(0, 2);

  it('escapes text', () => {
    expect(escapeHtml(`<script>alert("x" & 'y')</script>`)).toBe('&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;');
    const html = indexHtml([{ id: 'fig<2>', title: 'a < b & "c"', rows: [{ ...rows[0]!, params: '<b>' as never }], notes: ['x<y'] }], { title: 'T<1>' });
    expect(html).not.toMatch(/<b>|<2>|T<1>|x<y/);
    expect(html).toContain('a &lt; b &amp; &quot;c&quot;');
    expect(html).toContain('<title>T&lt;1&gt;</title>');
    expect(html).toContain('x&lt;y');
  });

  it('a self-contained page: inline SVG, table of rows, cost', async () => {
    const svg = await svgOf(fig2Spec(fig2Rows()));
    const dir = await mkdtemp(join(tmpdir(), 'bigstep-html-'));
    const path = await writeIndexHtml(dir, [{
      id: 'fig2', title: 'A larger learning rate keeps the excess risk away from zero', svg, png: 'fig2.png', rows,
      cost: { preset: 'quick', wallTimeMs: 65_400, runs: 48, workers: 2 },
    }]);
    const html = await readFile(path, 'utf8');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script|<link /);
    expect(html).toContain('Measured cost: preset quick, wall time 1 min 5 s, 48 runs, 2 workers');
    expect(html).toContain('<th>2/(m η)</th>'.replace('<th>', '<th title="stability bound (eq. 8)">'));
    expect(html).toContain(`<td>${formatMetric(rows[0]!.excessRisk)}</td>`);
    expect(html).not.toContain('sharpness λ_max'); // columns without data are left out
  });

  it('formats metrics and durations', () => {
    expect(formatMetric({ mean: 0.123456, lo: 0.1, hi: 0.15 })).toBe('0.1235 [0.1, 0.15]');
    expect(formatMetric(2e-5)).toBe('2.000e-5');
    expect(formatMetric(undefined)).toBeUndefined();
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(7_300_000)).toBe('2 h 1 min');
  });
});
