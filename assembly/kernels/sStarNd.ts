// d-D empirical optimal score s* (paper eq. 6) and its Jacobian (the d-D form of eq. 9), one
// evaluation point at a time, f64x2 over pairs of coordinates (rows are contiguous, and d runs
// to 1000 in fig4), exps two data points at a time. Twin: src/backend/ts/sStarNd.ts, which
// performs the same operations in the same order (including the split of every dot product
// into even and odd coordinates) with Math.exp in place of vexp.
//
// Formulas. w_i(y) = exp(-||y - mu x_i||² / (2 sigma²)); W = x_i with probability w_i / Σ w:
//   s*(y)          = (mu E[W] - y) / sigma²                                          (6)
//   J_ac = ∂s*_a/∂y_c = (1/sigma²)(-δ_ac + (mu²/sigma²) Cov(W)_ac)                  (9), d-D
// Stable evaluation, as in 1-D (assembly/kernels/sStar1d.ts): k = argmin_i ||y - mu x_i||²
// (first on ties), d_k = y - mu x_k, z_i = x_i - x_k, a_i = mu z_i,
//   log(w_i / w_k) = Σ_c a_ic (2 d_kc - a_ic) / (2 sigma²) <= 0,   w_k = 1,
// pass 2: S = Σ w_i, m = Σ w_i z_i / S; value = (mu m - d_k) / sigma²;
// pass 3 (only with a Jacobian): C = Σ w_i u_i u_iᵀ / S with u_i = z_i - m (two-pass),
//   J = ((mu²/sigma²) C - I) / sigma².
// Error behaviour as in 1-D: s* and J are backward stable in y (error ≲ eps ||J|| ||y|| plus
// a few ulps of the result); far from the data s* = (mu x_k - y)/sigma² and J = -I/sigma².
// J is symmetric up to rounding (J_ac and J_ca round w u_a u_c in a different order).
// With d = 1 every operation is the one sStar1d performs, so the results are bit-identical.
// Preconditions (callers validate): n >= 1, d >= 1, sigma > 0, finite inputs. The value row
// of each point is used as the accumulator of m, so value must not overlap y or x; the
// jacobian block (p × d × d) likewise. A 0 jacobian pointer skips pass 3.

import { vexp } from '../math/vexp';

/** s*(y) (p × d) and, when jacobian != 0, its Jacobian (p × d × d) for data x (n × d). */
export function sStarNd(x: usize, n: i32, d: i32, mu: f64, sigma: f64, y: usize, p: i32,
  value: usize, jacobian: usize): void {
  const invS2 = 1.0 / (sigma * sigma);
  const rowBytes = <usize>d << 3;
  for (let j = 0; j < p; j++) {
    const yr = y + <usize>j * rowBytes;
    const vr = value + <usize>j * rowBytes;
    const xk = nearestRow(x, n, d, mu, yr);
    const s = meanPass(x, n, d, mu, invS2, xk, yr, vr); // vr ← m
    if (jacobian != 0) {
      const jr = jacobian + <usize>j * rowBytes * <usize>d;
      covPass(x, n, d, mu, invS2, xk, yr, vr, jr);
      finishJacobian(jr, d, mu * mu * invS2, invS2, s);
    }
    for (let c = 0; c < d; c++) {
      const off = <usize>c << 3;
      const dk = load<f64>(yr + off) - mu * load<f64>(xk + off);
      store<f64>(vr + off, (mu * load<f64>(vr + off) - dk) * invS2);
    }
  }
}

/** Pointer to the row x_k with the smallest ||y - mu x_i||² (first on ties). */
// @ts-ignore: decorator
@inline function nearestRow(x: usize, n: i32, d: i32, mu: f64, yr: usize): usize {
  const rowBytes = <usize>d << 3;
  let best = Infinity;
  let xk = x;
  for (let i = 0; i < n; i++) {
    const xi = x + <usize>i * rowBytes;
    const q = dist2(xi, yr, d, mu);
    if (q < best) {
      best = q;
      xk = xi;
    }
  }
  return xk;
}

/** Σ_c (y_c - mu x_c)²: even coordinates in lane 0, odd in lane 1, lane 0 + lane 1, odd tail last. */
// @ts-ignore: decorator
@inline function dist2(xr: usize, yr: usize, d: i32, mu: f64): f64 {
  const muv = f64x2.splat(mu);
  let acc = f64x2.splat(0.0);
  let c = 0;
  for (; c + 1 < d; c += 2) {
    const off = <usize>c << 3;
    const dd = f64x2.sub(v128.load(yr + off), f64x2.mul(muv, v128.load(xr + off)));
    acc = f64x2.add(acc, f64x2.mul(dd, dd));
  }
  let h = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
  if (c < d) {
    const off = <usize>c << 3;
    const dd = load<f64>(yr + off) - mu * load<f64>(xr + off);
    h += dd * dd;
  }
  return h;
}

/** log(w_i / w_k) = Σ_c a_c (2 d_kc - a_c) · cHalf, a = mu (x_i - x_k), d_k = y - mu x_k
 *  (same lane split as dist2). */
// @ts-ignore: decorator
@inline function logWeight(xi: usize, xk: usize, yr: usize, d: i32, mu: f64, cHalf: f64): f64 {
  const muv = f64x2.splat(mu);
  let acc = f64x2.splat(0.0);
  let c = 0;
  for (; c + 1 < d; c += 2) {
    const off = <usize>c << 3;
    const xkc = v128.load(xk + off);
    const a = f64x2.mul(muv, f64x2.sub(v128.load(xi + off), xkc));
    const dk = f64x2.sub(v128.load(yr + off), f64x2.mul(muv, xkc));
    acc = f64x2.add(acc, f64x2.mul(a, f64x2.sub(f64x2.add(dk, dk), a)));
  }
  let h = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
  if (c < d) {
    const off = <usize>c << 3;
    const xkc = load<f64>(xk + off);
    const a = mu * (load<f64>(xi + off) - xkc);
    const dk = load<f64>(yr + off) - mu * xkc;
    h += a * ((dk + dk) - a);
  }
  return h * cHalf;
}

/** (w_i / w_k, w_i1 / w_k) for rows xi, xi1 in one vexp. */
// @ts-ignore: decorator
@inline function pairWeights(xi: usize, xi1: usize, xk: usize, yr: usize, d: i32, mu: f64, cHalf: f64): v128 {
  const e0 = logWeight(xi, xk, yr, d, mu, cHalf);
  const e1 = logWeight(xi1, xk, yr, d, mu, cHalf);
  return vexp(f64x2.replace_lane(f64x2.splat(e0), 1, e1));
}

/** Pass 2: vr ← m = Σ w_i (x_i - x_k) / S; returns S = Σ w_i. */
function meanPass(x: usize, n: i32, d: i32, mu: f64, invS2: f64, xk: usize, yr: usize, vr: usize): f64 {
  const rowBytes = <usize>d << 3;
  const cHalf = 0.5 * invS2;
  memory.fill(vr, 0, rowBytes);
  let s = 0.0;
  for (let i = 0; i < n; i += 2) {
    const xi = x + <usize>i * rowBytes;
    const both = i + 1 < n;
    const xi1 = both ? xi + rowBytes : xi;
    const w = pairWeights(xi, xi1, xk, yr, d, mu, cHalf);
    const w0 = f64x2.extract_lane(w, 0);
    s += w0;
    axpyDiff(vr, w0, xi, xk, d);
    if (!both) break;
    const w1 = f64x2.extract_lane(w, 1);
    s += w1;
    axpyDiff(vr, w1, xi1, xk, d);
  }
  divideRow(vr, d, s);
  return s;
}

/** acc_c += w (xi_c - xk_c), c < d. */
// @ts-ignore: decorator
@inline function axpyDiff(acc: usize, w: f64, xi: usize, xk: usize, d: i32): void {
  const wv = f64x2.splat(w);
  let c = 0;
  for (; c + 1 < d; c += 2) {
    const off = <usize>c << 3;
    const z = f64x2.sub(v128.load(xi + off), v128.load(xk + off));
    v128.store(acc + off, f64x2.add(v128.load(acc + off), f64x2.mul(wv, z)));
  }
  if (c < d) {
    const off = <usize>c << 3;
    store<f64>(acc + off, load<f64>(acc + off) + w * (load<f64>(xi + off) - load<f64>(xk + off)));
  }
}

/** row_c ← row_c / s (a division, not a product with 1/s: the same rounding as sStar1d). */
// @ts-ignore: decorator
@inline function divideRow(row: usize, d: i32, s: f64): void {
  const sv = f64x2.splat(s);
  let c = 0;
  for (; c + 1 < d; c += 2) {
    const off = <usize>c << 3;
    v128.store(row + off, f64x2.div(v128.load(row + off), sv));
  }
  if (c < d) store<f64>(row + (<usize>c << 3), load<f64>(row + (<usize>c << 3)) / s);
}

/** Pass 3: jr (d × d) ← Σ w_i u_i u_iᵀ, u_i = (x_i - x_k) - m, m in vr. */
function covPass(x: usize, n: i32, d: i32, mu: f64, invS2: f64, xk: usize, yr: usize, vr: usize, jr: usize): void {
  const rowBytes = <usize>d << 3;
  const cHalf = 0.5 * invS2;
  memory.fill(jr, 0, rowBytes * <usize>d);
  for (let i = 0; i < n; i += 2) {
    const xi = x + <usize>i * rowBytes;
    const both = i + 1 < n;
    const xi1 = both ? xi + rowBytes : xi;
    const w = pairWeights(xi, xi1, xk, yr, d, mu, cHalf);
    addOuter(jr, f64x2.extract_lane(w, 0), xi, xk, vr, d);
    if (!both) break;
    addOuter(jr, f64x2.extract_lane(w, 1), xi1, xk, vr, d);
  }
}

/** jr[a][c] += (w u_a) u_c with u = (xi - xk) - m, row by row. */
// @ts-ignore: decorator
@inline function addOuter(jr: usize, w: f64, xi: usize, xk: usize, m: usize, d: i32): void {
  const rowBytes = <usize>d << 3;
  for (let a = 0; a < d; a++) {
    const offA = <usize>a << 3;
    const f = w * ((load<f64>(xi + offA) - load<f64>(xk + offA)) - load<f64>(m + offA));
    const fv = f64x2.splat(f);
    const row = jr + <usize>a * rowBytes;
    let c = 0;
    for (; c + 1 < d; c += 2) {
      const off = <usize>c << 3;
      const u = f64x2.sub(f64x2.sub(v128.load(xi + off), v128.load(xk + off)), v128.load(m + off));
      v128.store(row + off, f64x2.add(v128.load(row + off), f64x2.mul(fv, u)));
    }
    if (c < d) {
      const off = <usize>c << 3;
      const u = (load<f64>(xi + off) - load<f64>(xk + off)) - load<f64>(m + off);
      store<f64>(row + off, load<f64>(row + off) + f * u);
    }
  }
}

/** J_ac ← ((mu²/sigma²) (J_ac / S) - δ_ac) / sigma². */
function finishJacobian(jr: usize, d: i32, mu2s: f64, invS2: f64, s: f64): void {
  for (let a = 0; a < d; a++) {
    for (let c = 0; c < d; c++) {
      const ptr = jr + ((<usize>a * <usize>d + <usize>c) << 3);
      store<f64>(ptr, (mu2s * (load<f64>(ptr) / s) - (a == c ? 1.0 : 0.0)) * invS2);
    }
  }
}
