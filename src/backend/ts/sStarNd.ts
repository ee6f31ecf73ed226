// Pure-TypeScript twin of assembly/kernels/sStarNd.ts: d-D empirical optimal score s* (paper
// eq. 6) and its Jacobian J_ac = ∂s*_a/∂y_c = (1/sigma²)(-δ_ac + (mu²/sigma²) Cov(W)_ac) (eq. 9
// in d-D). Same operations in the same order as the Wasm kernel — every dot product split into
// even coordinates (Wasm lane 0) and odd ones (lane 1), summed, odd tail last — with Math.exp
// in place of vexp. Formulas, stable evaluation (log-sum-exp around the nearest data row,
// two-pass covariance) and error behaviour: see the Wasm file. With d = 1 it reproduces
// sStar1d bit for bit. value must not overlap y or x (its rows accumulate the mean);
// `null` for jacobian skips it.

/** s*(y) (p × d) and optionally its Jacobian (p × d × d, row-major per point) for data x (n × d). */
export function sStarNd(x: Float64Array, n: number, d: number, mu: number, sigma: number, y: Float64Array,
  p: number, value: Float64Array, jacobian: Float64Array | null): void {
  const invS2 = 1.0 / (sigma * sigma);
  for (let j = 0; j < p; j++) {
    const yr = j * d, vr = j * d;
    const xk = nearestRow(x, n, d, mu, y, yr);
    const s = meanPass(x, n, d, mu, invS2, xk, y, yr, value, vr); // value row ← m
    if (jacobian !== null) {
      const jr = j * d * d;
      covPass(x, n, d, mu, invS2, xk, y, yr, value, vr, jacobian, jr);
      finishJacobian(jacobian, jr, d, mu * mu * invS2, invS2, s);
    }
    for (let c = 0; c < d; c++) {
      const dk = y[yr + c] - mu * x[xk + c];
      value[vr + c] = (mu * value[vr + c] - dk) * invS2;
    }
  }
}

/** Offset of the row x_k with the smallest ||y - mu x_i||² (first on ties). */
function nearestRow(x: Float64Array, n: number, d: number, mu: number, y: Float64Array, yr: number): number {
  let best = Infinity;
  let xk = 0;
  for (let i = 0; i < n; i++) {
    const q = dist2(x, i * d, y, yr, d, mu);
    if (q < best) {
      best = q;
      xk = i * d;
    }
  }
  return xk;
}

/** Σ_c (y_c - mu x_c)², split even / odd as the Wasm lanes. */
function dist2(x: Float64Array, xr: number, y: Float64Array, yr: number, d: number, mu: number): number {
  let s0 = 0.0, s1 = 0.0;
  let c = 0;
  for (; c + 1 < d; c += 2) {
    const d0 = y[yr + c] - mu * x[xr + c];
    const d1 = y[yr + c + 1] - mu * x[xr + c + 1];
    s0 += d0 * d0;
    s1 += d1 * d1;
  }
  let h = s0 + s1;
  if (c < d) {
    const dd = y[yr + c] - mu * x[xr + c];
    h += dd * dd;
  }
  return h;
}

/** log(w_i / w_k) = Σ_c a_c (2 d_kc - a_c) / (2 sigma²), a = mu (x_i - x_k), d_k = y - mu x_k. */
function logWeight(x: Float64Array, xi: number, xk: number, y: Float64Array, yr: number, d: number,
  mu: number, cHalf: number): number {
  let s0 = 0.0, s1 = 0.0;
  let c = 0;
  for (; c + 1 < d; c += 2) {
    s0 += term(x[xi + c], x[xk + c], y[yr + c], mu);
    s1 += term(x[xi + c + 1], x[xk + c + 1], y[yr + c + 1], mu);
  }
  let h = s0 + s1;
  if (c < d) h += term(x[xi + c], x[xk + c], y[yr + c], mu);
  return h * cHalf;
}

/** a (2 d_k - a) for one coordinate. */
function term(xic: number, xkc: number, yc: number, mu: number): number {
  const a = mu * (xic - xkc);
  const dk = yc - mu * xkc;
  return a * ((dk + dk) - a);
}

/** Pass 2: value row ← m = Σ w_i (x_i - x_k) / S; returns S. */
function meanPass(x: Float64Array, n: number, d: number, mu: number, invS2: number, xk: number,
  y: Float64Array, yr: number, value: Float64Array, vr: number): number {
  const cHalf = 0.5 * invS2;
  value.fill(0, vr, vr + d);
  let s = 0.0;
  for (let i = 0; i < n; i++) {
    const xi = i * d;
    const w = Math.exp(logWeight(x, xi, xk, y, yr, d, mu, cHalf));
    s += w;
    for (let c = 0; c < d; c++) value[vr + c] += w * (x[xi + c] - x[xk + c]);
  }
  for (let c = 0; c < d; c++) value[vr + c] /= s;
  return s;
}

/** Pass 3: jacobian block ← Σ w_i u_i u_iᵀ (as (w u_a) u_c), u_i = (x_i - x_k) - m. */
function covPass(x: Float64Array, n: number, d: number, mu: number, invS2: number, xk: number,
  y: Float64Array, yr: number, m: Float64Array, mr: number, jac: Float64Array, jr: number): void {
  const cHalf = 0.5 * invS2;
  jac.fill(0, jr, jr + d * d);
  for (let i = 0; i < n; i++) {
    const xi = i * d;
    const w = Math.exp(logWeight(x, xi, xk, y, yr, d, mu, cHalf));
    for (let a = 0; a < d; a++) {
      const f = w * ((x[xi + a] - x[xk + a]) - m[mr + a]);
      const row = jr + a * d;
      for (let c = 0; c < d; c++) jac[row + c] += f * ((x[xi + c] - x[xk + c]) - m[mr + c]);
    }
  }
}

/** J_ac ← ((mu²/sigma²) (J_ac / S) - δ_ac) / sigma². */
function finishJacobian(jac: Float64Array, jr: number, d: number, mu2s: number, invS2: number, s: number): void {
  for (let a = 0; a < d; a++) {
    for (let c = 0; c < d; c++) {
      const k = jr + a * d + c;
      jac[k] = (mu2s * (jac[k] / s) - (a === c ? 1.0 : 0.0)) * invS2;
    }
  }
}
