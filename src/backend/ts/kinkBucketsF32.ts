// Twin of assembly/kernels/kinkBucketsF32.ts: the batch sort with the same comparisons in the
// same order, and the kink buckets as the same exact counts by a plain binary search (see
// src/backend/ts/kinkBuckets.ts), with f32 bucket sums.

/** Stable insertion sort of the batch (ys, zs)[0..B) by ys ascending. */
export function sortBatch32(ys: Float32Array, zs: Float32Array, B: number): void {
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

/** Buckets (positive group: #{j : Y_j <= tau}; negative group: B + 1 + #{j : Y_j < tau}) and
 *  the f32 bucket sums of w2 w1, w2 b in neuron order. NaN tau: count 0. */
export function bucketKinks32(w1: Float32Array, tau: Float32Array, aw: Float32Array, cw: Float32Array,
  m: number, ys: Float32Array, B: number, bk: Int32Array, accA: Float32Array, accC: Float32Array): void {
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
    accA[q] = accA[q] + aw[l];
    accC[q] = accC[q] + cw[l];
  }
}
