// f32 training against f64 training (issue 14): from the same f32-representable start and the
// same draws, the parameter deviation D_K = ||θ̂_K − θ_K||₂ after K = 10, 100, 1000 steps stays
// under the rounding-model bound B_K of test/helpers/roundingModel.ts (derivation there), and the
// bound is within 10× of what is measured (it is a model, not a loose worst case).
//
// Measured (wasm; the test prints its line again), K = 10, 100, 1000:
//   1-D theory model, m = 32, n = 8, B = 16, eta = 0.003, sgd1dF32, exact Hessian:
//     D = 5.4e-7, 2.3e-6, 6.8e-6;  B = 1.6e-6, 5.6e-6, 2.4e-5  (B/D = 3.0, 2.4, 3.6)
//   d = 2 experiment model, same sizes, sgdDenseF32, sampled Hessian (16 draws per point):
//     D = 7.2e-7, 3.1e-6, 1.3e-5;  B = 1.5e-6, 6.3e-6, 6.9e-5  (B/D = 2.1, 2.0, 5.2)
// Over data/SGD seeds 1–5: D <= B in every case, B/D = 1.6–3.1 at K = 10 and 100 and 3.6–11.7
// at K = 1000 (two of ten above 10: the Lipschitz propagation takes the worst direction at every
// step). The deviation itself is a random walk of the state roundings, 0.5–1 × the unamplified
// root-sum-square sqrt(Σ_k Σ_i ulp²/12) (measured with bench/f32Compare.ts-style runs).
// Outside the model: activity flips (a batch point within rounding of a kink). None happens in
// these runs (the closest pre-activation, printed, stays a few times above the per-coordinate
// deviation); in longer or wider runs they do (1-D, eta = 0.001, another seed: D jumps 17× above
// the model near step 600), and bench/f32Compare.ts measures their effect at the paper's sizes.
import { describe, expect, it } from 'vitest';
import { sharpnessExact } from '../src/analysis/sharpness.js';
import { sharpnessSampled } from '../src/analysis/sharpnessSampled.js';
import { Dataset } from '../src/model/dataset.js';
import { Net } from '../src/model/net.js';
import { noiseAt } from '../src/model/schedule.js';
import { train } from '../src/model/train.js';
import { wasm } from './helpers/parity.js';
import { BatchReplay, boundAt, localVariance, minMargin } from './helpers/roundingModel.js';

const AT = [10, 100, 1000];
const noise = noiseAt(0.2);

interface Case { label: string; d: number; m: number; n: number; B: number; eta: number; seed: number; theory: boolean }

function measure(c: Case): { D: number[]; bound: number[]; margin: number } {
  const be = wasm, { d, m, n, B, eta, seed } = c;
  const data = Dataset.sample(be, { n, d, seed });
  const make = (precision: 'f32' | 'f64'): Net => (c.theory
    ? Net.theory(be, { m, seed: seed + 1, precision })
    : Net.experiment(be, { dIn: d, dOut: d, m, seed: seed + 1, precision }));
  const f32 = make('f32'), f64 = make('f64');
  f64.params.view().set(f32.params.view()); // the same (f32-representable) start
  const opts = { ...noise, eta, B, epochs: Math.max(...AT), seed: seed + 2, chunk: 1, trainW1: !c.theory };
  const W = B + m + d + 4, lr = m * eta;
  const v: number[] = [], L: number[] = [], at64: Float64Array[] = [], at32: Float64Array[] = [];
  const replay = new BatchReplay(opts.seed, data.x.view().slice(), n, d, B, noise.mu, noise.sigma);
  let before = f64.params.view().slice(), Lk = 1, margin = Infinity;
  const lipschitz = (): number => {
    const s = d === 1 ? sharpnessExact(f64, data, noise, c.theory ? 'theory' : 'all')
      : sharpnessSampled(f64, data, noise, { draws: 16, seed: 5 });
    return Math.max(Math.abs(1 - lr * s.value), Math.abs(1 - lr * s.lambdaMin));
  };
  train(f64, data, { ...opts, onChunk: (k) => {
    const after = f64.params.view().slice();
    margin = Math.min(margin, minMargin(before, d, m, replay.next()));
    v.push(localVariance(before, after, W));
    if ((k - 1) % 10 === 0) Lk = lipschitz(); // L_k sampled every 10 steps, held in between
    L.push(Lk);
    before = after;
    if (AT.includes(k)) at64.push(after);
  } });
  train(f32, data, { ...opts, onChunk: (k) => { if (AT.includes(k)) at32.push(f32.params.view().slice()); } });
  const D = at64.map((p, j) => Math.hypot(...p.map((x, i) => x - at32[j][i])));
  for (const net of [f32, f64]) net.free();
  data.free();
  return { D, bound: boundAt(v, L, AT), margin };
}

describe('f32 training stays within the rounding model of f64 training', () => {
  const cases: Case[] = [
    { label: '1-D theory model (sgd1dF32), exact Hessian', d: 1, m: 32, n: 8, B: 16, eta: 0.003, seed: 1, theory: true },
    { label: 'd = 2 experiment model (sgdDenseF32), sampled Hessian', d: 2, m: 32, n: 8, B: 16, eta: 0.003, seed: 1, theory: false },
  ];
  it.each(cases)('$label: D_K <= B_K <= 10 D_K at K = 10, 100, 1000', (c) => {
    const { D, bound, margin } = measure(c);
    console.log(`${c.label}: D = ${D.map((x) => x.toExponential(2)).join(', ')}; B = ${bound.map((x) => x.toExponential(2)).join(', ')}; ` +
      `B/D = ${bound.map((b, j) => (b / D[j]).toFixed(1)).join(', ')}; closest pre-activation to 0: ${margin.toExponential(2)}`);
    for (let j = 0; j < AT.length; j++) {
      expect(D[j], `K = ${AT[j]}`).toBeGreaterThan(0);
      expect(D[j], `K = ${AT[j]}: D <= B`).toBeLessThanOrEqual(bound[j]);
      expect(bound[j], `K = ${AT[j]}: B <= 10 D`).toBeLessThanOrEqual(10 * D[j]);
    }
  });
});
