// The zeros of s*'' on [mu x_1, mu x_n] and quadrature panels on which |s*''| pi is analytic,
// for TV_pi(s*) = ∫ |s*''| pi (tv.ts; section 5 of the paper, SPEC §1).
//
// Scale. y tilts the law of W(y) (sstar1d.ts): with a_i = mu x_i and c the most likely point,
//   l_i(y) = log(w_i / w_c) = -[(y - a_i)² - (y - a_c)²]/(2 sigma²),   dl_i/dy = (a_i - a_c)/sigma².
// s* = (log pbar)' is analytic; its singularities are the complex zeros of pbar. For the pair
// (c, i) alone, w_c + w_i = 0 where l_i = ±i pi, at the distance
//   r_i(y) = (sigma²/|a_i - a_c|) sqrt(l_i(y)² + pi²)
// from y. So r(y) = min_i r_i(y) over the points that carry weight (l_i >= -LOG_WINDOW) is the
// scale on which s*'' = (mu³/sigma⁶) kappa3(W) varies: pi sigma²/(mu Delta) at the midpoint of two
// points Delta apart — the peaks of |s*''| on either side of it are sigma²/(mu Delta) wide — and
// growing linearly away from it. pi (a Gaussian smoothing) varies on the scale sigma.
//
// Walk. From mu x_1 to mu x_n in steps of width/STEPS_PER_PANEL, width = min(sigma, r(y)/2) (one
// step of width sigma where a single point carries weight: s*'' ~ 0 there), each also cut so
// that the next point ahead cannot enter the window unseen (l_j is affine in y while c is the
// most likely point, and a change of c only lowers l_j: the cut is conservative).
// s*'' and s*''' = (mu⁴/sigma⁸) kappa4(W) are evaluated at every step.
//
// Zeros. A sign change of s*'' between two steps brackets a zero, refined by Newton on s*''
// safeguarded by bisection (to 1e-13 of the step). Two zeros inside one step (no sign change of
// s*'', but of s*''' — Rolle) are caught by locating the extremum of s*'' and splitting there.
// Not located: zeros made by points outside the window (there |s*''| <= 2 e^-40 mu³ D³/sigma⁶,
// D the span of the data) and more than two zeros within one step. Either leaves a small kink of
// |s*''| inside a panel, which the adaptive quadrature still resolves (its estimate decays like
// h² there), so efficiency, not accuracy, depends on them.
//
// Panels: the zeros, and walk points at most `width` apart (a panel of half-width r/4 keeps the
// nearest singularity >= r/2 away: 10-point Gauss–Legendre converges like 5.8^-20 ~ 1e-15), so
// that |s*''| pi is analytic on each panel and the error estimate of quadrature.ts is honest.
import { sStarDerivatives } from './sstar1d.js';

/** Points whose weight is below e^-LOG_WINDOW of the largest are ignored by the step rule. */
export const LOG_WINDOW = 40;
/** Walk steps per panel. */
export const STEPS_PER_PANEL = 8;

export interface D2Zeros {
  /** The zeros of s*'' in (lo, hi), increasing. */
  zeros: number[];
  /** Panel breaks on [lo, hi]: lo, hi, the zeros, and walk points at most one panel width apart. */
  breaks: number[];
  /** Number of walk steps. */
  steps: number;
}

/** At y (a = mu x sorted increasingly): `width` = min(sigma, r(y)/2), the panel width, with r(y)
 *  the estimated distance from y to the nearest complex singularity of s* (see the header), and
 *  `step` = width/STEPS_PER_PANEL (width if one point is in the window), cut so that the next
 *  point ahead cannot enter the window unseen. */
export function walkStep(a: Float64Array, sigma: number, y: number): { step: number; width: number } {
  const n = a.length, s2 = sigma * sigma;
  const c = nearest(a, y);
  const logW = (i: number): number => -((a[c] - a[i]) * ((y - a[i]) + (y - a[c]))) / (2 * s2);
  let r = Infinity, lo = c, hi = c;
  const pair = (i: number): void => {
    const l = logW(i), gap = Math.abs(a[i] - a[c]);
    if (gap > 0) r = Math.min(r, (s2 * Math.sqrt(l * l + Math.PI * Math.PI)) / gap);
  };
  while (lo > 0 && logW(lo - 1) >= -LOG_WINDOW) pair(--lo);
  while (hi + 1 < n && logW(hi + 1) >= -LOG_WINDOW) pair(++hi);
  const width = Math.min(sigma, 0.5 * r);
  // With one point (or one tied value) in the window there is nothing to scan: one step per panel.
  let step = r === Infinity ? width : width / STEPS_PER_PANEL;
  if (hi + 1 < n && a[hi + 1] > a[c]) {
    // Point hi + 1 reaches l = -(LOG_WINDOW - 1) (inside the window) after this distance.
    step = Math.min(step, ((-(LOG_WINDOW - 1) - logW(hi + 1)) * s2) / (a[hi + 1] - a[c]));
  }
  return { step, width };
}

/** The zeros of s*'' in [lo, hi] and panel breaks (see the header). */
export function zerosOfSStarD2(x: ArrayLike<number>, mu: number, sigma: number,
  lo: number, hi: number): D2Zeros {
  const a = Float64Array.from(x, (v) => mu * v).sort();
  const at: D23 = (y) => sStarDerivatives(x, mu, sigma, y);
  const zeros: number[] = [], breaks: number[] = [lo];
  let y = lo, f = at(y), steps = 0;
  while (y < hi) {
    const { step, width } = walkStep(a, sigma, y);
    const z = Math.min(hi, y + step);
    if (!(z > y)) break; // float resolution
    const g = at(z);
    zeros.push(...zerosBetween(at, y, z, f, g));
    steps++;
    // A break once the panel is as wide as the current scale allows (or at hi).
    if (z === hi || z - breaks[breaks.length - 1] >= (1 - 1e-9) * width) breaks.push(z);
    y = z;
    f = g;
  }
  if (breaks[breaks.length - 1] !== hi) breaks.push(hi);
  return { zeros, breaks: mergeSorted(breaks, zeros), steps };
}

/** s*'' and s*''' at a point. */
interface D2D3 { d2: number; d3: number }
type D23 = (y: number) => D2D3;

/** Zeros of d2 in (y, z) given its values at both ends: one on a sign change; two when d2 keeps
 *  its sign but d3 changes sign and d2 at the extremum has the other sign; else none. */
function zerosBetween(at: D23, y: number, z: number, fy: D2D3, fz: D2D3): number[] {
  if (opposite(fy.d2, fz.d2)) return [refineZero(at, y, z, fy.d2)];
  if (fy.d2 === 0 || !opposite(fy.d3, fz.d3)) return [];
  const t = bisect((u) => at(u).d3, y, z, fy.d3, 30);
  const ft = at(t).d2;
  if (!opposite(fy.d2, ft)) return [];
  return [refineZero(at, y, t, fy.d2), refineZero(at, t, z, ft)];
}

/** A zero of d2 in [a, b] where d2(a) = fa and d2(b) have opposite signs: Newton with d3 while
 *  it stays in the bracket and at least halves its step, bisection otherwise (Numerical Recipes'
 *  rtsafe); stops when the step is below 1e-13 (b - a). */
export function refineZero(at: D23, a: number, b: number, fa: number): number {
  const tol = 1e-13 * (b - a);
  let t = 0.5 * (a + b), dx = b - a, dxOld = dx;
  for (let it = 0; it < 200; it++) {
    const { d2, d3 } = at(t);
    if (d2 === 0) return t;
    if (opposite(d2, fa)) b = t; else { a = t; fa = d2; }
    const newton = d2 / d3;
    dxOld = dx;
    const inside = t - newton > a && t - newton < b && Math.abs(newton) < 0.5 * Math.abs(dxOld);
    if (inside) { dx = newton; t -= newton; } else { dx = 0.5 * (b - a); t = a + dx; }
    if (Math.abs(dx) <= tol) return t;
  }
  return t;
}

/** A sign change of g in [a, b] (g(a) = ga), by `iterations` bisections. */
function bisect(g: (u: number) => number, a: number, b: number, ga: number, iterations: number): number {
  for (let it = 0; it < iterations; it++) {
    const m = 0.5 * (a + b), gm = g(m);
    if (gm === 0) return m;
    if (opposite(gm, ga)) b = m; else { a = m; ga = gm; }
  }
  return 0.5 * (a + b);
}

function opposite(p: number, q: number): boolean {
  return (p < 0 && q > 0) || (p > 0 && q < 0);
}

/** Index of the point of sorted a nearest y. */
function nearest(a: Float64Array, y: number): number {
  let lo = 0, hi = a.length - 1;
  while (hi - lo > 1) { const m = (lo + hi) >> 1; if (a[m] <= y) lo = m; else hi = m; }
  return Math.abs(y - a[lo]) <= Math.abs(a[hi] - y) ? lo : hi;
}

/** Union of two increasing lists, increasing, without repeats. */
function mergeSorted(p: number[], q: number[]): number[] {
  const out: number[] = [];
  let i = 0, j = 0;
  while (i < p.length || j < q.length) {
    const v = j >= q.length || (i < p.length && p[i] <= q[j]) ? p[i++] : q[j++];
    if (out.length === 0 || v > out[out.length - 1]) out.push(v);
  }
  return out;
}
