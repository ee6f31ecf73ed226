// Node side of the figures: Vega-Lite spec → SVG (vega's headless renderer, no canvas) → PNG
// (resvg). Text is measured by vega's estimate and drawn by resvg with DejaVu Sans, which a
// fresh Debian machine gets from the `fonts-dejavu-core` package.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import * as vl from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';
import { vegaTextWidth } from './textWidth.js';

// Headless vega measures text by 0.8 em per character unless given a measure (the hook
// vl-convert uses too): measure DejaVu Sans, the font resvg draws with. This replaces the
// measure for every vega view in this process; the report is its only user in Node.
(vega as unknown as { textMetrics: { width: typeof vegaTextWidth } }).textMetrics.width = vegaTextWidth;

export interface RenderOptions {
  /** Called with every warning or error vega-lite or vega logs (default: console.warn). */
  onWarning?: (message: string) => void;
}

/** A vega logger that sends warnings and errors to `sink` and drops info/debug. */
function collectingLogger(sink: (message: string) => void): vega.LoggerInterface {
  let level = vega.Warn;
  const text = (args: unknown[]): string => args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ');
  const logger: vega.LoggerInterface = {
    level(l?: number) {
      if (l === undefined) return level;
      level = l;
      return logger;
    },
    error(...args: unknown[]) { sink(`error: ${text(args)}`); return logger; },
    warn(...args: unknown[]) { if (level >= vega.Warn) sink(`warning: ${text(args)}`); return logger; },
    info() { return logger; },
    debug() { return logger; },
  };
  return logger;
}

/** Compiles a Vega-Lite spec and renders it to an SVG string (white background from the spec's config). */
export async function renderSvg(spec: TopLevelSpec, options: RenderOptions = {}): Promise<string> {
  const sink = options.onWarning ?? ((m: string) => console.warn(`[report] ${m}`));
  const logger = collectingLogger(sink);
  const compiled = vl.compile(spec, { logger });
  const view = new vega.View(vega.parse(compiled.spec), { renderer: 'none', logger, logLevel: vega.Warn });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Rasterizes an SVG to PNG at `scale` (default 2x), DejaVu Sans for sans-serif, on white. */
export function renderPng(svg: string, scale = 2): Buffer {
  const resvg = new Resvg(svg, {
    font: { loadSystemFonts: true, sansSerifFamily: 'DejaVu Sans', defaultFontFamily: 'DejaVu Sans' },
    background: 'white',
    fitTo: { mode: 'zoom', value: scale },
  });
  return resvg.render().asPng();
}

/** Writes `dir/name.svg` and `dir/name.png` (creating `dir`); returns both paths. */
export async function writeFigure(
  dir: string, name: string, spec: TopLevelSpec, options: RenderOptions = {},
): Promise<{ svg: string; png: string; svgText: string }> {
  await mkdir(dir, { recursive: true });
  const svgText = await renderSvg(spec, options);
  const svgPath = join(dir, `${name}.svg`);
  const pngPath = join(dir, `${name}.png`);
  await writeFile(svgPath, svgText);
  await writeFile(pngPath, renderPng(svgText));
  return { svg: svgPath, png: pngPath, svgText };
}
