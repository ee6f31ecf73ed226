// kinkBuckets.ts in f32 (issue 14), helpers of sgd1dF32 (twin: src/backend/ts/kinkBucketsF32.ts):
// the batch sort (the same comparisons in the same order on both sides) and the bucket of each
// kink among the sorted batch points — an exact integer count, f32x4 compares here (four
// batch points per compare instead of two), a binary search in the twin: equal by definition.

/** Stable insertion sort of the batch (ys, zs)[0..B) (f32) by ys ascending. */
export function sortBatch32(ys: usize, zs: usize, B: i32): void {
  for (let k = 1; k < B; k++) {
    const y = load<f32>(ys + (<usize>k << 2)), z = load<f32>(zs + (<usize>k << 2));
    let i = k;
    while (i > 0) {
      const yp = load<f32>(ys + (<usize>(i - 1) << 2));
      if (!(y < yp)) break;
      store<f32>(ys + (<usize>i << 2), yp);
      store<f32>(zs + (<usize>i << 2), load<f32>(zs + (<usize>(i - 1) << 2)));
      i--;
    }
    store<f32>(ys + (<usize>i << 2), y); store<f32>(zs + (<usize>i << 2), z);
  }
}

/** The largest f32 below t (t < y ⇔ y <= nextDown32(t) for every non-NaN f32 y); -Infinity and
 *  NaN map to themselves. */
// @ts-ignore: decorator
@inline function nextDown32(t: f32): f32 {
  const bits = reinterpret<i32>(t);
  let r = select<f32>(reinterpret<f32>(bits - 1), reinterpret<f32>(bits + 1), t > <f32>0.0);
  r = select<f32>(reinterpret<f32>(<i32>0x80000001), r, t == <f32>0.0);
  r = select<f32>(t, r, t == -Infinity);
  return select<f32>(t, r, t != t);
}

/** Search key of a neuron with (w1, b) = (a, c): tau = -(c / a) (a == 0: -Infinity if c > 0, else
 *  +Infinity), and nextDown32(tau) for a < 0, so that Y <= key serves both groups (kinkBuckets.ts). */
// @ts-ignore: decorator
@inline export function kinkKey32(a: f32, c: f32): f32 {
  const t: f32 = a == <f32>0.0 ? (c > <f32>0.0 ? -Infinity : Infinity) : -(c / a);
  return a < <f32>0.0 ? nextDown32(t) : t;
}

/** kinkKey32 on four lanes, bit for bit (kinkBuckets.ts kinkKey2 with i32 steps). */
// @ts-ignore: decorator
@inline export function kinkKey32x4(a: v128, c: v128): v128 {
  const zero = f32x4.splat(0.0), sign = f32x4.splat(-0.0);
  const flat = v128.xor(f32x4.splat(Infinity), v128.and(f32x4.gt(c, zero), sign));
  const t = v128.bitselect(flat, f32x4.neg(f32x4.div(c, a)), f32x4.eq(a, zero));
  const ok = v128.and(f32x4.lt(a, zero), f32x4.gt(t, f32x4.splat(-Infinity)));
  const t2 = v128.or(t, v128.and(v128.and(f32x4.eq(t, zero), ok), sign));
  const gt = f32x4.gt(t, zero);
  const step = i32x4.add(i32x4.add(gt, gt), i32x4.splat(1)); // -1 where tau > 0, else +1
  return i32x4.add(t2, v128.and(step, ok));
}

/** The four lanes of an i32x4 summed (counts from f32x4.le masks are -1 per true lane). */
// @ts-ignore: decorator
@inline function laneSum(c: v128): i32 {
  return (i32x4.extract_lane(c, 0) + i32x4.extract_lane(c, 1)) + (i32x4.extract_lane(c, 2) + i32x4.extract_lane(c, 3));
}

/** For every neuron l, its bucket (kinkBuckets.ts bucketKinks): positive group q_l = #{j : Y_j <=
 *  key_l}, negative group B + 1 + #{j : Y_j <= key_l}; w2 w1 and w2 b (aw, cw) added into accA,
 *  accC[bucket] in neuron order (f32 adds). Two levels over blocks of K points (K = 8 for
 *  B < 64, else the smallest power of two with K² > B), NaN-padded. */
export function bucketKinks32(w1: usize, key: usize, aw: usize, cw: usize, m: i32, ys: usize,
  B: i32, spl: usize, bk: usize, accA: usize, accC: usize): void {
  let K = 8;
  if (B >= 64) while (K * K < B + 1) K <<= 1;
  const nb = B / K + 1, nbE = B < 64 ? 8 : (nb + 3) & ~3, negBase = B + 1;
  for (let j = B; j < nb * K; j++) store<f32>(ys + (<usize>j << 2), NaN);
  for (let k = 0; k < nbE; k++) {
    store<f32>(spl + (<usize>k << 2), k < nb ? load<f32>(ys + (<usize>(k * K + K - 1) << 2)) : NaN);
  }
  memory.fill(accA, 0, <usize>(2 * negBase) << 2);
  memory.fill(accC, 0, <usize>(2 * negBase) << 2);
  if (B < 64) { // K = 8, at most 8 blocks: splitters in two registers, both levels unrolled
    const s0 = v128.load(spl), s1 = v128.load(spl, 16);
    for (let l = 0; l < m; l++) {
      const o = <usize>l << 2;
      const kv = f32x4.splat(load<f32>(key + o));
      const c1 = -laneSum(i32x4.add(f32x4.le(s0, kv), f32x4.le(s1, kv)));
      const blk = ys + (<usize>c1 << 5);
      const c = i32x4.add(f32x4.le(v128.load(blk), kv), f32x4.le(v128.load(blk, 16), kv));
      const q = (c1 << 3) - laneSum(c) + select<i32>(negBase, 0, load<f32>(w1 + o) < <f32>0.0);
      addToBucket32(l, q, aw, cw, bk, accA, accC);
    }
    return;
  }
  const Kb = <usize>K << 2;
  for (let l = 0; l < m; l++) {
    const o = <usize>l << 2;
    const kv = f32x4.splat(load<f32>(key + o));
    let c = i32x4.splat(0);
    for (let k = 0; k < nbE; k += 4) c = i32x4.add(c, f32x4.le(v128.load(spl + (<usize>k << 2)), kv));
    const c1 = -laneSum(c);
    const blk = ys + <usize>c1 * Kb;
    c = i32x4.splat(0);
    for (let i = 0; i < K; i += 4) c = i32x4.add(c, f32x4.le(v128.load(blk + (<usize>i << 2)), kv));
    const q = c1 * K - laneSum(c) + select<i32>(negBase, 0, load<f32>(w1 + o) < <f32>0.0);
    addToBucket32(l, q, aw, cw, bk, accA, accC);
  }
}

// @ts-ignore: decorator
@inline function addToBucket32(l: i32, q: i32, aw: usize, cw: usize, bk: usize, accA: usize, accC: usize): void {
  const o = <usize>l << 2, oq = <usize>q << 2;
  store<i32>(bk + o, q);
  store<f32>(accA + oq, load<f32>(accA + oq) + load<f32>(aw + o));
  store<f32>(accC + oq, load<f32>(accC + oq) + load<f32>(cw + o));
}
