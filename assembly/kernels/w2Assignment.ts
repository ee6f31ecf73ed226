// Exact 2-Wasserstein distance between two equal-size sample sets X, Y (n × d):
//   W2²(X, Y) = min_π (1/n) Σ_i ||x_i − y_π(i)||²,  π over the permutations of 0..n-1
// (between uniform empirical measures of equal size the optimal coupling is a permutation:
// Birkhoff–von Neumann), solved exactly as a linear assignment problem by the Jonker–Volgenant
// algorithm (Jonker & Volgenant, Computing 38, 1987): column reduction (v_j = min_i C_ij, each
// column's first minimising row taken when still free), then, for each free row, a shortest
// augmenting path by Dijkstra on the reduced costs C_ij − u_i − v_j >= 0 with the potential
// update of Crouse (IEEE TAES 52, 2016; the algorithm of scipy.optimize.linear_sum_assignment).
// JV's augmenting row reduction is left out: on point sets (n = 1000, d = 2) it cut the free
// rows but hardly the Dijkstra work; with the step bound of Kazmar's lap its price wars made the
// whole 2–4× slower, and capped at 2n–8n steps it changed the time by under 25%.
// The costs are centred: with x̃ = x − x̄, ỹ = y − ȳ, m = x̄ − ȳ,
//   ||x_i − y_j||² = ||x̃_i − ỹ_j||² + ||m||² + 2 m·(x̃_i − ỹ_j),
// and the last term sums to 0 over any permutation, so
//   W2² = ||m||² + min_π (1/n) Σ_i ||x̃_i − ỹ_π(i)||²  with the same π.
// A shift between the sets then costs nothing (n = 1000, d = 2, Y shifted by 10: 15× faster)
// and no cost carries ||m||² of rounding. O(n² d) for the costs, O(n³) worst case for the
// assignment: random point sets need far less (n = 1000, d = 2: 0.1–0.3 s on a loaded 2-core
// machine); one set clustered at a few points, or 10× wider than the other, about 10× more.
// Outputs: out[0] = (1/n) Σ_i C_{i,π(i)} (the primal, W2²), out[1] = (1/n)(Σ u_i + Σ v_j) (the
// dual objective: a lower bound on W2² for any dual-feasible (u, v), equal to out[0] at the
// optimum up to rounding — an optimality certificate), matching[i] = π(i), potentials = (u, v),
// all for the uncentred costs C_ij = ||x_i − y_j||²: u_i = ũ_i + ||m||² + 2 m·x̃_i, v_j = ṽ_j − 2 m·ỹ_j.
// Error: each C_ij is a sum of d squares (relative error <= d·eps); the path lengths carry
// rounding of order n·eps·max C, so π is optimal up to that much (ties closer than it may go
// either way): the duality gap out[0] − out[1] measures it (test/wasserstein.test.ts holds it,
// and the reduced costs' signs, to 1e-12 of max C). out[0] sums n non-negative terms: relative
// error <= n·eps. A non-finite cost (NaN, ±∞ input) ends the kernel with out = (NaN, NaN).
// SIMD (f64x2 over column pairs): the cost rows (coordinates summed in order, from a centred,
// transposed copy of Y), the column reduction, and every Dijkstra row scan — over all n columns
// with the scanned ones masked (their working v is −∞, so their reduced cost is +∞), which
// measured 1.3–2× faster at n = 1000–2000 than a scalar scan of a shrinking list of unscanned
// columns.
// The next column is the minimiser of (path length, not free, index) in lexicographic order,
// whatever the scan order. The twin src/backend/ts/w2Assignment.ts performs the same operations
// per column in the same order: bit-identical (costs, decisions, potentials, sums).
// Scratch (f64 slots, scratchLength.w2Assignment(n, d)): C̃ (n·n) | Ỹᵀ (d·n) | x̄, ȳ, x̃_i (d
// each) | u, v, working v, path lengths, final lengths, path, free mask (n each) | i32 col4row,
// row4col, scanned rows, scanned columns (n each); every block rounded up to an even number of
// slots (16-byte aligned).
// Preconditions (validated above): n >= 1, d >= 1.

// @ts-ignore: decorator
@inline function even(k: i32): i32 { return k + (k & 1); }

/** out[0..2) ← (W2², dual objective); matching (n) ← π as f64, potentials (2n) ← (u, v)
 *  when not null (0). */
export function w2Assignment(X: usize, Y: usize, n: i32, d: i32, out: usize, matching: usize,
  potentials: usize, scratch: usize): void {
  const nn = <usize>n, fBytes = <usize>even(n) << 3, iBytes = <usize>even((n + 1) >> 1) << 3;
  const C = scratch;
  const Yt = C + (<usize>even(n * n) << 3);
  const dBytes = <usize>even(d) << 3;
  const xBar = Yt + (<usize>even(n * d) << 3), yBar = xBar + dBytes, xRow = yBar + dBytes;
  const u = xRow + dBytes;
  const v = u + fBytes, vw = v + fBytes, dist = vw + fBytes, fin = dist + fBytes, path = fin + fBytes;
  const free = path + fBytes;
  const col4row = free + fBytes, row4col = col4row + iBytes, rowsList = row4col + iBytes, colsList = rowsList + iBytes;

  buildCosts(X, Y, n, d, C, Yt, xBar, yBar, xRow);
  columnReduction(C, n, v, path);
  for (let j: usize = 0; j < nn; j++) {
    store<f64>(u + (j << 3), 0.0);
    store<i32>(col4row + (j << 2), -1);
    store<i32>(row4col + (j << 2), -1);
  }
  for (let j: usize = 0; j < nn; j++) {
    const arg = <usize><i32>load<f64>(path + (j << 3));
    const rowTaken = load<i32>(col4row + (arg << 2)) >= 0;
    if (!rowTaken) {
      store<i32>(col4row + (arg << 2), <i32>j);
      store<i32>(row4col + (j << 2), <i32>arg);
    }
    store<i64>(free + (j << 3), rowTaken ? -1 : 0); // all ones: column j is free
  }
  // Shortest augmenting paths from each free row (Dijkstra on the reduced costs).
  for (let cur = 0; cur < n; cur++) {
    if (load<i32>(col4row + (<usize>cur << 2)) >= 0) continue;
    memory.copy(vw, v, nn << 3);
    for (let j: usize = 0; j < nn; j++) store<f64>(dist + (j << 3), Infinity);
    let nRows = 0, nCols = 0, i = cur, sink = -1;
    let minVal = 0.0;
    while (sink < 0) {
      store<i32>(rowsList + (<usize>nRows << 2), i);
      nRows++;
      const j = scanRow(C + ((<usize>i * nn) << 3), n, i, load<f64>(u + (<usize>i << 3)), minVal, vw, dist, path, free);
      if (j < 0) { // a NaN or infinite cost: no valid assignment
        store<f64>(out, NaN);
        store<f64>(out, NaN, 8);
        return;
      }
      const jj = <usize>j;
      minVal = load<f64>(dist + (jj << 3));
      store<f64>(fin + (jj << 3), minVal); // column j is scanned: its path length is final
      store<f64>(dist + (jj << 3), Infinity);
      store<f64>(vw + (jj << 3), -Infinity);
      store<i32>(colsList + (<usize>nCols << 2), j);
      nCols++;
      const owner = load<i32>(row4col + (jj << 2));
      if (owner < 0) sink = j; else i = owner;
    }
    // Potentials: u_cur += minVal; u_i += minVal − dist[col4row[i]] and v_j −= minVal − dist[j]
    // on the scanned rows / columns (reduced costs stay >= 0 and 0 on the assignment).
    store<f64>(u + (<usize>cur << 3), load<f64>(u + (<usize>cur << 3)) + minVal);
    for (let k = 1; k < nRows; k++) {
      const r = <usize>load<i32>(rowsList + (<usize>k << 2));
      const jr = <usize>load<i32>(col4row + (r << 2));
      store<f64>(u + (r << 3), load<f64>(u + (r << 3)) + (minVal - load<f64>(fin + (jr << 3))));
    }
    for (let k = 0; k < nCols; k++) {
      const j = <usize>load<i32>(colsList + (<usize>k << 2));
      store<f64>(v + (j << 3), load<f64>(v + (j << 3)) - (minVal - load<f64>(fin + (j << 3))));
    }
    // Augment along the path back from the sink.
    store<i64>(free + (<usize>sink << 3), 0);
    let j = sink;
    while (true) {
      const r = <i32>load<f64>(path + (<usize>j << 3));
      store<i32>(row4col + (<usize>j << 2), r);
      const prev = load<i32>(col4row + (<usize>r << 2));
      store<i32>(col4row + (<usize>r << 2), j);
      if (r == cur) break;
      j = prev;
    }
  }
  let primal = 0.0, dual = 0.0;
  for (let i: usize = 0; i < nn; i++) {
    const j = <usize>load<i32>(col4row + (i << 2));
    primal += load<f64>(C + ((i * nn + j) << 3));
    dual += load<f64>(u + (i << 3));
    if (matching != 0) store<f64>(matching + (i << 3), <f64>j);
  }
  for (let j: usize = 0; j < nn; j++) dual += load<f64>(v + (j << 3));
  // Back to the uncentred costs C_ij = C̃_ij + ||m||² + 2 m·(x̃_i − ỹ_j), m = x̄ − ȳ (Σ x̃ = Σ ỹ = 0).
  const dd = <usize>d;
  let m2 = 0.0;
  for (let k: usize = 0; k < dd; k++) {
    const m = load<f64>(xBar + (k << 3)) - load<f64>(yBar + (k << 3));
    m2 += m * m;
  }
  store<f64>(out, primal / <f64>n + m2);
  store<f64>(out, dual / <f64>n + m2, 8);
  if (potentials != 0) { // u_i + ||m||² + 2 m·x̃_i, v_j − 2 m·ỹ_j
    for (let i: usize = 0; i < nn; i++) {
      let s = 0.0;
      for (let k: usize = 0; k < dd; k++) {
        const m = load<f64>(xBar + (k << 3)) - load<f64>(yBar + (k << 3));
        s += m * (load<f64>(X + ((i * dd + k) << 3)) - load<f64>(xBar + (k << 3)));
      }
      store<f64>(potentials + (i << 3), load<f64>(u + (i << 3)) + (m2 + 2.0 * s));
    }
    for (let j: usize = 0; j < nn; j++) {
      let s = 0.0;
      for (let k: usize = 0; k < dd; k++) {
        const m = load<f64>(xBar + (k << 3)) - load<f64>(yBar + (k << 3));
        s += m * load<f64>(Yt + ((k * nn + j) << 3));
      }
      store<f64>(potentials + ((nn + j) << 3), load<f64>(v + (j << 3)) - 2.0 * s);
    }
  }
}

/** One Dijkstra step from row i: for every column j, r = ((minVal + C_ij) − u_i) − vw_j
 *  (vw_j = −∞ on scanned columns, so r = +∞ there), dist_j ← r and path_j ← i where r < dist_j;
 *  returns the column minimising (dist_j, not free, j) lexicographically (a free column wins
 *  a tie: the path ends sooner), or −1 if that minimum is not finite. f64x2 over column pairs
 *  (even j in lane 0, odd in lane 1, an odd last column in lane 0), lanes combined last. */
function scanRow(Ci: usize, n: i32, i: i32, ui: f64, minVal: f64, vw: usize, dist: usize, path: usize, free: usize): i32 {
  const mv = f64x2.splat(minVal), uv = f64x2.splat(ui), iv = f64x2.splat(<f64>i), two = f64x2.splat(2.0);
  let low = f64x2.splat(Infinity), lowIdx = f64x2.splat(-1.0), lowFree = i64x2.splat(0);
  let jv = f64x2(0.0, 1.0);
  const nn = <usize>n;
  let j: usize = 0;
  for (; j + 1 < nn; j += 2) {
    const off = j << 3;
    const r = f64x2.sub(f64x2.sub(f64x2.add(mv, v128.load(Ci + off)), uv), v128.load(vw + off));
    let dj = v128.load(dist + off);
    const m = f64x2.lt(r, dj);
    dj = v128.bitselect(r, dj, m);
    v128.store(dist + off, dj);
    v128.store(path + off, v128.bitselect(iv, v128.load(path + off), m));
    const fr = v128.load(free + off);
    const better = v128.or(f64x2.lt(dj, low), v128.and(f64x2.eq(dj, low), v128.andnot(fr, lowFree)));
    low = v128.bitselect(dj, low, better);
    lowIdx = v128.bitselect(jv, lowIdx, better);
    lowFree = v128.bitselect(fr, lowFree, better);
    jv = f64x2.add(jv, two);
  }
  let low0 = f64x2.extract_lane(low, 0), idx0 = f64x2.extract_lane(lowIdx, 0), free0 = i64x2.extract_lane(lowFree, 0) != 0;
  const low1 = f64x2.extract_lane(low, 1), idx1 = f64x2.extract_lane(lowIdx, 1), free1 = i64x2.extract_lane(lowFree, 1) != 0;
  if (j < nn) { // the odd last column, in lane 0
    const off = j << 3;
    const r = ((minVal + load<f64>(Ci + off)) - ui) - load<f64>(vw + off);
    let dj = load<f64>(dist + off);
    if (r < dj) {
      dj = r;
      store<f64>(dist + off, r);
      store<f64>(path + off, <f64>i);
    }
    const fr = load<i64>(free + off) != 0;
    if (dj < low0 || (dj == low0 && fr && !free0)) { low0 = dj; idx0 = <f64>j; free0 = fr; }
  }
  if (low1 < low0 || (low1 == low0 && ((free1 && !free0) || (free1 == free0 && idx1 < idx0)))) {
    low0 = low1; idx0 = idx1;
  }
  return isFinite(low0) ? <i32>idx0 : -1;
}

/** v_j ← min_i C_ij and path_j ← the first minimising row i (as f64), f64x2 over column pairs,
 *  rows in order (a strict < keeps the first minimum). */
function columnReduction(C: usize, n: i32, v: usize, arg: usize): void {
  const nn = <usize>n;
  memory.copy(v, C, nn << 3);
  for (let j: usize = 0; j < nn; j++) store<f64>(arg + (j << 3), 0.0);
  for (let i: usize = 1; i < nn; i++) {
    const Ci = C + ((i * nn) << 3), iv = f64x2.splat(<f64>i);
    let j: usize = 0;
    for (; j + 1 < nn; j += 2) {
      const off = j << 3;
      const c = v128.load(Ci + off), best = v128.load(v + off);
      const m = f64x2.lt(c, best);
      v128.store(v + off, v128.bitselect(c, best, m));
      v128.store(arg + off, v128.bitselect(iv, v128.load(arg + off), m));
    }
    if (j < nn && load<f64>(Ci + (j << 3)) < load<f64>(v + (j << 3))) {
      store<f64>(v + (j << 3), load<f64>(Ci + (j << 3)));
      store<f64>(arg + (j << 3), <f64>i);
    }
  }
}

/** x̄, ȳ (d) ← the means; Yt (d × n) ← (Y − ȳ)ᵀ; C (n × n) ← ||x̃_i − ỹ_j||² with x̃ = x − x̄,
 *  ỹ = y − ȳ (coordinates summed in order), two columns per f64x2, the last alone when n is odd. */
function buildCosts(X: usize, Y: usize, n: i32, d: i32, C: usize, Yt: usize, xBar: usize, yBar: usize, xRow: usize): void {
  const nn = <usize>n, dd = <usize>d;
  for (let k: usize = 0; k < dd; k++) {
    let sx = 0.0, sy = 0.0;
    for (let i: usize = 0; i < nn; i++) {
      sx += load<f64>(X + ((i * dd + k) << 3));
      sy += load<f64>(Y + ((i * dd + k) << 3));
    }
    store<f64>(xBar + (k << 3), sx / <f64>n);
    store<f64>(yBar + (k << 3), sy / <f64>n);
  }
  for (let j: usize = 0; j < nn; j++) {
    for (let k: usize = 0; k < dd; k++) {
      store<f64>(Yt + ((k * nn + j) << 3), load<f64>(Y + ((j * dd + k) << 3)) - load<f64>(yBar + (k << 3)));
    }
  }
  for (let i: usize = 0; i < nn; i++) {
    const Ci = C + ((i * nn) << 3);
    for (let k: usize = 0; k < dd; k++) {
      store<f64>(xRow + (k << 3), load<f64>(X + ((i * dd + k) << 3)) - load<f64>(xBar + (k << 3)));
    }
    let j: usize = 0;
    for (; j + 1 < nn; j += 2) {
      let acc = f64x2.splat(0.0);
      for (let k: usize = 0; k < dd; k++) {
        const diff = f64x2.sub(f64x2.splat(load<f64>(xRow + (k << 3))), v128.load(Yt + ((k * nn + j) << 3)));
        acc = f64x2.add(acc, f64x2.mul(diff, diff));
      }
      v128.store(Ci + (j << 3), acc);
    }
    if (j < nn) {
      let acc = 0.0;
      for (let k: usize = 0; k < dd; k++) {
        const diff = load<f64>(xRow + (k << 3)) - load<f64>(Yt + ((k * nn + j) << 3));
        acc += diff * diff;
      }
      store<f64>(Ci + (j << 3), acc);
    }
  }
}
