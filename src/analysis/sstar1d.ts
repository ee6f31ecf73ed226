// The empirical optimal score in 1-D (eq. 6) in plain TypeScript, for the quadratures of
// R_n(s*) and of the excess-risk identity. One small function, so that it can be swapped for
// the backend's sStar1d kernel once that lands (the kernel returns s*' instead of Var W; the
// two are tied by (9): Var W = (sigma²/mu²)(sigma² s*' + 1), which cancels where Var W is tiny,
// hence the direct weighted variance here).
//
// W = x_i with probability w_i / Σ w, w_i = exp(-(y - mu x_i)² / (2 sigma²)), weights taken
// relative to the most likely point (log-sum-exp), mean and variance in two passes.

export interface SStarAt {
  /** s*(y) = (mu E[W] - y) / sigma². */
  value: number;
  /** Var W(y). */
  varW: number;
  /** pbar(y) = (1/n) Σ_i N(y; mu x_i, sigma²). */
  density: number;
}

/** s*(y), Var W(y) and pbar(y) for data x (any order). */
export function sStarAt(x: ArrayLike<number>, mu: number, sigma: number, y: number): SStarAt {
  const n = x.length;
  const inv2s2 = 1 / (2 * sigma * sigma);
  let dmin = Infinity;
  for (let i = 0; i < n; i++) {
    const d = (y - mu * x[i]) ** 2;
    if (d < dmin) dmin = d;
  }
  let sw = 0, swx = 0;
  for (let i = 0; i < n; i++) {
    const w = Math.exp(-((y - mu * x[i]) ** 2 - dmin) * inv2s2);
    sw += w;
    swx += w * x[i];
  }
  const mean = swx / sw;
  let sv = 0;
  for (let i = 0; i < n; i++) {
    const w = Math.exp(-((y - mu * x[i]) ** 2 - dmin) * inv2s2);
    sv += w * (x[i] - mean) ** 2;
  }
  return {
    value: (mu * mean - y) / (sigma * sigma),
    varW: sv / sw,
    density: (sw * Math.exp(-dmin * inv2s2)) / (n * sigma * Math.sqrt(2 * Math.PI)),
  };
}
