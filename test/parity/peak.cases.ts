// Parity of the benchmark probe: the same checksum (its multiply-adds in the same order).
import type { ParityCase } from '../helpers/parity.js';

export const cases: ParityCase[] = [{
  kernel: 'peak', label: 'checksum', tol: { default: 1e-12 },
  run: (be) => ({ checksum: be.peak(1000) }),
}];
