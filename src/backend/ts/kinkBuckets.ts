// Twin of assembly/kernels/kinkBuckets.ts (see there): the batch sort with the same comparisons
// in the same order; the kink buckets as the same exact counts, by a plain binary search.

/** Stable insertion sort of the batch (ys, zs)[0..B) by ys ascending. */
export function sortBatch(ys: Float64Array, zs: Float64Array, B: number): void {
  for (let k = 1; k < B; k++) {
    const y = ys[k], z = zs[k];
    let i = k;
    while (i > 0) {
      const yp = ys[i - 1];
      if (!(y < yp)) break;
      ys[i] = yp; zs[i] = zs[i - 1];
      i--;
    }
    ys[i] = y; zs[i] = z;
  }
}

/** The bucket of each neuron's kink in the sorted batch — positive group (!(w1 < 0)):
 *  q_l = #{j : Y_j <= tau_l}; negative group: B + 1 + #{j : Y_j < tau_l} — and the bucket sums
 *  accA, accC of w2 w1, w2 b in neuron order. The counts are exact integers, so this plain
 *  binary search (lower bound of the first Y_j failing the predicate) gives the buckets of the
 *  Wasm kernel's two-level SIMD count bit for bit. NaN tau: the predicates are false, count 0. */
export function bucketKinks(w1: Float64Array, tau: Float64Array, aw: Float64Array, cw: Float64Array,
  m: number, ys: Float64Array, B: number, bk: Int32Array, accA: Float64Array, accC: Float64Array): void {
  const negBase = B + 1;
  accA.fill(0, 0, 2 * negBase);
  accC.fill(0, 0, 2 * negBase);
  for (let l = 0; l < m; l++) {
    const t = tau[l];
    let lo = 0, hi = B, q: number;
    if (w1[l] < 0.0) {
      while (lo < hi) { const mid = (lo + hi) >> 1; if (ys[mid] < t) lo = mid + 1; else hi = mid; }
      q = negBase + lo;
    } else {
      while (lo < hi) { const mid = (lo + hi) >> 1; if (ys[mid] <= t) lo = mid + 1; else hi = mid; }
      q = lo;
    }
    bk[l] = q;
    accA[q] += aw[l];
    accC[q] += cw[l];
  }
}
