// Per-sample statistics of generated sets by plain loops (verify's second route for fig3/fig4):
//   unbiased MMD² with k(a, b) = exp(−||a − b||²/(2h²)) (SPEC §2; Gretton et al. 2012):
//     MMD² = mean_{i≠j} k(x_i, x_j) + mean_{i≠j} k(y_i, y_j) − 2 mean_{i,j} k(x_i, y_j);
//   valid iff the three kernel means are finite and their max >= 1e-290 (the rule stated in
//   src/analysis/mmd.ts: below it every mean underflowed and MMD² carries no information);
//   memorization: the fraction of samples whose nearest training point is closer than 1/3 of
//   the second nearest (ratio = d1/d2, 0/0 = 1), and the median nearest distance;
//   the median heuristic's bandwidth: the median distance over the distinct pairs of pooled sets.

export const VALID_FLOOR = 1e-290;
export const MEMORIZATION_RATIO = 1 / 3;

/** mean over pairs of k(a_i, b_j): all i ≠ j when a === b (the same set), all (i, j) otherwise. */
export function kernelMean(a: Float64Array, b: Float64Array, d: number, bandwidth: number): number {
  const na = a.length / d, nb = b.length / d, same = a === b, inv = 1 / (2 * bandwidth * bandwidth);
  let s = 0;
  for (let i = 0; i < na; i++) {
    for (let j = same ? i + 1 : 0; j < nb; j++) {
      let q = 0;
      for (let c = 0; c < d; c++) { const t = a[i * d + c] - b[j * d + c]; q += t * t; }
      s += Math.exp(-q * inv);
    }
  }
  return same ? (2 * s) / (na * (na - 1)) : s / (na * nb);
}

export interface Mmd { mmd2: number; kxx: number; kyy: number; kxy: number; valid: boolean }

export function mmdOf(x: Float64Array, y: Float64Array, d: number, bandwidth: number, kxx?: number, kyy?: number): Mmd {
  const a = kxx ?? kernelMean(x, x, d, bandwidth), b = kyy ?? kernelMean(y, y, d, bandwidth), c = kernelMean(x, y, d, bandwidth);
  const all = [a, b, c];
  return { mmd2: a + b - 2 * c, kxx: a, kyy: b, kxy: c, valid: all.every(Number.isFinite) && Math.max(...all) >= VALID_FLOOR };
}

export interface Memorized {
  fraction: number;
  medianNearest: number;
  /** Samples whose ratio is within 1e-9 of 1/3: rounding may classify them either way. */
  borderline: number;
}

/** Nearest-neighbour statistics of samples (N × d) against the training points (n × d). */
export function memorized(samples: Float64Array, x: Float64Array, d: number): Memorized {
  const N = samples.length / d, n = x.length / d;
  const nearest = new Float64Array(N);
  let count = 0, borderline = 0;
  for (let j = 0; j < N; j++) {
    let b1 = Infinity, b2 = Infinity;
    for (let i = 0; i < n; i++) {
      let q = 0;
      for (let c = 0; c < d; c++) { const t = samples[j * d + c] - x[i * d + c]; q += t * t; }
      if (q < b1) { b2 = b1; b1 = q; } else if (q < b2) b2 = q;
    }
    const d1 = Math.sqrt(b1), d2 = Math.sqrt(b2), ratio = d2 === 0 ? 1 : d1 / d2;
    nearest[j] = d1;
    if (ratio < MEMORIZATION_RATIO) count++;
    if (Math.abs(ratio - MEMORIZATION_RATIO) <= 1e-9) borderline++;
  }
  return { fraction: count / N, medianNearest: median(nearest), borderline };
}

export function median(v: Float64Array | number[]): number {
  const s = Float64Array.from(v).sort(), k = s.length >> 1;
  return s.length % 2 ? s[k] : (s[k - 1] + s[k]) / 2;
}

/** The median of ||a − b|| over the distinct pairs of the pooled rows of `sets` (d each). */
export function medianPairDistance(sets: Float64Array[], d: number): number {
  const pooled: Float64Array[] = [];
  for (const s of sets) for (let i = 0; i < s.length / d; i++) pooled.push(s.subarray(i * d, (i + 1) * d));
  const all = new Float64Array((pooled.length * (pooled.length - 1)) / 2);
  let q = 0;
  for (let i = 0; i < pooled.length; i++) {
    for (let j = 0; j < i; j++) {
      let s = 0;
      for (let c = 0; c < d; c++) s += (pooled[i][c] - pooled[j][c]) ** 2;
      all[q++] = Math.sqrt(s);
    }
  }
  return median(all);
}
