// The public reference cases of `bigstep compute` (test/fixtures/compute-public.jsonl) for the
// exact 1-D ops — risk, risk-sstar, grad, hessian (all and theory), excess-risk (exact parts) —
// through the analysis functions on both backends, with the comparison rules of
// ../shared/cases/README.md (norm-wise; closed forms 1e-8, quadratures relative 1e-6).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { excessRiskExact, gradExact, hessianExact, riskExact, riskSStar } from '../src/analysis/exact1d.js';
import { Dataset } from '../src/model/dataset.js';
import { Net } from '../src/model/net.js';
import { normwiseError, ts, wasm } from './helpers/parity.js';

interface Case { input: Record<string, unknown> & { op: string; mu: number; sigma: number; x: number[] }; expected: Record<string, unknown> }
const CASES: Case[] = readFileSync(new URL('./fixtures/compute-public.jsonl', import.meta.url), 'utf8')
  .trim().split('\n').map((line) => JSON.parse(line) as Case)
  .filter((c) => ['risk', 'risk-sstar', 'grad', 'hessian', 'excess-risk'].includes(c.input.op) && !Array.isArray(c.input.x[0]));

/** The README's rule: max |got - exp| <= tol · max |exp|. */
function within(got: ArrayLike<number>, exp: ArrayLike<number>, tol: number): void {
  expect(normwiseError(got, exp)).toBeLessThanOrEqual(tol);
}

describe.each([['wasm', wasm], ['ts', ts]] as const)('compute-public.jsonl (%s)', (_name, be) => {
  it('covers risk, risk-sstar, grad, hessian and excess-risk', () => {
    expect(new Set(CASES.map((c) => c.input.op))).toEqual(new Set(['risk', 'risk-sstar', 'grad', 'hessian', 'excess-risk']));
  });
  CASES.forEach((c, k) => {
    const { op, mu, sigma, x } = c.input;
    it(`case ${k}: ${op} (n = ${x.length}, sigma = ${sigma})`, () => {
      const noise = { mu, sigma };
      if (op === 'risk-sstar') {
        within([riskSStar(x, noise)], [c.expected.value as number], 1e-6);
        return;
      }
      const net = Net.fromModel(be, c.input.model, 1), data = Dataset.from(be, x, 1);
      const e = c.expected as Record<string, number & number[] & { order: string; matrix: number[][] }>;
      if (op === 'risk') {
        within([riskExact(net, data, noise)], [e.value], 1e-8);
        within([riskSStar(data, noise)], [e.sstar], 1e-6);
      } else if (op === 'grad') {
        within(gradExact(net, data, noise).grad, [...e.w1, ...e.b, ...e.w2], 1e-8);
      } else if (op === 'hessian') {
        for (const params of ['all', 'theory'] as const) {
          const h = hessianExact(net, data, noise, params);
          expect(h.order).toBe(e[params].order);
          within(h.matrix, e[params].matrix.flat(), 1e-8);
        }
      } else if (op === 'excess-risk') {
        const ex = excessRiskExact(net, data, noise);
        within([ex.value], [e.value], 1e-6);
        within([ex.risk], [e.risk], 1e-6);
        within([ex.riskSStar], [e.risk_sstar], 1e-6);
      }
      net.free(); data.free();
    });
  });
});
