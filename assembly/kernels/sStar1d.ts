// 1-D empirical optimal score s* (paper eq. 6) and its first two derivatives (eq. 9), two
// evaluation points per f64x2 (lane 0: y[j], lane 1: y[j+1]). Twin: src/backend/ts/sStar1d.ts,
// which performs the same floating-point operations in the same order with Math.exp in place
// of vexp, so the two backends differ only by vexp's ulps (parity 1e-12 norm-wise).
//
// Formulas. w_i(y) = exp(-(y - mu x_i)² / (2 sigma²)); W = x_i with probability w_i / Σ w:
//   s*(y)   = Σ_i (mu x_i - y) w_i / (sigma² Σ_i w_i) = (mu E[W] - y) / sigma²       (6)
//   s*'(y)  = (1/sigma²) (-1 + (mu²/sigma²) Var W)                                      (9)
//   s*''(y) = (mu³/sigma⁶) E[(W - E W)³]     (differentiating (9): d Var W / dy is
//             (mu/sigma²) E[(W - E W)³], as d log w_i / dy = (mu x_i - y)/sigma²)
// Stable evaluation (log-sum-exp around the most likely data point):
//   k = argmin_i (y - mu x_i)² (first index on ties), d_k = y - mu x_k, z_i = x_i - x_k,
//   a_i = mu z_i, and since y - mu x_i = d_k - a_i the log-weight ratio is
//   log(w_i / w_k) = a_i (2 d_k - a_i) / (2 sigma²) <= 0,
//   computed without forming (y - mu x_i)², so it has a few ulps of relative error and
//   w_k = 1 exactly: Σ w >= 1 never underflows, far-away weights underflow harmlessly to 0.
//   Pass 1 finds k; pass 2 gives S = Σ w_i and m = Σ w_i z_i / S (= E W - x_k);
//   pass 3 (only when a derivative is asked for) recomputes the same weights and forms the
//   central moments Σ w_i (z_i - m)^2 / S and Σ w_i (z_i - m)^3 / S (two-pass: no E W² - (E W)²).
//   Then s* = (mu m - d_k) / sigma², which is exactly (mu x_k - y)/sigma² far from the data
//   (m underflows to 0), s*' = ((mu²/sigma²) Var - 1)/sigma², s*'' = (mu³/sigma⁶) M3.
// Error behaviour: the computed s* is s* at a y moved by a few ulps, plus a few ulps of s*:
// |error| ≲ eps ((|y| + mu |x_k|) |s*'(y)| + |s*(y)|), eps = 2^-52. Between two points at
// tiny sigma, s*' is huge (4e11 at sigma = 1e-3, spacing 1.3) and s* ≈ 0 is a cancellation
// (mu m ≈ d_k) down to rounding noise: judge it against the array's scale (cases/README.md).
// Var W and E[(W - EW)³] come from two-pass sums over weights <= 1 and carry O(n) ulps of
// E[(W - EW)²], E[|W - EW|³]; s*' inherits the same backward error in y. s*'' at sigma = 1e-3
// is ill-conditioned in y (one ulp of y moves it by more than its scale): computed, but no
// float64 code can be held to it. Measured (test/sStar.test.ts): vs the naive formula 5e-16
// (s*), vs finite differences 5e-12 (s*') and 7e-12 (s*''), vs the reference cases 3e-14 (s*)
// and 1.6e-12 (s*' at sigma = 1e-3), norm-wise.
// Preconditions (callers validate): n >= 1, sigma > 0, finite inputs (a non-finite y gives
// NaN outputs); output buffers must not overlap the inputs.
// A 0 pointer for derivative / secondDerivative skips it (and pass 3 when both are 0).

import { vexp } from '../math/vexp';

// Results of the passes for the current pair of points (Wasm globals: no tuples in AS).
let sumW: v128 = f64x2.splat(0.0); // S = Σ w_i
let meanZ: v128 = f64x2.splat(0.0); // m = Σ w_i z_i / S
let var2: v128 = f64x2.splat(0.0); // Σ w_i (z_i - m)² / S
let cm3: v128 = f64x2.splat(0.0); // Σ w_i (z_i - m)³ / S

/** s*, s*', s*'' of (6) and (9) at y[0..p) for 1-D data x[0..n); see the file comment. */
export function sStar1d(x: usize, n: i32, mu: f64, sigma: f64, y: usize, p: i32,
  value: usize, derivative: usize, secondDerivative: usize): void {
  const invS2 = 1.0 / (sigma * sigma);
  const mu2s = mu * mu * invS2; // mu² / sigma²
  const k3 = mu2s * mu * invS2 * invS2; // mu³ / sigma⁶
  const moments = derivative != 0 || secondDerivative != 0;
  for (let j = 0; j < p; j += 2) {
    const off = <usize>j << 3;
    const both = j + 1 < p;
    const yv = both ? v128.load(y + off) : f64x2.splat(load<f64>(y + off));
    const xk = nearestData(x, n, mu, yv);
    const dk = f64x2.sub(yv, f64x2.mul(f64x2.splat(mu), xk));
    meanPass(x, n, mu, invS2, xk, dk);
    const s = f64x2.mul(f64x2.sub(f64x2.mul(f64x2.splat(mu), meanZ), dk), f64x2.splat(invS2));
    storePair(value + off, s, both);
    if (!moments) continue;
    centralPass(x, n, mu, invS2, xk, dk);
    if (derivative != 0) {
      const v = f64x2.sub(f64x2.mul(f64x2.splat(mu2s), var2), f64x2.splat(1.0));
      storePair(derivative + off, f64x2.mul(v, f64x2.splat(invS2)), both);
    }
    if (secondDerivative != 0) storePair(secondDerivative + off, f64x2.mul(f64x2.splat(k3), cm3), both);
  }
}

/** x_k per lane: the data point with the smallest (y - mu x_i)² (first on ties). */
// @ts-ignore: decorator
@inline function nearestData(x: usize, n: i32, mu: f64, yv: v128): v128 {
  const muv = f64x2.splat(mu);
  let best = f64x2.splat(Infinity);
  let xk = f64x2.splat(load<f64>(x));
  for (let i = 0; i < n; i++) {
    const xi = f64x2.splat(load<f64>(x + (<usize>i << 3)));
    const dd = f64x2.sub(yv, f64x2.mul(muv, xi));
    const q = f64x2.mul(dd, dd);
    const closer = f64x2.lt(q, best);
    best = v128.bitselect(q, best, closer);
    xk = v128.bitselect(xi, xk, closer);
  }
  return xk;
}

/** w_i / w_k = exp(a (2 d_k - a) / (2 sigma²)) with a = mu z, z = x_i - x_k. */
// @ts-ignore: decorator
@inline function weight(z: v128, muv: v128, twoDk: v128, cHalf: v128): v128 {
  const a = f64x2.mul(muv, z);
  return vexp(f64x2.mul(f64x2.mul(a, f64x2.sub(twoDk, a)), cHalf));
}

/** Pass 2: sumW = Σ w_i, meanZ = Σ w_i z_i / sumW. */
// @ts-ignore: decorator
@inline function meanPass(x: usize, n: i32, mu: f64, invS2: f64, xk: v128, dk: v128): void {
  const muv = f64x2.splat(mu), cHalf = f64x2.splat(0.5 * invS2), twoDk = f64x2.add(dk, dk);
  let s = f64x2.splat(0.0), sz = f64x2.splat(0.0);
  for (let i = 0; i < n; i++) {
    const z = f64x2.sub(f64x2.splat(load<f64>(x + (<usize>i << 3))), xk);
    const w = weight(z, muv, twoDk, cHalf);
    s = f64x2.add(s, w);
    sz = f64x2.add(sz, f64x2.mul(w, z));
  }
  sumW = s;
  meanZ = f64x2.div(sz, s);
}

/** Pass 3: var2 = Σ w_i u_i² / sumW and cm3 = Σ w_i u_i³ / sumW with u_i = z_i - meanZ. */
// @ts-ignore: decorator
@inline function centralPass(x: usize, n: i32, mu: f64, invS2: f64, xk: v128, dk: v128): void {
  const muv = f64x2.splat(mu), cHalf = f64x2.splat(0.5 * invS2), twoDk = f64x2.add(dk, dk);
  const m = meanZ;
  let m2 = f64x2.splat(0.0), m3 = f64x2.splat(0.0);
  for (let i = 0; i < n; i++) {
    const z = f64x2.sub(f64x2.splat(load<f64>(x + (<usize>i << 3))), xk);
    const w = weight(z, muv, twoDk, cHalf);
    const u = f64x2.sub(z, m);
    const wu2 = f64x2.mul(f64x2.mul(w, u), u);
    m2 = f64x2.add(m2, wu2);
    m3 = f64x2.add(m3, f64x2.mul(wu2, u));
  }
  var2 = f64x2.div(m2, sumW);
  cm3 = f64x2.div(m3, sumW);
}

/** Store lane 0 at ptr and, when `both`, lane 1 at ptr + 8. */
// @ts-ignore: decorator
@inline function storePair(ptr: usize, v: v128, both: bool): void {
  if (both) v128.store(ptr, v);
  else store<f64>(ptr, f64x2.extract_lane(v, 0));
}
