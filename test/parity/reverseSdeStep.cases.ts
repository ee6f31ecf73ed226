import { RNG_STATE_LENGTH } from '../../src/backend/index.js';
import type { Backend } from '../../src/backend/index.js';
import type { Outputs, ParityCase } from '../helpers/parity.js';
import { seededNormals, snapshot } from '../helpers/parity.js';

// reverseSdeStep mirrors the Wasm arithmetic (no FMA, same order) and draws the same normal
// stream: bit-identical (tol 0), including the generator state left behind and U.
function run(be: Backend, N: number, d: number, h: number, scoreScale: number, withU: boolean, calls: number): Outputs {
  const Y = be.f64From(seededNormals(21, N * d)), S = be.f64From(seededNormals(22, N * d, 3));
  const rng = be.f64(RNG_STATE_LENGTH), U = withU ? be.f64(N * (d + 1)) : null;
  be.rngSeed(rng, 23);
  for (let k = 0; k < calls; k++) be.reverseSdeStep(Y, N, d, h, S, scoreScale, rng, 1 - (k + 1) * h, U);
  const out: Outputs = { Y: snapshot(Y), rng: snapshot(rng) };
  if (U) out.U = snapshot(U);
  for (const b of [Y, S, rng, U]) b?.free();
  return out;
}

export const cases: ParityCase[] = [
  { kernel: 'reverseSdeStep', label: 'd 2, N 1000, net scale -1/sigma, with U', tol: { default: 0 },
    run: (be) => run(be, 1000, 2, 0.0099, -1 / 0.3, true, 1) },
  { kernel: 'reverseSdeStep', label: 'd 3 (odd tail), N 7, s* scale 1, no U, 5 steps', tol: { default: 0 },
    run: (be) => run(be, 7, 3, 0.05, 1, false, 5) },
  { kernel: 'reverseSdeStep', label: 'd 1, N 5 (odd normal count keeps the spare), with U, 3 steps', tol: { default: 0 },
    run: (be) => run(be, 5, 1, 0.1, 1, true, 3) },
];
