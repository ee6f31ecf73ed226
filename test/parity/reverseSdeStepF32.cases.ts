// reverseSdeStepF32 mirrors the Wasm f32 arithmetic (no FMA, same order) and draws the same
// normal stream rounded to f32: bit-identical, generator state and U included. d = 5 runs the
// f32x4 path (four coordinates) and the scalar tail.
import { RNG_STATE_LENGTH } from '../../src/backend/index.js';
import type { Backend } from '../../src/backend/index.js';
import type { Outputs, ParityCase } from '../helpers/parity.js';
import { seededNormals, snapshot } from '../helpers/parity.js';

function run(be: Backend, N: number, d: number, h: number, scoreScale: number, withU: boolean, calls: number): Outputs {
  const Y = be.f32From(seededNormals(21, N * d)), S = be.f32From(seededNormals(22, N * d, 3));
  const rng = be.f64(RNG_STATE_LENGTH), U = withU ? be.f32(N * (d + 1)) : null;
  be.rngSeed(rng, 23);
  for (let k = 0; k < calls; k++) be.reverseSdeStepF32(Y, N, d, h, S, scoreScale, rng, 1 - (k + 1) * h, U);
  const out: Outputs = { Y: snapshot(Y), rng: snapshot(rng) };
  if (U) out.U = snapshot(U);
  for (const b of [Y, S, rng, U]) b?.free();
  return out;
}

export const cases: ParityCase[] = [
  { kernel: 'reverseSdeStepF32', label: 'd 2, N 1000, net scale -1/sigma, with U', tol: { default: 0 },
    run: (be) => run(be, 1000, 2, 0.0099, -1 / 0.3, true, 1) },
  { kernel: 'reverseSdeStepF32', label: 'd 5 (f32x4 + tail), N 7, s* scale 1, no U, 5 steps', tol: { default: 0 },
    run: (be) => run(be, 7, 5, 0.05, 1, false, 5) },
  { kernel: 'reverseSdeStepF32', label: 'd 1, N 5, with U, 3 steps', tol: { default: 0 },
    run: (be) => run(be, 5, 1, 0.1, 1, true, 3) },
];
