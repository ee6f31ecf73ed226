// Benchmark probe beside peak.ts: the f32x4 throughput with no memory traffic. 12 independent
// multiply-add chains (no fused multiply-add), 12 × (mul + add) × 4 lanes = 96 flops per round;
// the f32 kernels' %peak is measured against it (the f64 kernels' against peak).

/** Run `iterations` rounds of acc_k = acc_k * a + c on 12 f32x4 accumulators; 96 flops/round. */
export function peakF32(iterations: i32): f64 {
  const a = f32x4.splat(0.9999), c = f32x4.splat(1e-4);
  let v0 = f32x4(1.0, 1.1, 1.2, 1.3), v1 = f32x4(1.4, 1.5, 1.6, 1.7), v2 = f32x4(1.8, 1.9, 2.0, 2.1);
  let v3 = f32x4(2.2, 2.3, 2.4, 2.5), v4 = f32x4(2.6, 2.7, 2.8, 2.9), v5 = f32x4(3.0, 3.1, 3.2, 3.3);
  let v6 = f32x4(0.5, 0.6, 0.7, 0.8), v7 = f32x4(0.9, 1.05, 1.15, 1.25), v8 = f32x4(1.35, 1.45, 1.55, 1.65);
  let v9 = f32x4(1.75, 1.85, 1.95, 2.05), v10 = f32x4(2.15, 2.25, 2.35, 2.45), v11 = f32x4(2.55, 2.65, 2.75, 2.85);
  for (let i = 0; i < iterations; i++) {
    v0 = f32x4.add(f32x4.mul(v0, a), c); v1 = f32x4.add(f32x4.mul(v1, a), c);
    v2 = f32x4.add(f32x4.mul(v2, a), c); v3 = f32x4.add(f32x4.mul(v3, a), c);
    v4 = f32x4.add(f32x4.mul(v4, a), c); v5 = f32x4.add(f32x4.mul(v5, a), c);
    v6 = f32x4.add(f32x4.mul(v6, a), c); v7 = f32x4.add(f32x4.mul(v7, a), c);
    v8 = f32x4.add(f32x4.mul(v8, a), c); v9 = f32x4.add(f32x4.mul(v9, a), c);
    v10 = f32x4.add(f32x4.mul(v10, a), c); v11 = f32x4.add(f32x4.mul(v11, a), c);
  }
  let s = f32x4.add(f32x4.add(f32x4.add(v0, v1), f32x4.add(v2, v3)), f32x4.add(f32x4.add(v4, v5), f32x4.add(v6, v7)));
  s = f32x4.add(s, f32x4.add(f32x4.add(v8, v9), f32x4.add(v10, v11)));
  return <f64>((f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1)) + (f32x4.extract_lane(s, 2) + f32x4.extract_lane(s, 3)));
}
