import type { ParityCase } from '../helpers/parity.js';
import { snapshot } from '../helpers/parity.js';

// The generators must agree bit for bit: every later kernel that draws noise relies on it.
export const cases: ParityCase[] = [
  ...[0, 1, 2 ** 53 - 1].map((seed): ParityCase => ({
    kernel: 'rngSeed', label: `seed ${seed}`, tol: { default: 0 },
    run: (be) => {
      const st = be.f64(6);
      be.rngSeed(st, seed);
      return { state: new Float64Array(new Uint32Array(snapshot(st).buffer).slice(0, 8)) };
    },
  })),
  {
    kernel: 'rngUniforms', label: '1e5 uniforms, two calls', tol: { default: 0 },
    run: (be) => {
      const st = be.f64(6), out = be.f64(100000);
      be.rngSeed(st, 7);
      be.rngUniforms(st, out, 50000);
      const first = snapshot(out).slice(0, 50000);
      be.rngUniforms(st, out, 100000);
      return { first, second: snapshot(out) };
    },
  },
  {
    kernel: 'rngNormals', label: '1e6 normals', tol: { default: 0 },
    run: (be) => {
      const st = be.f64(6), out = be.f64(1_000_000);
      be.rngSeed(st, 20251124);
      be.rngNormals(st, out, 1_000_000);
      return { normals: snapshot(out) };
    },
  },
  {
    kernel: 'rngNormals', label: 'odd counts keep the cached spare', tol: { default: 0 },
    run: (be) => {
      const st = be.f64(6), out = be.f64(7);
      be.rngSeed(st, 3);
      const parts: number[] = [];
      for (const count of [1, 3, 7, 2]) {
        be.rngNormals(st, out, count);
        parts.push(...snapshot(out).slice(0, count));
      }
      return { normals: parts, state: snapshot(st).slice(4) };
    },
  },
];
