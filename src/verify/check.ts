// What `bigstep verify` compares and how it counts: one Check per (run, metric), a deviation in
// the unit its tolerance is stated in, tallied per metric into agree/total and the largest
// deviation. A metric is a model quantity (it has a second route) or a diagnostic of the
// algorithm that produced it (listed with its reason, never compared); a metric that is
// neither has no second route, and verify fails on it so that new metrics get one.

/** 'relative': |reported − recomputed| / scale (the scale is stated per route);
 *  'se': |reported − recomputed| in standard errors of their difference;
 *  'samples': how many generated samples the two routes classify differently;
 *  'count': how many things (sets, flags) differ. */
export type Unit = 'relative' | 'se' | 'samples' | 'count';

export interface Check {
  metric: string;
  /** The second route, in a few words. */
  route: string;
  unit: Unit;
  deviation: number;
  tolerance: number;
  reported: number;
  recomputed: number;
}

export interface RunChecks { key: string; checks: Check[] }

/** NaN never agrees. */
export const agrees = (c: Check): boolean => c.deviation <= c.tolerance;

/** |a − b| / scale, or 0 when both are 0. */
export function relative(a: number, b: number, scale: number): number {
  const d = Math.abs(a - b);
  return d === 0 ? 0 : d / scale;
}

export function check(metric: string, route: string, unit: Unit, reported: number, recomputed: number,
  deviation: number, tolerance: number): Check {
  return { metric, route, unit, reported, recomputed, deviation, tolerance };
}

export interface Tally {
  metric: string;
  route: string;
  unit: Unit;
  agree: number;
  total: number;
  /** The largest deviation, its tolerance there, and the run. */
  worst: number;
  tolerance: number;
  worstKey: string;
  failures: { key: string; check: Check }[];
}

/** How far past its tolerance a deviation is (0 tolerance: 0 or Infinity). */
const ratio = (dev: number, tol: number): number => (tol > 0 ? dev / tol : dev > 0 ? Infinity : 0);

/** One tally per (metric, route), in the order first seen. */
export function tally(runs: RunChecks[]): Tally[] {
  const out = new Map<string, Tally>();
  for (const { key, checks } of runs) {
    for (const c of checks) {
      const id = `${c.metric}\u0000${c.route}`;
      let t = out.get(id);
      if (!t) {
        t = { metric: c.metric, route: c.route, unit: c.unit, agree: 0, total: 0, worst: -Infinity, tolerance: c.tolerance, worstKey: key, failures: [] };
        out.set(id, t);
      }
      t.total++;
      if (agrees(c)) t.agree++;
      else t.failures.push({ key, check: c });
      const dev = Number.isNaN(c.deviation) ? Infinity : c.deviation;
      if (t.worst === -Infinity || ratio(dev, c.tolerance) > ratio(t.worst, t.tolerance)) {
        t.worst = dev; t.tolerance = c.tolerance; t.worstKey = key;
      }
    }
  }
  return [...out.values()];
}

/** finalLoss is the mean batch loss over the last trace window: a statistic of the SGD
 *  trajectory (each step's θ and batch), not a function of the saved final parameters, so it has
 *  no exact second route from the artifacts. Sanity only: within a factor 2 of the loss at
 *  θ_final (|ln(reported/recomputed)| <= ln 2). The window's mean moved up to 11% (fig2 quick,
 *  eta = 0.5) and 33% (a 20-neuron net at eta = 0.5) away from it; a loss off by a factor d or
 *  of another experiment's scale still fails. */
export function finalLossCheck(reported: number, recomputed: number, how: string): Check {
  return check('finalLoss', `sanity: within ×2 of ${how} (a trajectory statistic)`, 'relative', reported, recomputed,
    reported > 0 && recomputed > 0 ? Math.abs(Math.log(reported / recomputed)) : Infinity, Math.LN2);
}
