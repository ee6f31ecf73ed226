// Pure-TypeScript twin of assembly/kernels/w2Assignment.ts: the exact W2² between equal-size
// sample sets X, Y (n × d),
//   W2²(X, Y) = min_π (1/n) Σ_i ||x_i − y_π(i)||²,
// as a dense linear assignment on the centred costs C̃_ij = ||(x_i − x̄) − (y_j − ȳ)||² (same π;
// W2² = ||x̄ − ȳ||² + the centred optimum) by Jonker–Volgenant (column reduction, then shortest
// augmenting paths with potentials, Crouse's update as in scipy's linear_sum_assignment). Same
// scratch layout (the i32 arrays are Int32Array views over the same bytes), same operations in
// the same order, same tie-breaking: bit-identical to Wasm.
// out = [W2² (primal), (1/n)(Σu + Σv) (dual objective, equal at the optimum up to rounding)];
// matching[i] = π(i); potentials = (u, v) for the uncentred costs. O(n² d + n³) worst case.

const even = (k: number): number => k + (k & 1);

/** out[0..2) ← (W2², dual objective); matching (n) ← π, potentials (2n) ← (u, v) when given. */
export function w2Assignment(X: Float64Array, Y: Float64Array, n: number, d: number, out: Float64Array,
  matching: Float64Array | null, potentials: Float64Array | null, scratch: Float64Array): void {
  const fSlots = even(n), iSlots = even((n + 1) >> 1);
  const C = scratch.subarray(0, n * n);
  let slot = even(n * n);
  const Yt = scratch.subarray(slot, slot + n * d);
  slot += even(n * d);
  const xBar = scratch.subarray(slot, slot + d); slot += even(d);
  const yBar = scratch.subarray(slot, slot + d); slot += even(d);
  const xRow = scratch.subarray(slot, slot + d); slot += even(d);
  const block = (): Float64Array => { const b = scratch.subarray(slot, slot + n); slot += fSlots; return b; };
  const u = block(), v = block(), vw = block(), dist = block(), fin = block(), path = block();
  slot += fSlots; // Wasm's f64x2 mask of free columns; here row4col[j] < 0 says it
  const ints = (): Int32Array => { const b = new Int32Array(scratch.buffer, scratch.byteOffset + 8 * slot, n); slot += iSlots; return b; };
  const col4row = ints(), row4col = ints(), rowsList = ints(), colsList = ints();

  buildCosts(X, Y, n, d, C, Yt, xBar, yBar, xRow);
  // Column reduction: v_j = min_i C_ij (first minimising row, kept in path); column j (in
  // order) is assigned to that row when the row is still free.
  v.set(C.subarray(0, n));
  path.fill(0);
  for (let i = 1; i < n; i++) {
    for (let j = 0; j < n; j++) if (C[i * n + j] < v[j]) { v[j] = C[i * n + j]; path[j] = i; }
  }
  u.fill(0);
  col4row.fill(-1);
  row4col.fill(-1);
  for (let j = 0; j < n; j++) {
    const arg = path[j];
    if (col4row[arg] < 0) { col4row[arg] = j; row4col[j] = arg; }
  }
  // Shortest augmenting paths from each free row (Dijkstra on the reduced costs).
  for (let cur = 0; cur < n; cur++) {
    if (col4row[cur] >= 0) continue;
    vw.set(v);
    dist.fill(Infinity);
    let nRows = 0, nCols = 0, i = cur, sink = -1, minVal = 0;
    while (sink < 0) {
      rowsList[nRows++] = i;
      // r = ((minVal + C_ij) − u_i) − vw_j (vw = −∞ on scanned columns: r = +∞ there); the
      // next column minimises (dist_j, not free, j) lexicographically (Wasm's lane order gives
      // the same minimum).
      const ci = i * n, ui = u[i];
      let low = Infinity, j = -1, lowFree = false;
      for (let k = 0; k < n; k++) {
        const r = ((minVal + C[ci + k]) - ui) - vw[k];
        let dk = dist[k];
        if (r < dk) { dist[k] = r; path[k] = i; dk = r; }
        const fr = row4col[k] < 0;
        if (dk < low || (dk === low && fr && !lowFree)) { low = dk; j = k; lowFree = fr; }
      }
      if (!Number.isFinite(low)) { out[0] = NaN; out[1] = NaN; return; }
      minVal = low;
      fin[j] = low;
      dist[j] = Infinity;
      vw[j] = -Infinity;
      colsList[nCols++] = j;
      const owner = row4col[j];
      if (owner < 0) sink = j; else i = owner;
    }
    u[cur] = u[cur] + minVal;
    for (let k = 1; k < nRows; k++) {
      const r = rowsList[k];
      u[r] = u[r] + (minVal - fin[col4row[r]]);
    }
    for (let k = 0; k < nCols; k++) {
      const j = colsList[k];
      v[j] = v[j] - (minVal - fin[j]);
    }
    let j = sink;
    for (;;) {
      const r = path[j];
      row4col[j] = r;
      const prev = col4row[r];
      col4row[r] = j;
      if (r === cur) break;
      j = prev;
    }
  }
  let primal = 0, dual = 0;
  for (let i = 0; i < n; i++) {
    const j = col4row[i];
    primal += C[i * n + j];
    dual += u[i];
    if (matching !== null) matching[i] = j;
  }
  for (let j = 0; j < n; j++) dual += v[j];
  // Back to the uncentred costs C_ij = C̃_ij + ||m||² + 2 m·(x̃_i − ỹ_j), m = x̄ − ȳ.
  let m2 = 0;
  for (let k = 0; k < d; k++) { const m = xBar[k] - yBar[k]; m2 += m * m; }
  out[0] = primal / n + m2;
  out[1] = dual / n + m2;
  if (potentials !== null) {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += (xBar[k] - yBar[k]) * (X[i * d + k] - xBar[k]);
      potentials[i] = u[i] + (m2 + 2 * s);
    }
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += (xBar[k] - yBar[k]) * Yt[k * n + j];
      potentials[n + j] = v[j] - 2 * s;
    }
  }
}

/** x̄, ȳ ← the means; Yt (d × n) ← (Y − ȳ)ᵀ; C (n × n) ← ||x̃_i − ỹ_j||², coordinates in order. */
function buildCosts(X: Float64Array, Y: Float64Array, n: number, d: number, C: Float64Array, Yt: Float64Array,
  xBar: Float64Array, yBar: Float64Array, xRow: Float64Array): void {
  for (let k = 0; k < d; k++) {
    let sx = 0, sy = 0;
    for (let i = 0; i < n; i++) { sx += X[i * d + k]; sy += Y[i * d + k]; }
    xBar[k] = sx / n;
    yBar[k] = sy / n;
  }
  for (let j = 0; j < n; j++) for (let k = 0; k < d; k++) Yt[k * n + j] = Y[j * d + k] - yBar[k];
  for (let i = 0; i < n; i++) {
    const ci = i * n;
    for (let k = 0; k < d; k++) xRow[k] = X[i * d + k] - xBar[k];
    for (let j = 0; j < n; j++) {
      let acc = 0;
      for (let k = 0; k < d; k++) {
        const diff = xRow[k] - Yt[k * n + j];
        acc += diff * diff;
      }
      C[ci + j] = acc;
    }
  }
}
