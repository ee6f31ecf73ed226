// Parity of the f32x4 benchmark probe: the same checksum bit for bit (f32 multiply-adds in the same order).
import type { ParityCase } from '../helpers/parity.js';

export const cases: ParityCase[] = [{
  kernel: 'peakF32', label: 'checksum', tol: { default: 0 },
  run: (be) => ({ checksum: be.peakF32(1000) }),
}];
