// Helpers of sgd1d (twin: src/backend/ts/kinkBuckets.ts): the batch sort (the same
// comparisons in the same order on both sides) and the bucket of each kink among the sorted
// batch points (an exact integer count: SIMD here, a binary search there, equal by definition).

/** Stable insertion sort of the batch (ys, zs)[0..B) by ys ascending. */
export function sortBatch(ys: usize, zs: usize, B: i32): void {
  for (let k = 1; k < B; k++) {
    const y = load<f64>(ys + (<usize>k << 3)), z = load<f64>(zs + (<usize>k << 3));
    let i = k;
    while (i > 0) {
      const yp = load<f64>(ys + (<usize>(i - 1) << 3));
      if (!(y < yp)) break;
      store<f64>(ys + (<usize>i << 3), yp);
      store<f64>(zs + (<usize>i << 3), load<f64>(zs + (<usize>(i - 1) << 3)));
      i--;
    }
    store<f64>(ys + (<usize>i << 3), y); store<f64>(zs + (<usize>i << 3), z);
  }
}

/** The largest double below t (t < y ⇔ y <= nextDown(t) for every non-NaN y); -Infinity and
 *  NaN map to themselves. Branchless. */
// @ts-ignore: decorator
@inline function nextDown(t: f64): f64 {
  const bits = reinterpret<i64>(t);
  let r = select<f64>(reinterpret<f64>(bits - 1), reinterpret<f64>(bits + 1), t > 0.0);
  r = select<f64>(-5e-324, r, t == 0.0);
  r = select<f64>(t, r, t == -Infinity);
  return select<f64>(t, r, t != t);
}

/** Search key of a neuron with (w1, b) = (a, c): the kink tau = -(c / a) (a == 0: -Infinity if
 *  c > 0, else +Infinity), and for a < 0 nextDown(tau), so that one comparison Y <= key serves
 *  both groups: Y <= tau (positive group) and Y < tau (negative group). */
// @ts-ignore: decorator
@inline export function kinkKey(a: f64, c: f64): f64 {
  const t = a == 0.0 ? (c > 0.0 ? -Infinity : Infinity) : -(c / a);
  return a < 0.0 ? nextDown(t) : t;
}

/** kinkKey on two lanes, bit for bit (the update loop's f64x2 twin), in fewer operations:
 *  tau as above; for a < 0 and tau > -Infinity (so not NaN), nextDown is an integer step of
 *  the bits, -1 for tau > 0 and +1 otherwise, after setting the sign bit of a zero
 *  (±0 → -0 → -5e-324). */
// @ts-ignore: decorator
@inline export function kinkKey2(a: v128, c: v128): v128 {
  const zero = f64x2.splat(0.0), sign = f64x2.splat(-0.0);
  const flat = v128.xor(f64x2.splat(Infinity), v128.and(f64x2.gt(c, zero), sign)); // c > 0: -Inf
  const t = v128.bitselect(flat, f64x2.neg(f64x2.div(c, a)), f64x2.eq(a, zero));
  const ok = v128.and(f64x2.lt(a, zero), f64x2.gt(t, f64x2.splat(-Infinity)));
  const t2 = v128.or(t, v128.and(v128.and(f64x2.eq(t, zero), ok), sign));
  const gt = f64x2.gt(t, zero);
  const step = i64x2.add(i64x2.add(gt, gt), i64x2.splat(1)); // -1 where tau > 0, else +1
  return i64x2.add(t2, v128.and(step, ok));
}

/** For every neuron l (original order), the gap of the sorted batch its kink falls in:
 *    positive group (!(w1 < 0), active iff y > tau): q_l = #{j : Y_j <= tau_l}, bucket q_l;
 *    negative group (w1 < 0, active iff y < tau):    r_l = #{j : Y_j < tau_l},  bucket B+1+r_l,
 *  i.e. #{j : Y_j <= key_l} (kinkKey) plus the group's offset. The bucket goes to bk[l] (i32)
 *  and w2 w1, w2 b are added into accA, accC[bucket] in neuron order. The counts are exact, so
 *  any search gives the same buckets (the TS twin uses a plain binary search). Here: two SIMD
 *  levels over the batch cut into nb blocks of K (K = 8 for B < 64, else the smallest power of
 *  two with K² > B; nb = ⌊B/K⌋ + 1), padded with NaN, which compares false: count the blocks
 *  whose last element is <= key, then the elements <= key in the next block — O(√B) f64x2
 *  compares per kink, no branch, no dependence on how far kinks moved since the last step. */
export function bucketKinks(w1: usize, key: usize, aw: usize, cw: usize, m: i32, ys: usize,
  B: i32, spl: usize, bk: usize, accA: usize, accC: usize): void {
  let K = 8;
  if (B >= 64) while (K * K < B + 1) K <<= 1;
  const nb = B / K + 1, nbE = B < 64 ? 8 : (nb + 1) & ~1, negBase = B + 1;
  for (let j = B; j < nb * K; j++) store<f64>(ys + (<usize>j << 3), NaN);
  for (let k = 0; k < nbE; k++) {
    store<f64>(spl + (<usize>k << 3), k < nb ? load<f64>(ys + (<usize>(k * K + K - 1) << 3)) : NaN);
  }
  memory.fill(accA, 0, <usize>(2 * negBase) << 3);
  memory.fill(accC, 0, <usize>(2 * negBase) << 3);
  if (B < 64) { // K = 8, at most 8 blocks: splitters in four registers, both levels unrolled
    const s0 = v128.load(spl), s1 = v128.load(spl, 16), s2 = v128.load(spl, 32), s3 = v128.load(spl, 48);
    for (let l = 0; l < m; l++) {
      const o = <usize>l << 3;
      const kv = f64x2.splat(load<f64>(key + o));
      let c = i64x2.add(i64x2.add(f64x2.le(s0, kv), f64x2.le(s1, kv)), i64x2.add(f64x2.le(s2, kv), f64x2.le(s3, kv)));
      const c1 = -<i32>(i64x2.extract_lane(c, 0) + i64x2.extract_lane(c, 1));
      const blk = ys + (<usize>c1 << 6);
      c = i64x2.add(i64x2.add(f64x2.le(v128.load(blk), kv), f64x2.le(v128.load(blk, 16), kv)),
        i64x2.add(f64x2.le(v128.load(blk, 32), kv), f64x2.le(v128.load(blk, 48), kv)));
      const q = (c1 << 3) - <i32>(i64x2.extract_lane(c, 0) + i64x2.extract_lane(c, 1)) +
        select<i32>(negBase, 0, load<f64>(w1 + o) < 0.0);
      addToBucket(l, q, aw, cw, bk, accA, accC);
    }
    return;
  }
  const Kb = <usize>K << 3;
  for (let l = 0; l < m; l++) {
    const o = <usize>l << 3;
    const kv = f64x2.splat(load<f64>(key + o));
    let c = i64x2.splat(0);
    for (let k = 0; k < nbE; k += 2) c = i64x2.sub(c, f64x2.le(v128.load(spl + (<usize>k << 3)), kv));
    const c1 = <i32>(i64x2.extract_lane(c, 0) + i64x2.extract_lane(c, 1));
    const blk = ys + <usize>c1 * Kb;
    c = i64x2.splat(0);
    for (let i = 0; i < K; i += 2) c = i64x2.sub(c, f64x2.le(v128.load(blk + (<usize>i << 3)), kv));
    const q = c1 * K + <i32>(i64x2.extract_lane(c, 0) + i64x2.extract_lane(c, 1)) +
      select<i32>(negBase, 0, load<f64>(w1 + o) < 0.0);
    addToBucket(l, q, aw, cw, bk, accA, accC);
  }
}

// @ts-ignore: decorator
@inline function addToBucket(l: i32, q: i32, aw: usize, cw: usize, bk: usize, accA: usize, accC: usize): void {
  const o = <usize>l << 3, oq = <usize>q << 3;
  store<i32>(bk + (<usize>l << 2), q);
  store<f64>(accA + oq, load<f64>(accA + oq) + load<f64>(aw + o));
  store<f64>(accC + oq, load<f64>(accC + oq) + load<f64>(cw + o));
}
