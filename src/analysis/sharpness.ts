// Sharpness (SPEC §1): the signed largest eigenvalue of the exact loss Hessian at theta, by
// Lanczos on exact, matrix-free Hessian–vector products, beside the stability bound 2/(m eta)
// that a stable minimum of SGD with learning rate eta must satisfy (the paper's (8), for the
// batch-mean loss and the step theta ← theta − m·eta·grad).
import type { Dataset } from '../model/dataset.js';
import type { Net } from '../model/net.js';
import { positive } from '../model/validate.js';
import { hessianOperator, type HessianParams, type NoiseOptions } from './exact1d.js';
import { extremeEigenvalues } from './lanczos.js';

export interface Sharpness {
  params: HessianParams;
  /** Signed lambda_max of the Hessian in `params`. */
  value: number;
  lambdaMin: number;
  /** 2/(m eta) when eta is given. */
  stabilityBound: number | null;
  /** Hessian–vector products used, and the Ritz residual bounds of the two extremes. */
  iterations: number;
  residualMax: number;
  residualMin: number;
  converged: boolean;
}

/** 2/(m eta): the largest sharpness at which SGD with learning rate eta (step m·eta·grad) can
 *  rest at a minimum (the paper's stability condition, (8)). */
export function stabilityBound(m: number, eta: number): number {
  return 2 / (m * positive('eta', eta));
}

/** Exact sharpness of R_n at the 1-D net: `theory` (w2, b; w1 fixed) or `all` (w1, b, w2). */
export function sharpnessExact(net: Net, data: Dataset, noise: NoiseOptions, params: HessianParams = 'theory',
  eta?: number): Sharpness {
  const bound = eta === undefined ? null : stabilityBound(net.shape.m, eta);
  const op = hessianOperator(net, data, noise, params);
  try {
    const r = extremeEigenvalues(net.backend, { size: op.size, apply: (v, out) => { op.apply(v, out); } }, { tol: 1e-10, tolMin: 1e-8 });
    return {
      params: op.params, value: r.lambdaMax, lambdaMin: r.lambdaMin, stabilityBound: bound,
      iterations: r.iterations, residualMax: r.residualMax, residualMin: r.residualMin, converged: r.converged,
    };
  } finally {
    op.free();
  }
}
