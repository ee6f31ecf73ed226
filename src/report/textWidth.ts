// Text widths for DejaVu Sans, the font resvg draws the report's PNGs with. Headless vega (no
// canvas) otherwise estimates 0.8 em per character, about 40% too wide: legends get cut with
// "…" and figures get empty margins. render.ts installs `textWidth` as vega's text measure.
// Advance widths in em, rounded from DejaVu Sans' metrics (2048 units per em); characters not
// listed count as 0.62 em, and bold text as 1.1× (DejaVu Sans Bold is about that much wider).

const WIDTHS: Record<string, number> = {
  ' ': 0.318, '.': 0.318, ',': 0.318, ':': 0.337, ';': 0.337, '!': 0.4, '?': 0.531, "'": 0.275, '"': 0.411,
  '(': 0.39, ')': 0.39, '[': 0.39, ']': 0.39, '{': 0.636, '}': 0.636, '-': 0.361, '_': 0.5, '/': 0.337,
  '\\': 0.337, '|': 0.337, '*': 0.5, '+': 0.838, '=': 0.838, '<': 0.838, '>': 0.838, '~': 0.838, '%': 0.95,
  '#': 0.838, '&': 0.78, '@': 1.0, '^': 0.838, '`': 0.5,
  '−': 0.838, '·': 0.318, '×': 0.838, '≤': 0.838, '≥': 0.838, '±': 0.838, '…': 1.0, '“': 0.518, '”': 0.518,
  '‘': 0.318, '’': 0.318, '–': 0.5, '—': 1.0, '²': 0.4, '³': 0.4, '∇': 0.7,
  a: 0.613, b: 0.635, c: 0.55, d: 0.635, e: 0.615, f: 0.352, g: 0.635, h: 0.634, i: 0.278, j: 0.278,
  k: 0.579, l: 0.278, m: 0.974, n: 0.634, o: 0.612, p: 0.635, q: 0.635, r: 0.411, s: 0.521, t: 0.392,
  u: 0.634, v: 0.592, w: 0.818, x: 0.592, y: 0.592, z: 0.525,
  A: 0.684, B: 0.686, C: 0.698, D: 0.77, E: 0.632, F: 0.575, G: 0.775, H: 0.752, I: 0.295, J: 0.295,
  K: 0.656, L: 0.557, M: 0.863, N: 0.748, O: 0.787, P: 0.603, Q: 0.787, R: 0.695, S: 0.635, T: 0.611,
  U: 0.732, V: 0.684, W: 0.989, X: 0.685, Y: 0.611, Z: 0.685,
  'η': 0.634, 'θ': 0.612, 'σ': 0.635, 'μ': 0.636, 'λ': 0.592, 'π': 0.652, 'τ': 0.55, 'Δ': 0.684, 'δ': 0.612,
};
for (const d of '0123456789') WIDTHS[d] = 0.636;

/** Width in pixels of one line of `text` in DejaVu Sans at `fontSize` px. */
export function textWidth(text: string, fontSize: number, bold = false): number {
  let em = 0;
  for (const ch of text) em += WIDTHS[ch] ?? 0.62;
  return em * fontSize * (bold ? 1.1 : 1);
}

/** Vega's `textMetrics.width(item, text)` contract: an item with `fontSize`, `fontWeight`,
 *  `limit`; the width of the (possibly truncated) line. */
export function vegaTextWidth(item: { fontSize?: number; fontWeight?: string | number; limit?: number }, text: unknown): number {
  const line = text == null ? '' : String(text).trim();
  const size = item.fontSize != null ? +item.fontSize || 0 : 11;
  const w = item.fontWeight;
  const bold = w === 'bold' || w === 'bolder' || (typeof w === 'number' && w >= 600) || (typeof w === 'string' && +w >= 600);
  const width = textWidth(line, size, bold);
  return item.limit != null && item.limit > 0 ? Math.min(width, item.limit) : width;
}
