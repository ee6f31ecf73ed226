// The `sampled` sharpness (no kink terms, fixed noise sample) against the exact one in 1-D, and
// its cost at d = 10: `npx tsx bench/sampledVsExact.ts [draws1d=2000] [draws10=200]`.
// 1-D: fig2's setting (n = 20, m = 1000, t = 0.2, B = 50, the paper's etas and epochs, one
// simulation); λ_max of the exact Hessian (Lanczos on hessianVector1d), of the exact Hessian
// minus its kink part (Lanczos on H v − K v), and of the sampled Hessian (two sample seeds).
// d = 10: one model trained 5000 steps at eta = 0.1, sharpnessSampled timed.
import { createBackend } from '../src/backend/index.js';
import { hessianOperator } from '../src/analysis/exact1d.js';
import { applyKinkPart, kinkTerms1d } from '../src/analysis/kinks1d.js';
import { extremeEigenvalues } from '../src/analysis/lanczos.js';
import { sharpnessExact } from '../src/analysis/sharpness.js';
import { sharpnessSampled } from '../src/analysis/sharpnessSampled.js';
import { Dataset } from '../src/model/dataset.js';
import { Net } from '../src/model/net.js';
import { noiseAt } from '../src/model/schedule.js';
import { train } from '../src/model/train.js';

const draws1 = Number(process.argv[2] ?? 2000), draws10 = Number(process.argv[3] ?? 200);
const be = await createBackend('wasm');
const noise = noiseAt(0.2);
const data = Dataset.sample(be, { n: 20, d: 1, seed: 101 });
for (const [eta, epochs] of [[0.5, 5000], [0.1, 25000], [0.05, 50000], [0.01, 200000]] as const) {
  const net = Net.experiment(be, { dIn: 1, dOut: 1, m: 1000, seed: 102 });
  const r = train(net, data, { ...noise, eta, B: 50, epochs, seed: 103 });
  if (r.divergedAtEpoch !== null) { console.log(`eta=${eta}: diverged`); continue; }
  const exact = sharpnessExact(net, data, noise, 'all', eta);
  const op = hessianOperator(net, data, noise, 'all'), k = kinkTerms1d(net, data, noise), kv = new Float64Array(3000);
  const noKink = extremeEigenvalues(be, {
    size: 3000, apply: (v, out) => { op.apply(v, out); applyKinkPart(k, v, kv); for (let i = 0; i < 3000; i++) out[i] -= kv[i]; },
  }, { tol: 1e-10, tolMin: 1e-6 });
  op.free();
  const t0 = performance.now();
  const s1 = sharpnessSampled(net, data, noise, { draws: draws1, seed: 104 });
  const ms = performance.now() - t0;
  const s2 = sharpnessSampled(net, data, noise, { draws: draws1, seed: 105 });
  console.log(`d=1 eta=${eta}: exact ${exact.value.toExponential(4)}  exact-no-kink ${noKink.lambdaMax.toExponential(4)}  ` +
    `sampled(${draws1}/pt) ${s1.value.toExponential(4)}, ${s2.value.toExponential(4)}  bound ${exact.stabilityBound!.toExponential(3)}  ` +
    `[sampled: ${s1.iterations} products, ${ms.toFixed(0)} ms]`);
  net.free();
}
const data10 = Dataset.sample(be, { n: 20, d: 10, seed: 201 });
const net10 = Net.experiment(be, { dIn: 10, dOut: 10, m: 1000, seed: 202 });
train(net10, data10, { ...noise, eta: 0.1, B: 50, epochs: 5000, seed: 203 });
for (const draws of [draws10, Math.max(1, Math.round(draws10 / 4))]) {
  const t0 = performance.now();
  const s = sharpnessSampled(net10, data10, noise, { draws, seed: 204, eta: 0.1 });
  const ms = performance.now() - t0;
  console.log(`d=10 m=1000 draws=${draws}/pt (N=${20 * draws}): sampled ${s.value.toExponential(4)} (λmin ${s.lambdaMin.toExponential(3)}), ` +
    `bound ${s.stabilityBound!.toExponential(3)}, ${s.iterations} products, converged ${s.converged}, ${(ms / 1000).toFixed(2)} s (${(ms / s.iterations).toFixed(0)} ms/product)`);
}
