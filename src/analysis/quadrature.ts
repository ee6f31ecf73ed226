// Globally adaptive Gauss–Legendre quadrature on a list of panels.
//
// Each panel [a, b] carries two estimates: G(a, b), the N-point Gauss–Legendre rule, and
// G(a, c) + G(c, b) with c the midpoint; the latter is the panel's value and
// |G(a, b) - G(a, c) - G(c, b)| its (pessimistic) error estimate. The panel with the largest
// estimate is bisected — its halves reuse G(a, c) and G(c, b) as their one-piece estimate, so a
// bisection costs 2N evaluations per half — until the summed estimate is
// <= max(relTol · |sum of values|, absTol). Kinks (e.g. of |s*''| where s*'' changes sign) make
// the estimate decay like h², smooth stretches like h^{2N}; either way the loop stops.
//
// Rounding floor. Where the integrand is only known to some relative accuracy (a moment that
// cancels, say), the estimate of a panel is ~ h · noise and bisection stops paying. So each time
// the number of panels has doubled (from at least 2 · MIN_CHECK_PANELS) the summed estimate must
// have at least halved; if not, the loop stops with converged = false and the estimate as it
// stands (a kink divides its panel's estimate by 4 per bisection, a smooth stretch by far more).
// Panels at float resolution (midpoint = an end) are likewise kept with their estimate, never split.
//
// The Gauss–Legendre nodes and weights are computed once, by Newton's method on the Legendre
// recurrence (no tables).

/** Nodes per rule. */
export const GAUSS_NODES = 10;

/** The rounding-floor check (see the header) starts once there are twice this many panels. */
const MIN_CHECK_PANELS = 32;

const RULE = gaussLegendre(GAUSS_NODES);

export interface QuadratureResult {
  /** The integral. */
  value: number;
  /** Summed error estimate (an upper bound in practice, see the header). */
  error: number;
  /** Number of integrand evaluations. */
  evaluations: number;
  /** Number of panels at the end. */
  panels: number;
  /** False when maxPanels or the rounding floor (see the header) was reached before the tolerance. */
  converged: boolean;
}

export interface QuadratureOptions {
  /** Relative tolerance on the total (default 1e-10). */
  relTol?: number;
  /** Absolute tolerance on the total (default 0). */
  absTol?: number;
  /** Stop refining beyond this many panels (default 200 000). */
  maxPanels?: number;
}

interface Panel { a: number; b: number; whole: number; left: number; right: number; err: number; final?: boolean }

/** ∫ f over [breaks[0], breaks[last]], with the initial panels [breaks[k], breaks[k+1]]
 *  (breaks increasing; zero-length panels are skipped). */
export function integrate(f: (y: number) => number, breaks: readonly number[],
  opts: QuadratureOptions = {}): QuadratureResult {
  const relTol = opts.relTol ?? 1e-10, absTol = opts.absTol ?? 0, maxPanels = opts.maxPanels ?? 200_000;
  let evaluations = 0;
  const rule = (a: number, b: number): number => {
    const h = 0.5 * (b - a), c = 0.5 * (a + b);
    let s = 0;
    for (let k = 0; k < RULE.nodes.length; k++) s += RULE.weights[k] * f(c + h * RULE.nodes[k]);
    evaluations += RULE.nodes.length;
    return h * s;
  };
  const panel = (a: number, b: number, whole: number): Panel => {
    const c = 0.5 * (a + b);
    const left = rule(a, c), right = rule(c, b);
    return { a, b, whole, left, right, err: Math.abs(whole - left - right) };
  };
  // Panels at float resolution sort last; the loop stops when one reaches the top.
  const heap = new MaxHeap<Panel>((p) => (p.final ? -1 : p.err));
  for (let k = 0; k + 1 < breaks.length; k++) {
    const a = breaks[k], b = breaks[k + 1];
    if (!(b > a)) continue;
    heap.push(panel(a, b, rule(a, b)));
  }
  const totals = (): { value: number; error: number } => {
    let value = 0, error = 0;
    for (const p of heap.items) { value += p.left + p.right; error += p.err; }
    return { value, error };
  };
  let { value, error } = totals();
  let converged = true;
  let sinceResum = 0, checkPanels = Math.max(heap.size, MIN_CHECK_PANELS), checkError = error;
  while (heap.size > 0 && error > Math.max(relTol * Math.abs(value), absTol)) {
    if (heap.size >= maxPanels || heap.items[0].final) { converged = false; break; }
    if (heap.size >= 2 * checkPanels) {
      ({ value, error } = totals());
      if (error > 0.5 * checkError) { converged = false; break; } // rounding floor
      checkPanels = heap.size;
      checkError = error;
      continue;
    }
    const p = heap.pop()!;
    const c = 0.5 * (p.a + p.b);
    if (!(c > p.a && c < p.b)) { heap.push({ ...p, final: true }); continue; } // at float resolution
    const l = panel(p.a, c, p.left), r = panel(c, p.b, p.right);
    heap.push(l);
    heap.push(r);
    value += l.left + l.right + r.left + r.right - p.left - p.right;
    error += l.err + r.err - p.err;
    if (++sinceResum === 1000) { ({ value, error } = totals()); sinceResum = 0; }
  }
  ({ value, error } = totals());
  return { value, error, evaluations, panels: heap.size, converged };
}

/** Nodes on [-1, 1] and weights of the n-point Gauss–Legendre rule (Newton on P_n). */
export function gaussLegendre(n: number): { nodes: Float64Array; weights: Float64Array } {
  const nodes = new Float64Array(n), weights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let x = Math.cos(Math.PI * (i + 0.75) / (n + 0.5));
    let dp = 0;
    for (let it = 0; it < 100; it++) {
      let p0 = 1, p1 = x;
      for (let k = 2; k <= n; k++) { const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k; p0 = p1; p1 = p2; }
      dp = n * (x * p1 - p0) / (x * x - 1);
      const dx = p1 / dp;
      x -= dx;
      if (Math.abs(dx) < 1e-16) break;
    }
    let p0 = 1, p1 = x;
    for (let k = 2; k <= n; k++) { const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k; p0 = p1; p1 = p2; }
    dp = n * (x * p1 - p0) / (x * x - 1);
    nodes[i] = x;
    weights[i] = 2 / ((1 - x * x) * dp * dp);
  }
  return { nodes, weights };
}

/** Binary max-heap keyed by `key`. */
class MaxHeap<T> {
  readonly items: T[] = [];
  constructor(private readonly key: (t: T) => number) {}
  get size(): number { return this.items.length; }
  push(t: T): void {
    const a = this.items;
    a.push(t);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.key(a[parent]) >= this.key(a[i])) break;
      [a[parent], a[i]] = [a[i], a[parent]];
      i = parent;
    }
  }
  pop(): T | undefined {
    const a = this.items;
    if (a.length === 0) return undefined;
    const top = a[0], last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < a.length && this.key(a[l]) > this.key(a[m])) m = l;
        if (r < a.length && this.key(a[r]) > this.key(a[m])) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i], a[m]];
        i = m;
      }
    }
    return top;
  }
}

/** `breaks` with every gap wider than `maxWidth` cut into equal pieces no wider than it (so
 *  that no feature narrower than the gaps is missed before the adaptive refinement). */
export function refineBreaks(breaks: readonly number[], maxWidth: number): number[] {
  const out: number[] = [breaks[0]];
  for (let j = 0; j + 1 < breaks.length; j++) {
    const a = breaks[j], b = breaks[j + 1];
    const pieces = b > a ? Math.min(1e6, Math.ceil((b - a) / maxWidth)) : 1;
    for (let k = 1; k < pieces; k++) out.push(a + ((b - a) * k) / pieces);
    out.push(b);
  }
  return out;
}
