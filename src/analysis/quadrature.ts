// Adaptive Gauss–Legendre quadrature on panels: the integrator behind R_n(s*) and the tests'
// brute-force checks of the closed forms.
//
// Rule: 16-point Gauss–Legendre (exact for polynomials of degree <= 31); nodes by Newton's
// iteration on P_16 from Tricomi's initial guesses, weights 2 / ((1 - x²) P_16'(x)²).
// A panel is accepted when the rule on it and the sum of the rule on its two halves agree to
// |diff| <= rel · |halves| or <= abs; otherwise both halves are refined (depth <= 50). The
// default abs is 1e-3 · rel · |a first estimate of the whole integral| (one rule per initial
// panel), so that panels where the integrand is negligible or subnormal are not refined
// forever. The
// caller passes breakpoints (where the integrand has a kink or a sharp feature) and a maximum
// initial panel width, so that no feature is missed before the adaptive refinement sees it.

const N = 16;
const NODES = new Float64Array(N);
const WEIGHTS = new Float64Array(N);
(() => {
  for (let i = 0; i < N; i++) {
    let x = Math.cos((Math.PI * (i + 0.75)) / (N + 0.5));
    let dp = 0;
    for (let it = 0; it < 100; it++) {
      let p0 = 1, p1 = x;
      for (let k = 2; k <= N; k++) {
        const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      dp = (N * (x * p1 - p0)) / (x * x - 1);
      const dx = p1 / dp;
      x -= dx;
      if (Math.abs(dx) < 1e-17) break;
    }
    NODES[i] = x;
    WEIGHTS[i] = 2 / ((1 - x * x) * dp * dp);
  }
})();

/** The 16-point Gauss–Legendre rule on [a, b]. */
export function gaussLegendre(f: (y: number) => number, a: number, b: number): number {
  const h = 0.5 * (b - a), c = 0.5 * (a + b);
  let s = 0;
  for (let i = 0; i < N; i++) s += WEIGHTS[i] * f(c + h * NODES[i]);
  return s * h;
}

export interface IntegrateOptions {
  /** Relative tolerance per panel (default 1e-13). */
  rel?: number;
  /** Absolute tolerance per panel (default 1e-3 · rel · |first estimate of the integral|). */
  abs?: number;
  /** Largest initial panel width (default: no limit). */
  maxWidth?: number;
}

/** ∫ f over [breaks[0], breaks[last]] (breaks sorted ascending), adaptively. */
export function integrate(f: (y: number) => number, breaks: readonly number[], opts: IntegrateOptions = {}): number {
  const rel = opts.rel ?? 1e-13, maxWidth = opts.maxWidth ?? Infinity;
  const panels: { lo: number; hi: number; whole: number }[] = [];
  let rough = 0;
  for (let j = 0; j + 1 < breaks.length; j++) {
    const a = breaks[j], b = breaks[j + 1];
    if (!(b > a)) continue;
    const pieces = Math.min(1e6, Math.max(1, Math.ceil((b - a) / maxWidth)));
    for (let k = 0; k < pieces; k++) {
      const lo = a + ((b - a) * k) / pieces, hi = k + 1 === pieces ? b : a + ((b - a) * (k + 1)) / pieces;
      const whole = gaussLegendre(f, lo, hi);
      panels.push({ lo, hi, whole });
      rough += whole;
    }
  }
  const abs = opts.abs ?? 1e-3 * rel * Math.abs(rough);
  let total = 0;
  for (const p of panels) total += adapt(f, p.lo, p.hi, p.whole, rel, abs, 0);
  return total;
}

function adapt(f: (y: number) => number, a: number, b: number, whole: number,
  rel: number, abs: number, depth: number): number {
  const c = 0.5 * (a + b);
  const left = gaussLegendre(f, a, c), right = gaussLegendre(f, c, b);
  const halves = left + right;
  const diff = Math.abs(halves - whole);
  if (diff <= rel * Math.abs(halves) || diff <= abs || depth >= 50 || !(c > a && b > c)) return halves;
  return adapt(f, a, c, left, rel, abs, depth + 1) + adapt(f, c, b, right, rel, abs, depth + 1);
}
