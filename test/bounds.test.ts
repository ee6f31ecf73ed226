// The paper's bounds on hand-made instances (each hypothesis flag, each bound against the
// quantity it bounds, computed here), Lemma 12, validation, and the reference case
// `op: "bounds"` of compute-public.jsonl.
import { describe, expect, it } from 'vitest';
import { CONDITION_FLAGS, modelSummary, theoryBounds, type BoundsInput, type TheoryBounds } from '../src/analysis/bounds.js';
import { integrate } from '../src/analysis/quadrature.js';
import { sStarDerivatives } from '../src/analysis/sstar1d.js';
import { panelBreaks, tvNet, tvSStar } from '../src/analysis/tv.js';
import { InputError } from '../src/model/errors.js';
import { closeNormwise, fixtures, riskSStarQuadrature } from './helpers/tvRef.js';

/** Inputs whose network-side quantities do not matter for the test at hand. */
function instance(x: number[], mu: number, sigma: number, extra: Partial<BoundsInput> = {}): BoundsInput {
  return {
    x, mu, sigma, riskSStar: riskSStarQuadrature(x, mu, sigma), tvSStar: tvSStar(x, mu, sigma),
    riskNet: 1, tvNet: 0.5, lambdaMax: 3, maxAbsW2: 2, m: 10, w1PlusMinusOne: true, ...extra,
  };
}

/** Every `hypothesis` is the conjunction of the flags listed in CONDITION_FLAGS. */
function checkConjunctions(r: TheoryBounds): void {
  for (const key of Object.keys(CONDITION_FLAGS) as (keyof typeof CONDITION_FLAGS)[]) {
    const rec = r[key] as unknown as Record<string, unknown>;
    const flags = CONDITION_FLAGS[key].filter((f) => rec[f] !== undefined);
    for (const f of flags) expect(typeof rec[f]).toBe('boolean');
    expect(r[key].hypothesis).toBe(flags.every((f) => rec[f] === true));
    expect(r[key].holds === null).toBe(!r[key].hypothesis);
  }
}

// Widely spaced data (Delta = 1) at small noise: every hypothesis on the data holds.
const WIDE = [-5, -3.8, -2.6, -1.4, 0, 1, 2.3, 3.5, 4.9, 6, 7.2, 8.5];
const MU = 0.99, SIGMA = 0.05;

describe('bounds on widely spaced data with small sigma', () => {
  const input = instance(WIDE, MU, SIGMA);
  const r = theoryBounds(input);

  it('n, Delta, span', () => {
    expect(r.n).toBe(12);
    expect(r.Delta).toBeCloseTo(1, 14);
    expect(r.span).toBe(13.5);
    checkConjunctions(r);
  });

  it('(10): Delta >= 2 sigma/mu holds, and so does the bound for R_n(s*) computed here', () => {
    expect(r.eq10.Delta_ge_2sigma_over_mu).toBe(true);
    expect(r.eq10.hypothesis).toBe(true);
    expect(r.eq10.value).toBe(input.riskSStar);
    expect(input.riskSStar).toBeGreaterThan(0);
    expect(r.eq10.value).toBeLessThanOrEqual(r.eq10.bound);
    expect(r.eq10.holds).toBe(true);
    expect(r.eq10.bound).toBeCloseTo(4 * MU ** 2 * 13.5 ** 2 / SIGMA ** 4 * Math.exp(-(MU ** 2) / (32 * SIGMA ** 2)), 6);
  });

  it('Theorem 4: 16 n³ e^{-mu² Delta²/(4 sigma²)} <= 1 and n >= 10, and TV_pi(s*) computed here is above the bound', () => {
    expect(r.thm4.exp_condition_16n3).toBe(true);
    expect(r.thm4.n_ge_10).toBe(true);
    expect(r.thm4.hypothesis).toBe(true);
    expect(r.thm4.bound).toBeCloseTo(MU ** 3 * 12 / (4096 * SIGMA ** 4), 8);
    expect(r.thm4.value).toBeGreaterThanOrEqual(r.thm4.bound);
    expect(r.thm4.holds).toBe(true);
  });

  it('Theorem 8 at sigma = 0.05: sigma_2 fails (bound (10) is still above the floor)', () => {
    expect(r.thm8.sigma1).toBe(true);
    expect(r.thm8.sigma2).toBe(false);
    expect(r.thm8.hypothesis).toBe(false);
  });
});

describe('Theorem 8 on widely spaced data with sigma = 0.01', () => {
  const sigma = 0.01;
  const input = instance(WIDE, MU, sigma, { riskSStar: 0 }); // R_n(s*) ~ e^{-1200}: 0 in float64
  const { thm8 } = theoryBounds(input);

  it('sigma_1..sigma_4, A >= 1/sigma², n >= 10 all hold; eta decides', () => {
    expect([thm8.sigma1, thm8.sigma2, thm8.sigma3, thm8.sigma4, thm8.A_ge_inv_sigma2, thm8.n_ge_10]).toEqual([true, true, true, true, true, true]);
    expect(thm8.A).toBe(1 / sigma ** 2); // default max(1/sigma², max|w2|)
    expect(thm8.eta_threshold).toBeCloseTo(4096 * sigma ** 2 / (MU * 144 * 1), 14);
    expect(thm8.eta_gt_threshold).toBeUndefined();
    expect(thm8.hypothesis).toBe(true); // eta not given: not a condition
    const slow = theoryBounds({ ...input, eta: 0.5 * thm8.eta_threshold }).thm8;
    expect(slow.eta_gt_threshold).toBe(false);
    expect(slow.hypothesis).toBe(false);
    const fast = theoryBounds({ ...input, eta: 2 * thm8.eta_threshold }).thm8;
    expect(fast.eta_gt_threshold).toBe(true);
    expect(fast.hypothesis).toBe(true);
    expect(fast.value).toBe(input.riskNet - input.riskSStar);
    const floor = Math.PI * 12 ** 5 * MU ** 3 / (2 ** 36 * Math.exp(0.5) * thm8.A ** 4 * sigma ** 4);
    expect(Math.abs(fast.bound / floor - 1)).toBeLessThan(1e-14);
  });
});

describe('hypotheses that fail', () => {
  it("the paper's fig1 noise (sigma = 0.57) on close points: (10), Theorem 4, Proposition 7, Theorem 8 fail", () => {
    const x = [-1.2, -0.9, -0.35, -0.1, 0.2, 0.45, 0.8, 1.1, 1.5, 2.1];
    const r = theoryBounds(instance(x, 0.81, 0.57, { riskNet: 0.01 }));
    checkConjunctions(r);
    expect(r.eq10.Delta_ge_2sigma_over_mu).toBe(false);
    expect(r.eq10.holds).toBe(null);
    expect(r.thm4.exp_condition_16n3).toBe(false);
    expect(r.thm4.hypothesis).toBe(false);
    expect(r.prop7.Delta_ge_8sigma_over_mu).toBe(false);
    expect(r.prop7.risk_le_threshold).toBe(true);
    expect(r.prop7.hypothesis).toBe(false);
    expect(r.thm8.sigma1).toBe(false);
    expect(r.thm8.hypothesis).toBe(false);
  });

  it('n < 10 fails Theorem 4 and Proposition 7 even when the exponential condition holds', () => {
    const r = theoryBounds(instance([0, 1, 2, 3], 0.99, 0.05));
    expect(r.thm4.exp_condition_16n3).toBe(true);
    expect(r.thm4.n_ge_10).toBe(false);
    expect(r.thm4.hypothesis).toBe(false);
    expect(r.prop7.n_ge_10).toBe(false);
    expect(r.thm8.n_ge_10).toBe(false);
  });

  it('Proposition 7: the risk threshold 1/(16 n sigma²)', () => {
    const base = instance(WIDE, MU, SIGMA);
    const threshold = 1 / (16 * 12 * SIGMA ** 2);
    const low = theoryBounds({ ...base, riskNet: 0.99 * threshold, tvNet: 1e9 }).prop7;
    expect(low.risk_threshold).toBeCloseTo(threshold, 12);
    expect(low.hypothesis).toBe(true);
    expect(low.holds).toBe(true);
    expect(low.bound).toBeCloseTo(MU * 144 / (2048 * SIGMA ** 2), 10);
    const lowTv = theoryBounds({ ...base, riskNet: 0.99 * threshold, tvNet: 1 }).prop7;
    expect(lowTv.holds).toBe(false); // such a network would contradict Proposition 7
    expect(theoryBounds({ ...base, riskNet: 1.01 * threshold }).prop7.hypothesis).toBe(false);
  });

  it('Proposition 6: w1 = ±1, |w2| <= A, A >= 1/sigma²; the stable-minimum form with eta', () => {
    const base = instance(WIDE, MU, SIGMA, { lambdaMax: 40, m: 8, riskNet: 0.3, maxAbsW2: 7 });
    const r = theoryBounds({ ...base, eta: 0.1 }).prop6;
    const A = 1 / SIGMA ** 2, rest = Math.sqrt(0.3) / 2 + (A / (Math.sqrt(2 * Math.PI) * SIGMA))
      * Math.max(Math.sqrt(2 * 12 * 0.3), Math.cbrt(Math.sqrt(2 * Math.PI) * Math.E * A * SIGMA * 12 * 0.3));
    expect(r.bound).toBeCloseTo(40 * 8 / 4 + rest, 8);
    expect(r.stable_first_term).toBe(5);
    expect(r.bound_stable).toBeCloseTo(5 + rest, 8);
    expect(r.stability_threshold).toBeCloseTo(2 / (8 * 0.1), 15);
    expect(r.stable).toBe(false);
    expect(theoryBounds({ ...base, eta: 0.001 }).prop6.stable).toBe(true);
    expect(r.hypothesis).toBe(true);
    expect(theoryBounds({ ...base, w1PlusMinusOne: false }).prop6.hypothesis).toBe(false);
    const smallA = theoryBounds({ ...base, A: 0.5 });
    expect(smallA.prop6.w2_le_A).toBe(false);
    expect(smallA.prop6.A_ge_inv_sigma2).toBe(false);
    expect(smallA.thm8.A_ge_inv_sigma2).toBe(false);
    expect(smallA.thm8.sigma3).toBe(false); // a small A makes the floor, hence (19), too large for (20)
  });

  it('Theorem 8: sigma_2 says exactly that bound (10) is below the floor; sigma_1 that Delta >= 8 sigma/mu', () => {
    for (const [sigma, A] of [[0.05, undefined], [0.08, undefined], [0.1, 1e3], [0.12, undefined], [0.2, undefined]] as const) {
      const r = theoryBounds(instance(WIDE, MU, sigma, { A }));
      expect(r.thm8.sigma2).toBe(r.eq10.bound <= r.thm8.bound);
      expect(r.thm8.sigma1).toBe(MU * 1 >= 8 * sigma);
    }
    expect(theoryBounds(instance(WIDE, MU, 0.2)).thm8.sigma2).toBe(false);
  });
});

describe('Lemma 12', () => {
  it('C_n/(2 sigma⁶) bounds ∫ |s*\'\'| (computed here) and A_safe = C_n/sigma⁶', () => {
    for (const [x, mu, sigma] of [[[-1, -0.3, 0.4, 1.2], 0.9, 0.3], [[-0.8, 0.1, 0.5, 1.9, 2.4], 0.6, 0.5]] as const) {
      const lo = mu * x[0] - 30 * sigma, hi = mu * x[x.length - 1] + 30 * sigma;
      const q = integrate((y) => Math.abs(sStarDerivatives(x, mu, sigma, y).d2), panelBreaks(x, mu, sigma, lo, hi));
      const r = theoryBounds(instance([...x], mu, sigma));
      expect(q.value).toBeGreaterThan(0);
      expect(q.value).toBeLessThanOrEqual(r.lemma12.C_n / (2 * sigma ** 6));
      expect(r.lemma12.A_safe).toBeCloseTo(r.lemma12.C_n / sigma ** 6, 6);
      const span = x[x.length - 1] - x[0], Delta = Math.min(...x.slice(1).map((v, i) => v - x[i]));
      const Cn = 8 * mu ** 2 * span ** 3 * (mu ** 2 * (Math.max(0, x[x.length - 1]) - Math.min(0, x[0])) + 2 * (x.length - 1) * sigma ** 2 / Delta);
      expect(r.lemma12.C_n).toBeCloseTo(Cn, 10);
    }
  });
});

describe('validation', () => {
  const field = (patch: Partial<Record<keyof BoundsInput, unknown>>): string | undefined => {
    try { theoryBounds({ ...instance([0, 1], 0.9, 0.3), ...patch } as BoundsInput); } catch (e) { return e instanceof InputError ? e.field : 'other'; }
    return undefined;
  };
  it('names the field at fault', () => {
    expect(field({})).toBeUndefined();
    expect(field({ x: [1] })).toBe('x');
    expect(field({ x: [0, 1, 1] })).toBe('x');
    expect(field({ sigma: 1 })).toBe('sigma');
    expect(field({ riskNet: -1 })).toBe('riskNet');
    expect(field({ lambdaMax: NaN })).toBe('lambdaMax');
    expect(field({ m: 0 })).toBe('m');
    expect(field({ eta: 0 })).toBe('eta');
    expect(field({ A: -2 })).toBe('A');
  });
});

describe('reference case op "bounds" (bound, value, hypothesis: relative 1e-6)', () => {
  for (const [k, { input, expected }] of fixtures('bounds').entries()) {
    it(`case ${k}`, () => {
      const { x, mu, sigma, model, eta } = input;
      // Computed here: R_n(s*) (quadrature), TV_pi(s*), TV_pi(s_theta), m, max|w2|, w1 = ±1.
      // Fed from the case's `expected`, because the exact risk R_n(theta) and the Hessian's
      // lambda_max are built in other modules: prop6.risk and prop6.lambda_max.
      const r = theoryBounds({
        x, mu, sigma, eta,
        riskSStar: riskSStarQuadrature(x, mu, sigma),
        tvSStar: tvSStar(x, mu, sigma),
        tvNet: tvNet(model, x, mu, sigma),
        riskNet: expected.prop6.risk,
        lambdaMax: expected.prop6.lambda_max,
        ...modelSummary(model),
      });
      checkConjunctions(r);
      expect(r.n).toBe(expected.n);
      expect(closeNormwise(r.Delta, expected.Delta, 1e-12)).toBe(true);
      expect(closeNormwise(r.span, expected.span, 1e-12)).toBe(true);
      for (const key of ['eq10', 'thm4', 'prop6', 'prop7', 'thm8'] as const) {
        expect(closeNormwise(r[key].bound, expected[key].bound, 1e-6), `${key}.bound`).toBe(true);
        expect(closeNormwise(r[key].value, expected[key].value, 1e-6), `${key}.value`).toBe(true);
        expect(r[key].hypothesis, `${key}.hypothesis`).toBe(expected[key].hypothesis);
      }
      expect(closeNormwise(r.thm8.eta_threshold, expected.thm8.eta_threshold, 1e-12)).toBe(true);
      expect(closeNormwise(r.lemma12.C_n, expected.lemma12.C_n, 1e-12)).toBe(true);
      expect(closeNormwise(r.lemma12.A_safe, expected.lemma12.A_safe, 1e-12)).toBe(true);
      expect(closeNormwise(r.prop6.bound_stable!, expected.prop6.bound_stable, 1e-12)).toBe(true);
      // The per-condition flags are informative; where they correspond, they agree.
      const same: [boolean | undefined, boolean][] = [
        [r.thm4.exp_condition_16n3, expected.thm4.condition_16n3], [r.thm8.sigma1, expected.thm8.sigma1_Delta_ge_8sigma_over_mu],
        [r.thm8.sigma2, expected.thm8.sigma2_condition], [r.thm8.sigma3, expected.thm8.eq20_condition],
        [r.thm8.sigma4, expected.thm8.sigma4_condition], [r.thm8.eta_gt_threshold, expected.thm8.eta_condition],
        [r.prop6.stable, expected.prop6.stability_condition], [r.prop7.Delta_ge_8sigma_over_mu, expected.prop7.hypothesis_Delta],
      ];
      for (const [got, exp] of same) expect(got).toBe(exp);
    });
  }
});
