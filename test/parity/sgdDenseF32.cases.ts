// sgdDenseF32 must give bit-identical parameters, losses, generator state and step count on both
// backends, on sgdDense.cases.ts's runs (fewer epochs where the TS twin's Math.fround loops are slow).
import { scratchLength } from '../../src/backend/index.js';
import type { Backend } from '../../src/backend/index.js';
import type { Outputs, ParityCase } from '../helpers/parity.js';
import { snapshot } from '../helpers/parity.js';
import { runs, type SgdRun } from './sgdDense.cases.js';

/** Run sgdDenseF32 from `seed` on the f32 rounding of the run's parameters and data. */
export function runSgdF32(be: Backend, r: SgdRun): Outputs {
  const params = be.f32From(r.params()), x = be.f32From(r.x());
  const rng = be.f64(6), losses = be.f64(r.epochs);
  const scratch = be.f32(scratchLength.sgdDenseF32(r.d, r.m, r.B));
  be.rngSeed(rng, r.seed);
  const done = be.sgdDenseF32(params, r.d, r.m, x, r.n, r.mu, r.sigma, r.eta, r.B, r.epochs, r.trainW1, rng, losses, scratch);
  const out = { done, params: snapshot(params), losses: snapshot(losses).slice(0, Math.min(done + 1, r.epochs)), rng: snapshot(rng) };
  for (const buf of [params, x, rng, losses, scratch]) buf.free();
  return out;
}

const shorter = (r: SgdRun): SgdRun => (r.m * r.d >= 1000 ? { ...r, epochs: r.d === 10 ? 30 : 200, label: r.label.replace(/\d+ epochs/, `${r.d === 10 ? 30 : 200} epochs`) } : r);

export const cases: ParityCase[] = runs.map(shorter).map((r): ParityCase => ({
  kernel: 'sgdDenseF32', label: r.label, tol: { default: 0 }, run: (be) => runSgdF32(be, r),
}));
