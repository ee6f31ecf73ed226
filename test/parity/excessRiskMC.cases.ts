import { RNG_STATE_LENGTH, scratchLength } from '../../src/backend/index.js';
import { experimentParams, gaussianParams } from '../helpers/nets.js';
import type { ParityCase } from '../helpers/parity.js';
import { seededNormals, snapshot } from '../helpers/parity.js';

// Same draws, same chunks, same Welford updates; the backends differ only through s* (exp)
// and the network's lane sums, each <= 1e-15 relative, so the estimate agrees to 1e-10.
function mc(label: string, d: number, n: number, m: number, draws: number, sigma: number, gaussian = false): ParityCase {
  return {
    kernel: 'excessRiskMC', label, tol: { default: 1e-10 },
    run: (be) => {
      const params = be.f64From(gaussian ? gaussianParams(31, d, m, d) : experimentParams(31, d, m, d));
      const x = be.f64From(seededNormals(32, n * d));
      const rng = be.f64(RNG_STATE_LENGTH), out = be.f64(2), scratch = be.f64(scratchLength.excessRisk(d, m));
      be.rngSeed(rng, 33);
      be.excessRiskMC(params, d, m, x, n, Math.sqrt(1 - sigma * sigma), sigma, draws, rng, out, scratch);
      return { estimate: snapshot(out), rngState: new Float64Array(new Uint32Array(snapshot(rng).buffer).slice(0, 8)) };
    },
  };
}

export const cases: ParityCase[] = [
  mc('d = 1, n = 20, m = 50, 600 draws (three chunks)', 1, 20, 50, 600, 0.57),
  mc('d = 1, sigma = 1e-3', 1, 20, 30, 100, 1e-3, true),
  mc('d = 1, n = 1, m = 1', 1, 1, 1, 257, 0.3),
  mc('d = 2, n = 5, m = 20', 2, 5, 20, 300, 0.5),
  mc('d = 10, n = 3, m = 7', 10, 3, 7, 100, 0.3),
];
