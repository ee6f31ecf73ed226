// Twin of assembly/kernels/peak.ts: the same 24 scalar chains (12 pairs of lanes), 48 flops
// per round. The benchmark reports the Wasm probe as the machine's peak.

/** Run `iterations` rounds of acc_k = acc_k * a + c on 24 scalar accumulators; 48 flops/round. */
export function peak(iterations: number): number {
  const a = 0.9999999, c = 1e-7;
  let a0 = 1.0, b0 = 1.1, a1 = 1.2, b1 = 1.3, a2 = 1.4, b2 = 1.5, a3 = 1.6, b3 = 1.7;
  let a4 = 1.8, b4 = 1.9, a5 = 2.0, b5 = 2.1, a6 = 2.2, b6 = 2.3, a7 = 2.4, b7 = 2.5;
  let a8 = 2.6, b8 = 2.7, a9 = 2.8, b9 = 2.9, a10 = 3.0, b10 = 3.1, a11 = 3.2, b11 = 3.3;
  for (let i = 0; i < iterations; i++) {
    a0 = a0 * a + c; b0 = b0 * a + c; a1 = a1 * a + c; b1 = b1 * a + c;
    a2 = a2 * a + c; b2 = b2 * a + c; a3 = a3 * a + c; b3 = b3 * a + c;
    a4 = a4 * a + c; b4 = b4 * a + c; a5 = a5 * a + c; b5 = b5 * a + c;
    a6 = a6 * a + c; b6 = b6 * a + c; a7 = a7 * a + c; b7 = b7 * a + c;
    a8 = a8 * a + c; b8 = b8 * a + c; a9 = a9 * a + c; b9 = b9 * a + c;
    a10 = a10 * a + c; b10 = b10 * a + c; a11 = a11 * a + c; b11 = b11 * a + c;
  }
  const s0 = ((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7)) + ((a8 + a9) + (a10 + a11));
  const s1 = ((b0 + b1) + (b2 + b3)) + ((b4 + b5) + (b6 + b7)) + ((b8 + b9) + (b10 + b11));
  return s0 + s1;
}
