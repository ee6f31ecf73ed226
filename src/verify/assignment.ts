// verify's second route for the exact 2-Wasserstein distance between two equal-size sample sets:
// W2² = min over permutations π of (1/n) Σ_i ||x_i − y_π(i)||², solved here by the Hungarian
// method with potentials (Kuhn 1955, Munkres 1957; the O(n³) shortest-augmenting-path form),
// written independently of the Jonker–Volgenant kernel that produced the number
// (assembly/kernels/w2Assignment.ts: another algorithm, centred costs, another summation order).
// Both are exact: the optimal cost is unique even when the assignment is not, so the two agree
// to rounding — the n terms of the sum are each exact to a few ulps, |Δ W2²| <= ~n·u·W2².

/** The optimal assignment's mean squared distance between X and Y (n × d each, row-major). */
export function w2SquaredHungarian(X: Float64Array, Y: Float64Array, d: number): number {
  const n = X.length / d;
  if (n !== Y.length / d || !Number.isInteger(n) || n < 1) throw new Error('w2SquaredHungarian: two sets of n rows of d values');
  const cost = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let c = 0; c < d; c++) { const t = X[i * d + c] - Y[j * d + c]; s += t * t; }
      cost[i * n + j] = s;
    }
  }
  // Rows and columns 1..n; column 0 is the virtual start of each augmenting path.
  const u = new Float64Array(n + 1), v = new Float64Array(n + 1);
  const rowOf = new Int32Array(n + 1), way = new Int32Array(n + 1);
  const minv = new Float64Array(n + 1), used = new Uint8Array(n + 1);
  for (let i = 1; i <= n; i++) {
    rowOf[0] = i;
    let j0 = 0;
    minv.fill(Infinity);
    used.fill(0);
    do {
      used[j0] = 1;
      const i0 = rowOf[j0];
      let delta = Infinity, j1 = 0;
      for (let j = 1; j <= n; j++) {
        if (used[j]) continue;
        const cur = cost[(i0 - 1) * n + (j - 1)] - u[i0] - v[j];
        if (cur < minv[j]) { minv[j] = cur; way[j] = j0; }
        if (minv[j] < delta) { delta = minv[j]; j1 = j; }
      }
      for (let j = 0; j <= n; j++) {
        if (used[j]) { u[rowOf[j]] += delta; v[j] -= delta; } else minv[j] -= delta;
      }
      j0 = j1;
    } while (rowOf[j0] !== 0);
    do { const j1 = way[j0]; rowOf[j0] = rowOf[j1]; j0 = j1; } while (j0 !== 0);
  }
  let total = 0;
  for (let j = 1; j <= n; j++) total += cost[(rowOf[j] - 1) * n + (j - 1)];
  return total / n;
}
