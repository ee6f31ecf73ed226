// Pure-TypeScript twin of assembly/kernels/sStar1d.ts: 1-D empirical optimal score s* (paper
// eq. 6), s*' (eq. 9) and s*''. Same floating-point operations in the same order as one Wasm
// lane, with Math.exp in place of the Wasm vexp (<= 2 ulp apart; vexp flushes weights below
// 3.31e-308, which sit beside w_k = 1, to 0), so the backends agree to ~1e-15 norm-wise.
// Formulas (paper eq. numbers), the stable evaluation and its error behaviour: the Wasm file.
//
//   s*(y)   = (mu E[W] - y) / sigma²,  W = x_i w.p. w_i / Σ w,  w_i = exp(-(y - mu x_i)²/(2 sigma²))
//   s*'(y)  = (1/sigma²)(-1 + (mu²/sigma²) Var W)
//   s*''(y) = (mu³/sigma⁶) E[(W - E W)³]
// evaluated around the nearest data point x_k (log-sum-exp with w_k = 1, moments of
// z_i = x_i - x_k, two-pass central moments). `null` for derivative / secondDerivative skips it.

/** s*, s*', s*'' at y[0..p) for 1-D data x[0..n) (n >= 1, sigma > 0). */
export function sStar1d(x: Float64Array, n: number, mu: number, sigma: number, y: Float64Array, p: number,
  value: Float64Array, derivative: Float64Array | null, secondDerivative: Float64Array | null): void {
  const invS2 = 1.0 / (sigma * sigma);
  const mu2s = mu * mu * invS2; // mu² / sigma²
  const k3 = mu2s * mu * invS2 * invS2; // mu³ / sigma⁶
  const moments = derivative !== null || secondDerivative !== null;
  for (let j = 0; j < p; j++) {
    const yj = y[j];
    const xk = nearestData(x, n, mu, yj);
    const dk = yj - mu * xk;
    const { s, m } = meanPass(x, n, mu, invS2, xk, dk);
    value[j] = (mu * m - dk) * invS2;
    if (!moments) continue;
    const { m2, m3 } = centralPass(x, n, mu, invS2, xk, dk, m);
    if (derivative !== null) derivative[j] = (mu2s * (m2 / s) - 1.0) * invS2;
    if (secondDerivative !== null) secondDerivative[j] = k3 * (m3 / s);
  }
}

/** x_k: the data point with the smallest (y - mu x_i)² (first on ties). */
function nearestData(x: Float64Array, n: number, mu: number, y: number): number {
  let best = Infinity;
  let xk = x[0];
  for (let i = 0; i < n; i++) {
    const dd = y - mu * x[i];
    const q = dd * dd;
    if (q < best) {
      best = q;
      xk = x[i];
    }
  }
  return xk;
}

/** Pass 2: s = Σ w_i, m = Σ w_i z_i / s, with w_i / w_k = exp(a (2 d_k - a) / (2 sigma²)), a = mu z_i. */
function meanPass(x: Float64Array, n: number, mu: number, invS2: number, xk: number, dk: number):
  { s: number; m: number } {
  const cHalf = 0.5 * invS2, twoDk = dk + dk;
  let s = 0.0, sz = 0.0;
  for (let i = 0; i < n; i++) {
    const z = x[i] - xk;
    const a = mu * z;
    const w = Math.exp(a * (twoDk - a) * cHalf);
    s += w;
    sz += w * z;
  }
  return { s, m: sz / s };
}

/** Pass 3: m2 = Σ w_i u_i², m3 = Σ w_i u_i³ with u_i = z_i - m (not yet divided by Σ w). */
function centralPass(x: Float64Array, n: number, mu: number, invS2: number, xk: number, dk: number,
  m: number): { m2: number; m3: number } {
  const cHalf = 0.5 * invS2, twoDk = dk + dk;
  let m2 = 0.0, m3 = 0.0;
  for (let i = 0; i < n; i++) {
    const z = x[i] - xk;
    const a = mu * z;
    const w = Math.exp(a * (twoDk - a) * cHalf);
    const u = z - m;
    const wu2 = w * u * u;
    m2 += wu2;
    m3 += wu2 * u;
  }
  return { m2, m3 };
}
