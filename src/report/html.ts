// The report page: one self-contained index.html (inline SVG figures, inline CSS, no scripts)
// with, per experiment, the paper's claim it checks, the figure, the summary rows and the
// preset's measured cost.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SummaryRow } from '../experiments/types.js';
import { metricParts } from './summary.js';

/** What a preset cost to run (measured by the runner). */
export interface ReportCost {
  preset?: string;
  wallTimeMs: number;
  runs: number;
  workers: number;
  /** Free text, e.g. `2 cores, Node 20.20`. */
  machine?: string;
}

export interface ReportSection {
  /** Anchor and file stem, e.g. `fig2`. */
  id: string;
  /** The paper's claim the experiment checks. */
  title: string;
  /** Optional paragraphs of plain text (escaped). */
  description?: string[];
  /** The figure as SVG text (inlined). */
  svg?: string;
  /** Path of the PNG relative to the page (linked; shown as <img> when there is no SVG). */
  png?: string;
  rows: readonly SummaryRow[];
  cost?: ReportCost;
  /** Plain-text notes under the table (escaped). */
  notes?: string[];
}

export interface IndexOptions {
  title?: string;
  /** Plain text under the page title, e.g. the version and the date. */
  subtitle?: string;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: unknown): string {
  return String(text).replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

function num(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const a = Math.abs(x);
  return a >= 1e-3 && a < 1e6 ? String(Number(x.toPrecision(4))) : x.toExponential(3);
}

/** `mean [lo, hi]`, or the number; undefined when absent. */
export function formatMetric(m: unknown): string | undefined {
  const p = metricParts(m);
  if (!p) return m === undefined ? undefined : '—';
  return p.interval ? `${num(p.mean)} [${num(p.lo)}, ${num(p.hi)}]` : num(p.mean);
}

/** `1.2 s`, `3 min 4 s`, `2 h 5 min`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min ${Math.round(s - 60 * min)} s`;
  return `${Math.floor(min / 60)} h ${min % 60} min`;
}

interface Column { header: string; title?: string; cell: (row: SummaryRow) => string | undefined }

const plain = (v: unknown): string | undefined =>
  v === undefined || v === null ? undefined : typeof v === 'number' ? (Number.isFinite(v) ? num(v) : '—') : String(v);

const COLUMNS: Column[] = [
  { header: 'd', cell: (r) => plain(r.d) },
  { header: 't', cell: (r) => plain(r.t) },
  { header: 'μ', cell: (r) => plain(r.mu) },
  { header: 'σ', cell: (r) => plain(r.sigma) },
  { header: 'η', title: 'learning rate', cell: (r) => plain(r.eta) },
  { header: 'epochs', cell: (r) => plain(r.epochs) },
  { header: 'runs', title: 'runs in the mean', cell: (r) => plain(r.runs) },
  { header: 'diverged', title: 'runs that diverged, left out', cell: (r) => plain(r.diverged) },
  { header: 'params', cell: (r) => plain(r.params) },
  { header: 'estimator', cell: (r) => plain(r.estimator) },
  { header: 'excess risk (Monte Carlo) mean [95% CI]', cell: (r) => formatMetric(r.excessRisk) },
  { header: 'excess risk (exact) mean [95% CI]', cell: (r) => formatMetric(r.excessRiskExact) },
  { header: 'sharpness λ_max mean [95% CI]', cell: (r) => formatMetric(r.sharpness) },
  { header: '2/(m η)', title: 'stability bound (eq. 8)', cell: (r) => plain(r.stabilityBound) },
  { header: 'MMD² to s*', cell: (r) => formatMetric(r.mmdToSStar) },
  { header: 'MMD² to Gaussian', cell: (r) => formatMetric(r.mmdToGaussian) },
  { header: 'MMD² s* to Gaussian', cell: (r) => formatMetric(r.mmdSStarToGaussian) },
  { header: 'MMD² to s* / (s*, Gaussian)', cell: (r) => formatMetric(r.mmdToSStarNormalized) },
  { header: 'MMD² to Gaussian / (s*, Gaussian)', cell: (r) => formatMetric(r.mmdToGaussianNormalized) },
  { header: 'memorization (learned)', title: 'fraction of samples whose nearest training point is closer than 1/3 of the second nearest', cell: (r) => formatMetric(r.memorization) },
  { header: 'memorization (s*)', cell: (r) => formatMetric(r.memorizationSStar) },
  { header: 'kernel valid', title: 'fraction of generated sets whose kernel means were representable (no underflow)', cell: (r) => formatMetric(r.mmdValid) },
];

/** The summary rows as an HTML table, with only the columns some row has. */
export function rowsTable(rows: readonly SummaryRow[]): string {
  if (rows.length === 0) return '<p class="empty">No summary rows.</p>';
  const cols = COLUMNS.filter((c) => rows.some((r) => c.cell(r) !== undefined));
  const head = cols.map((c) => `<th${c.title ? ` title="${escapeHtml(c.title)}"` : ''}>${escapeHtml(c.header)}</th>`).join('');
  const body = rows.map((r) => {
    const cls = (r.diverged ?? 0) > 0 ? ' class="diverged"' : '';
    return `<tr${cls}>${cols.map((c) => `<td>${escapeHtml(c.cell(r) ?? '')}</td>`).join('')}</tr>`;
  }).join('\n');
  return `<table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

function costLine(c: ReportCost): string {
  const parts = [
    c.preset !== undefined ? `preset ${c.preset}` : undefined,
    `wall time ${formatDuration(c.wallTimeMs)}`,
    `${c.runs} run${c.runs === 1 ? '' : 's'}`,
    `${c.workers} worker${c.workers === 1 ? '' : 's'}`,
    c.machine,
  ].filter((p): p is string => p !== undefined && p !== '');
  return `<p class="cost">Measured cost: ${escapeHtml(parts.join(', '))}</p>`;
}

/** Strips an XML declaration/doctype so the SVG can sit inside HTML. */
function inlineSvg(svg: string): string {
  return svg.replace(/^\s*<\?xml[^>]*>\s*/i, '').replace(/^\s*<!DOCTYPE[^>]*>\s*/i, '');
}

const CSS = `
body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; margin: 2rem auto; max-width: 1200px; padding: 0 1rem; color: #111; background: #fff; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.25rem; margin-top: 2.5rem; border-top: 1px solid #ddd; padding-top: 1rem; }
.subtitle, .cost { color: #444; }
figure { margin: 1rem 0; overflow-x: auto; }
figure svg, figure img { max-width: 100%; height: auto; }
table { border-collapse: collapse; font-size: 0.85rem; margin: 0.5rem 0; }
th, td { border: 1px solid #ccc; padding: 0.2rem 0.5rem; text-align: right; white-space: nowrap; }
th { background: #f3f3f3; }
tr.diverged td { background: #fff4f0; }
nav a { margin-right: 1rem; }
`;

/** The whole page as a string. */
export function indexHtml(sections: readonly ReportSection[], options: IndexOptions = {}): string {
  const title = options.title ?? 'bigstep report';
  const nav = sections.map((s) => `<a href="#${escapeHtml(s.id)}">${escapeHtml(s.id)}</a>`).join('');
  const body = sections.map((s) => {
    const fig = s.svg !== undefined
      ? `<figure>${inlineSvg(s.svg)}${s.png ? `<figcaption><a href="${escapeHtml(s.png)}">PNG</a></figcaption>` : ''}</figure>`
      : s.png !== undefined
        ? `<figure><img src="${escapeHtml(s.png)}" alt="${escapeHtml(s.title)}"></figure>`
        : '<p class="empty">No figure.</p>';
    return [
      `<section id="${escapeHtml(s.id)}">`,
      `<h2>${escapeHtml(s.id)}: ${escapeHtml(s.title)}</h2>`,
      ...(s.description ?? []).map((p) => `<p>${escapeHtml(p)}</p>`),
      fig,
      rowsTable(s.rows),
      ...(s.notes ?? []).map((n) => `<p class="note">${escapeHtml(n)}</p>`),
      s.cost ? costLine(s.cost) : '',
      '</section>',
    ].filter((x) => x !== '').join('\n');
  }).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
${options.subtitle !== undefined ? `<p class="subtitle">${escapeHtml(options.subtitle)}</p>` : ''}
<nav>${nav}</nav>
${body}
</body>
</html>
`;
}

/** Writes `dir/index.html` (creating `dir`); returns its path. */
export async function writeIndexHtml(dir: string, sections: readonly ReportSection[], options: IndexOptions = {}): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, 'index.html');
  await writeFile(path, indexHtml(sections, options));
  return path;
}
