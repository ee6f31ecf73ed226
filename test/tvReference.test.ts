// TV_pi(s*), R_n(s*) and pi against 50-digit references computed by other algorithms
// (scripts/tv-reference.py, mpmath: every zero of s*'' located first and tanh-sinh between them;
// pi by quadrature of its definition; R_n(s*) by tanh-sinh, checked against eq. (5) for n = 2).
// test/fixtures/tv-reference.json holds the inputs literally: n = 2 (gaps 1.5, 3 sigma, sigma²),
// 15 and 50 (N(0,1) draws plus pairs at gaps sigma² and sigma/10), sigma from 0.01 to 0.9,
// mu = sqrt(1 - sigma²); and the `op: "tv"` case of compute-public.jsonl ("public-tv").
// Every quantity must agree to 1e-10 relative, and the quadrature's error estimate for
// TV_pi(s*), plus 1e-11 relative for the rounding in s*'' itself (which no estimate of the
// discretisation error sees: kappa3 cancels where W's law is nearly symmetric), must bound its
// actual error.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { riskSStar } from '../src/analysis/exact1d.js';
import { tvSStarQuadrature } from '../src/analysis/tv.js';
import { tvWeight } from '../src/analysis/tvWeight.js';

interface ReferenceCase {
  name: string;
  sigma: number;
  mu: number;
  x: number[];
  y: number[];
  /** Decimal strings, 30 digits. */
  tv_sstar: string;
  risk_sstar: string;
  pi: string[];
}

const CASES = (JSON.parse(readFileSync(new URL('./fixtures/tv-reference.json', import.meta.url), 'utf8')) as
  { cases: ReferenceCase[] }).cases;
const TOL = 1e-10;
/** References below this are out of the double range (R_n(s*) = 4e-1216 for two points 150 sigma
 *  apart): the computed value must then be as small. */
const TINY = 1e-290;

/** |got - ref| / |ref|, ref a decimal string. */
function relativeError(got: number, ref: string): number {
  const r = Number(ref);
  return Math.abs(got - r) / Math.abs(r);
}

const label = (c: ReferenceCase): string => `${c.name}, sigma = ${c.sigma}`;

describe('reference values (scripts/tv-reference.py): relative 1e-10', () => {
  it('covers n = 2, 15, 50 and sigma = 0.01 ... 0.9, and the public case', () => {
    const sweep = CASES.filter((c) => c.name !== 'public-tv');
    expect(new Set(sweep.map((c) => c.x.length))).toEqual(new Set([2, 15, 50]));
    expect(new Set(sweep.map((c) => c.sigma))).toEqual(new Set([0.01, 0.02, 0.05, 0.1, 0.3, 0.6, 0.9]));
    expect(sweep.length).toBe(35);
    expect(CASES.filter((c) => c.name === 'public-tv').length).toBe(1);
  });

  it.each(CASES.map((c) => [label(c), c] as const))('TV_pi(s*), %s', (_, c) => {
    const q = tvSStarQuadrature(c.x, c.mu, c.sigma);
    const ref = Number(c.tv_sstar);
    expect(q.converged).toBe(true);
    expect(relativeError(q.value, c.tv_sstar)).toBeLessThanOrEqual(TOL);
    expect(Math.abs(q.value - ref)).toBeLessThanOrEqual(q.error + 1e-11 * ref);
  });

  it.each(CASES.map((c) => [label(c), c] as const))('R_n(s*), %s', (_, c) => {
    const got = riskSStar(c.x, { mu: c.mu, sigma: c.sigma });
    if (Number(c.risk_sstar) < TINY) expect(got).toBeLessThan(TINY);
    else expect(relativeError(got, c.risk_sstar)).toBeLessThanOrEqual(TOL);
  });

  it.each(CASES.map((c) => [label(c), c] as const))('pi, %s', (_, c) => {
    const w = tvWeight(c.x, c.mu, c.sigma);
    c.y.forEach((y, k) => expect(relativeError(w.pi(y), c.pi[k])).toBeLessThanOrEqual(TOL));
  });
});
