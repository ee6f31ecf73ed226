// Twin of assembly/kernels/peakF32.ts: the same 48 scalar f32 chains (12 registers × 4 lanes),
// 96 flops per round, each operation rounded to f32; the same checksum bit for bit.

const fr = Math.fround;

/** Run `iterations` rounds of acc = acc * a + c on 48 f32 accumulators; 96 flops/round. */
export function peakF32(iterations: number): number {
  const a = fr(0.9999), c = fr(1e-4);
  const init = [1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9, 2.0, 2.1, 2.2, 2.3, 2.4, 2.5, 2.6, 2.7, 2.8, 2.9,
    3.0, 3.1, 3.2, 3.3, 0.5, 0.6, 0.7, 0.8, 0.9, 1.05, 1.15, 1.25, 1.35, 1.45, 1.55, 1.65, 1.75, 1.85, 1.95, 2.05,
    2.15, 2.25, 2.35, 2.45, 2.55, 2.65, 2.75, 2.85];
  const v = Float32Array.from(init); // register k, lane i at v[4k + i]
  for (let it = 0; it < iterations; it++) {
    for (let q = 0; q < 48; q++) v[q] = fr(v[q] * a) + c;
  }
  // s = ((v0 + v1) + (v2 + v3)) + ((v4 + v5) + (v6 + v7)), then s + ((v8 + v9) + (v10 + v11)), lane-wise
  const lane = (i: number): number => {
    const r = (k: number): number => v[4 * k + i];
    const s = fr(fr(fr(r(0) + r(1)) + fr(r(2) + r(3))) + fr(fr(r(4) + r(5)) + fr(r(6) + r(7))));
    return fr(s + fr(fr(r(8) + r(9)) + fr(r(10) + r(11))));
  };
  return fr(fr(lane(0) + lane(1)) + fr(lane(2) + lane(3)));
}
