// Test-side references for the TV and bounds tests: the fixture reader, the comparison rule of
// ../shared/cases/README.md, R_n(s*) by quadrature, and brute-force integrators that share
// nothing with the closed forms under test.
import { readFileSync } from 'node:fs';
import { integrate } from '../../src/analysis/quadrature.js';
import { posteriorMoments } from '../../src/analysis/sstar1d.js';
import { panelBreaks } from '../../src/analysis/tv.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

/** The reference cases of one op. */
export function fixtures(op: string): { input: Json; expected: Json }[] {
  const url = new URL('../fixtures/compute-public.jsonl', import.meta.url);
  return readFileSync(url, 'utf8').trim().split('\n').map((l) => JSON.parse(l))
    .filter((c: { input: { op: string } }) => c.input.op === op);
}

/** |got - exp| <= tol · |exp| (scalars) or max_i |got_i - exp_i| <= tol · max_i |exp_i| (arrays). */
export function closeNormwise(got: number | ArrayLike<number>, exp: number | ArrayLike<number>, tol: number): boolean {
  const g = typeof got === 'number' ? [got] : Array.from(got), e = typeof exp === 'number' ? [exp] : Array.from(exp);
  if (g.length !== e.length) return false;
  let diff = 0, scale = 0;
  for (let i = 0; i < e.length; i++) { diff = Math.max(diff, Math.abs(g[i] - e[i])); scale = Math.max(scale, Math.abs(e[i])); }
  return diff <= tol * scale;
}

/** R_n(s*) = (mu²/sigma⁴) ∫ pbar(y) Var W(y) dy (SPEC §1), pbar = (1/n) Σ_i N(mu x_i, sigma²)
 *  densities, over [mu x_1 - 20 sigma, mu x_n + 20 sigma] (outside, pbar · Var W < e^{-200} of its
 *  peak); pbar · Var W from the centred moments, so tiny risks keep their relative accuracy. */
export function riskSStarQuadrature(x: number[], mu: number, sigma: number, relTol = 1e-11): number {
  const n = x.length;
  const lo = mu * Math.min(...x) - 20 * sigma, hi = mu * Math.max(...x) + 20 * sigma;
  const norm = 1 / (n * Math.sqrt(2 * Math.PI) * sigma);
  const f = (y: number): number => {
    const m = posteriorMoments(x, mu, sigma, y);
    return norm * Math.exp(m.logSum) * m.variance;
  };
  const q = integrate(f, panelBreaks(x, mu, sigma, lo, hi), { relTol });
  if (!q.converged) throw new Error('R_n(s*) quadrature did not converge');
  return (mu * mu / sigma ** 4) * q.value;
}

/** Composite Simpson on [a, b] with an even number of intervals N. */
export function simpson(f: (t: number) => number, a: number, b: number, N: number): number {
  const h = (b - a) / N;
  let s = f(a) + f(b);
  for (let k = 1; k < N; k++) s += (k % 2 === 1 ? 4 : 2) * f(a + k * h);
  return (s * h) / 3;
}
