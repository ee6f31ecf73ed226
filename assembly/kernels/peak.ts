// Benchmark probe: the f64x2 throughput this machine reaches with no memory traffic.
// 12 independent multiply-add chains hide the add and multiply latencies; each round does
// 12 × (mul + add) × 2 lanes = 48 flops. The returned checksum keeps the loop alive.

/** Run `iterations` rounds of acc_k = acc_k * a + c on 12 f64x2 accumulators; 48 flops/round. */
export function peak(iterations: i32): f64 {
  const a = f64x2.splat(0.9999999);
  const c = f64x2.splat(1e-7);
  let v0 = f64x2(1.0, 1.1), v1 = f64x2(1.2, 1.3), v2 = f64x2(1.4, 1.5), v3 = f64x2(1.6, 1.7);
  let v4 = f64x2(1.8, 1.9), v5 = f64x2(2.0, 2.1), v6 = f64x2(2.2, 2.3), v7 = f64x2(2.4, 2.5);
  let v8 = f64x2(2.6, 2.7), v9 = f64x2(2.8, 2.9), v10 = f64x2(3.0, 3.1), v11 = f64x2(3.2, 3.3);
  for (let i = 0; i < iterations; i++) {
    v0 = f64x2.add(f64x2.mul(v0, a), c); v1 = f64x2.add(f64x2.mul(v1, a), c);
    v2 = f64x2.add(f64x2.mul(v2, a), c); v3 = f64x2.add(f64x2.mul(v3, a), c);
    v4 = f64x2.add(f64x2.mul(v4, a), c); v5 = f64x2.add(f64x2.mul(v5, a), c);
    v6 = f64x2.add(f64x2.mul(v6, a), c); v7 = f64x2.add(f64x2.mul(v7, a), c);
    v8 = f64x2.add(f64x2.mul(v8, a), c); v9 = f64x2.add(f64x2.mul(v9, a), c);
    v10 = f64x2.add(f64x2.mul(v10, a), c); v11 = f64x2.add(f64x2.mul(v11, a), c);
  }
  let s = f64x2.add(f64x2.add(f64x2.add(v0, v1), f64x2.add(v2, v3)), f64x2.add(f64x2.add(v4, v5), f64x2.add(v6, v7)));
  s = f64x2.add(s, f64x2.add(f64x2.add(v8, v9), f64x2.add(v10, v11)));
  return f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
}
