// The fig1-size step timing shared by the page's worker and Node (web/speed.ts), so the two
// numbers of the Chromium/Node ratio come from the same code.
import type { Backend } from '../../../src/backend/contract.js';
import { Dataset } from '../../../src/model/dataset.js';
import { Net } from '../../../src/model/net.js';
import { train } from '../../../src/model/train.js';

/** µs per fig1-size SGD step (d = 1, n = 20, m = 1000, B = 50, experiment model, sgd1d through
 *  train()), `repeats` timings of `steps` steps after one warm-up. */
export function benchFig1Step(be: Backend, steps: number, repeats: number): number[] {
  const data = Dataset.sample(be, { n: 20, d: 1, seed: 1 });
  const net = Net.experiment(be, { dIn: 1, dOut: 1, m: 1000, seed: 2 });
  const out: number[] = [];
  try {
    const opts = { mu: Math.exp(-0.2), sigma: Math.sqrt(-Math.expm1(-0.4)), eta: 0.05, B: 50, epochs: steps, chunk: 1000, seed: 3 };
    train(net, data, opts);
    for (let r = 0; r < repeats; r++) {
      const t0 = performance.now();
      train(net, data, { ...opts, seed: 4 + r });
      out.push((1000 * (performance.now() - t0)) / steps);
    }
  } finally {
    net.free();
    data.free();
  }
  return out;
}

