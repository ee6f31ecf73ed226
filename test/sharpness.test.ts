// The exact sharpness (Lanczos on exact Hessian–vector products) against a dense symmetric
// eigensolver of the exact dense Hessian, for small widths, both models and both parameter sets.
import { describe, expect, it } from 'vitest';
import { hessianExact } from '../src/analysis/exact1d.js';
import { symmetricEigenvalues } from '../src/analysis/eigen.js';
import { sharpnessExact, stabilityBound } from '../src/analysis/sharpness.js';
import { Dataset } from '../src/model/dataset.js';
import { Net } from '../src/model/net.js';
import { noiseAt } from '../src/model/schedule.js';
import { train } from '../src/model/train.js';
import { BACKENDS } from './helpers/parity.js';

describe.each(BACKENDS.map((be) => [be.name, be] as const))('sharpness on %s', (_name, be) => {
  for (const kind of ['theory', 'experiment'] as const) {
    for (const t of [0.2, 0.05]) {
      it(`${kind} model, m = 40, t = ${t}: Lanczos = Jacobi on the dense Hessian (theory and all)`, () => {
        const noise = noiseAt(t);
        const data = Dataset.sample(be, { n: 12, d: 1, seed: 61 });
        const net = kind === 'theory' ? Net.theory(be, { m: 40, seed: 62 }) : Net.experiment(be, { dIn: 1, dOut: 1, m: 40, seed: 62 });
        train(net, data, { ...noise, eta: 0.1, B: 50, epochs: 1500, seed: 63, trainW1: kind === 'experiment' });
        for (const params of ['theory', 'all'] as const) {
          const H = hessianExact(net, data, noise, params);
          const eig = symmetricEigenvalues(H.matrix, H.size);
          const s = sharpnessExact(net, data, noise, params, 0.1);
          const scale = Math.max(Math.abs(eig[0]), Math.abs(eig[eig.length - 1]));
          expect(s.converged).toBe(true);
          expect(Math.abs(s.value - eig[eig.length - 1])).toBeLessThan(1e-9 * scale);
          expect(Math.abs(s.lambdaMin - eig[0])).toBeLessThan(1e-7 * scale);
          expect(s.stabilityBound).toBe(stabilityBound(40, 0.1));
        }
      });
    }
  }
});
