import type { Backend } from '../../src/backend/index.js';
import { scratchLength } from '../../src/backend/index.js';
import type { Outputs, ParityCase } from '../helpers/parity.js';
import { seededNormals, snapshot } from '../helpers/parity.js';

// w2Assignment: the twin does the Wasm lanes' operations per column in the same order and takes
// the same lexicographic minimum, so costs, Dijkstra decisions, potentials and sums agree bit
// for bit (tol 0): W2² and the dual objective, the matching, the potentials (u, v).
function run(be: Backend, n: number, d: number, makeY: () => Float64Array, xs = seededNormals(51, n * d, 1.5)): Outputs {
  const X = be.f64From(xs), Y = be.f64From(makeY());
  const out = be.f64(2), matching = be.f64(n), potentials = be.f64(2 * n), scratch = be.f64(scratchLength.w2Assignment(n, d));
  be.w2Assignment(X, Y, n, d, out, matching, potentials, scratch);
  const res: Outputs = { out: snapshot(out), matching: snapshot(matching), potentials: snapshot(potentials) };
  for (const b of [X, Y, out, matching, potentials, scratch]) b.free();
  return res;
}
const other = (n: number, d: number, shift = 0) => (): Float64Array => seededNormals(52, n * d).map((v) => v + shift);
/** Integer points on a small grid: many equal costs, so the tie rules decide. */
const grid = (n: number, d: number) => (): Float64Array => seededNormals(53, n * d, 2).map(Math.round);

export const cases: ParityCase[] = [
  { kernel: 'w2Assignment', label: 'd 2, n 300 (the fig3 dimension), shifted', tol: { default: 0 },
    run: (be) => run(be, 300, 2, other(300, 2, 0.5)) },
  { kernel: 'w2Assignment', label: 'd 3, n 51 (odd last column in lane 0)', tol: { default: 0 },
    run: (be) => run(be, 51, 3, other(51, 3)) },
  { kernel: 'w2Assignment', label: 'd 10, n 120', tol: { default: 0 }, run: (be) => run(be, 120, 10, other(120, 10)) },
  { kernel: 'w2Assignment', label: 'd 1, n 77 against integer points (ties)', tol: { default: 0 },
    run: (be) => run(be, 77, 1, grid(77, 1)) },
  { kernel: 'w2Assignment', label: 'd 2, n 64, integer points against themselves permuted (all-zero optimum, ties)', tol: { default: 0 },
    run: (be) => run(be, 64, 2, () => {
      const g = grid(64, 2)(), out = new Float64Array(g.length);
      for (let i = 0; i < 64; i++) { const p = (i * 37) % 64; out[2 * p] = g[2 * i]; out[2 * p + 1] = g[2 * i + 1]; }
      return out;
    }, grid(64, 2)()) },
  { kernel: 'w2Assignment', label: 'd 2, n 150: Y at 10 points + 1e-3 noise (near ties, long paths), X shifted',
    tol: { default: 0 }, run: (be) => run(be, 150, 2, () => {
      const w = seededNormals(54, 300);
      return w.map((v, k) => w[(Math.floor(k / 2) % 10) * 2 + (k % 2)] + 1e-3 * v);
    }, seededNormals(55, 300, 2).map((v) => v + 3)) },
  { kernel: 'w2Assignment', label: 'n 1, d 1 (smallest)', tol: { default: 0 }, run: (be) => run(be, 1, 1, other(1, 1)) },
  { kernel: 'w2Assignment', label: 'n 2, d 5', tol: { default: 0 }, run: (be) => run(be, 2, 5, other(2, 5)) },
];
