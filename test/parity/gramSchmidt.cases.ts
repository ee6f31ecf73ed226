import type { ParityCase } from '../helpers/parity.js';
import { seededNormals, snapshot } from '../helpers/parity.js';

// The twin mirrors the kernel's lane order: bit-identical.
function gs(label: string, k: number, P: number): ParityCase {
  return {
    kernel: 'gramSchmidt', label, tol: { default: 0 },
    run: (be) => {
      const Q = be.f64From(seededNormals(51, k * P)), w = be.f64From(seededNormals(52, P)), h = be.f64(k);
      be.gramSchmidt(Q, k, P, w, h);
      return { w: snapshot(w), h: snapshot(h) };
    },
  };
}

export const cases: ParityCase[] = [
  gs('k = 1, P = 1', 1, 1), gs('k = 3, P = 7 (tails)', 3, 7), gs('k = 40, P = 3000', 40, 3000), gs('k = 5, P = 2002', 5, 2002),
];
