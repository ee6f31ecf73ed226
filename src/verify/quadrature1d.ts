// Gauss–Legendre panels on the line, for verify's second route in 1-D: ∫ f(y) dy over
// [lo, hi] as Σ_panels Σ_g (h/2) ω_g f(mid + (h/2) ξ_g), panels split at given breakpoints (the
// ReLU kinks −b_l/w1_l, where the integrands of the excess risk and the Hessian lose smoothness)
// and at most `maxWidth` wide. Between breakpoints every integrand verify uses is a polynomial
// times a Gaussian mixture of scale σ: with G = 6 nodes on panels <= σ/8 wide the rule is exact
// for degree 11 and the Gaussian's Taylor remainder is below (1/16)^12/12! (≈ 1e-23) relative,
// so the error is rounding: against the closed forms, 1e-14 on R_n(s*) and 7e-14 on Hv (fig1/fig2
// quick; 12 nodes gave the same). Independent of src/analysis/quadrature.ts.

/** Nodes ξ_g in (−1, 1) and weights ω_g of the G-point Gauss–Legendre rule: Newton on P_G from
 *  cos(π (g + 3/4)/(G + 1/2)), P_G by the three-term recurrence (Abramowitz–Stegun 25.4.29). */
export function gaussLegendre(G: number): { nodes: Float64Array; weights: Float64Array } {
  const nodes = new Float64Array(G), weights = new Float64Array(G);
  for (let g = 0; g < G; g++) {
    let x = Math.cos((Math.PI * (g + 0.75)) / (G + 0.5));
    let dp = 1;
    for (let it = 0; it < 100; it++) {
      let p0 = 1, p1 = x;
      for (let k = 2; k <= G; k++) { const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k; p0 = p1; p1 = p2; }
      dp = (G * (x * p1 - p0)) / (x * x - 1);
      const dx = p1 / dp;
      x -= dx;
      if (Math.abs(dx) < 1e-16) break;
    }
    nodes[g] = x;
    weights[g] = 2 / ((1 - x * x) * dp * dp);
  }
  return { nodes, weights };
}

/** Quadrature nodes in increasing order and their weights; `boundary[k]` is the index of the
 *  first node right of breakpoint `breaks[k]` (so Σ_{q < boundary[k]} w_q f(y_q) = ∫_lo^{breaks[k]} f). */
export interface PanelGrid {
  y: Float64Array;
  w: Float64Array;
  breaks: Float64Array;
  boundary: Int32Array;
}

const NODES = gaussLegendre(6);

/** Panels over [lo, hi] split at every break inside it (breaks outside are clamped to lo or hi)
 *  and subdivided to at most maxWidth. */
export function panelGrid(lo: number, hi: number, breaks: ArrayLike<number>, maxWidth: number): PanelGrid {
  const clamped = Float64Array.from(breaks, (b) => Math.min(hi, Math.max(lo, b)));
  const order = Array.from(clamped.keys()).sort((a, b) => clamped[a] - clamped[b]);
  const edges: number[] = [lo];
  for (const k of order) if (clamped[k] > edges[edges.length - 1]) edges.push(clamped[k]);
  if (hi > edges[edges.length - 1]) edges.push(hi);
  const ys: number[] = [], ws: number[] = [], firstNodeAt = new Map<number, number>([[lo, 0]]);
  const G = NODES.nodes.length;
  for (let e = 0; e + 1 < edges.length; e++) {
    const a = edges[e], b = edges[e + 1];
    const pieces = Math.max(1, Math.ceil((b - a) / maxWidth));
    for (let p = 0; p < pieces; p++) {
      const pa = a + ((b - a) * p) / pieces, pb = a + ((b - a) * (p + 1)) / pieces;
      const mid = 0.5 * (pa + pb), half = 0.5 * (pb - pa);
      for (let g = G - 1; g >= 0; g--) { ys.push(mid + half * NODES.nodes[g]); ws.push(half * NODES.weights[g]); }
    }
    firstNodeAt.set(b, ys.length);
  }
  const boundary = Int32Array.from(clamped, (b) => firstNodeAt.get(b)!);
  return { y: Float64Array.from(ys), w: Float64Array.from(ws), breaks: clamped, boundary };
}

/** Prefix sums c[k] = Σ_{q < k} v[q] (length Q + 1), compensated (Neumaier): the rounding
 *  error stays ~1e-16 of Σ|v| instead of growing with Q. */
export function prefixSums(v: Float64Array, c = new Float64Array(v.length + 1)): Float64Array {
  let s = 0, comp = 0;
  for (let q = 0; q < v.length; q++) {
    const t = s + v[q];
    comp += Math.abs(s) >= Math.abs(v[q]) ? (s - t) + v[q] : (v[q] - t) + s;
    s = t;
    c[q + 1] = s + comp;
  }
  return c;
}
