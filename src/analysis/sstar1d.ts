// The empirical optimal score in 1-D (eq. 6) at one point, in plain TypeScript, for the
// quadratures of R_n(s*) (exact1d.ts), TV_pi(s*) (tv.ts) and the tests' brute-force checks.
// The backend's sStar1d kernel evaluates many points at once; this scalar form also returns
// Var W and pbar directly: Var W from s*' by (9), Var W = (sigma²/mu²)(sigma² s*' + 1), would
// cancel where Var W is tiny.
//
// W = x_i with probability w_i / Σ w, w_i = exp(-(y - mu x_i)² / (2 sigma²)), weights taken
// relative to the most likely point (log-sum-exp), central moments in two passes.

export interface SStarAt {
  /** s*(y) = (mu E[W] - y) / sigma². */
  value: number;
  /** Var W(y). */
  varW: number;
  /** pbar(y) = (1/n) Σ_i N(y; mu x_i, sigma²). */
  density: number;
}

/** Moments of W(y), the data point x_i drawn with probability ∝ exp(-(y - mu x_i)²/(2 sigma²))
 *  (section 5, before (9)), centred at the most likely point x_c (the one nearest y/mu). */
export interface PosteriorMoments {
  /** x_c, the most likely point. */
  center: number;
  /** E[W] - x_c. */
  meanOffset: number;
  /** Var W = E[(W - EW)²] (two-pass: no cancellation when it is tiny). */
  variance: number;
  /** E[(W - EW)³]. */
  third: number;
  /** E[(W - EW)⁴]. */
  fourth: number;
  /** log Σ_i exp(-(y - mu x_i)²/(2 sigma²)) (so pbar(y) = e^{logSum} / (n sqrt(2 pi) sigma)). */
  logSum: number;
}

/** Moments of W(y) by log-sum-exp: weights exp(l_i) with
 *  l_i = -[(y - mu x_i)² - (y - mu x_c)²]/(2 sigma²) = -mu (x_c - x_i) ((y - mu x_i) + (y - mu x_c))/(2 sigma²) <= 0,
 *  a factored difference of squares, so that sigma = 1e-3 far from and between the points
 *  loses nothing to cancellation. */
export function posteriorMoments(x: ArrayLike<number>, mu: number, sigma: number, y: number): PosteriorMoments {
  const n = x.length;
  let c = 0;
  for (let i = 1; i < n; i++) if (Math.abs(y - mu * x[i]) < Math.abs(y - mu * x[c])) c = i;
  const xc = x[c], rc = y - mu * xc, s2 = 2 * sigma * sigma;
  let s0 = 0, s1 = 0;
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = x[i] - xc;
    w[i] = i === c ? 1 : Math.exp(-(-mu * d) * ((y - mu * x[i]) + rc) / s2);
    s0 += w[i];
    s1 += w[i] * d;
  }
  const m1 = s1 / s0;
  let c2 = 0, c3 = 0, c4 = 0;
  for (let i = 0; i < n; i++) {
    const e = x[i] - xc - m1, e2 = e * e;
    c2 += w[i] * e2;
    c3 += w[i] * e2 * e;
    c4 += w[i] * e2 * e2;
  }
  return { center: xc, meanOffset: m1, variance: c2 / s0, third: c3 / s0, fourth: c4 / s0, logSum: -(rc * rc) / s2 + Math.log(s0) };
}

/** s*(y) and its first three derivatives (6), (9), Lemma 11:
 *   s*   = (mu E[W] - y)/sigma²,
 *   s*'  = (1/sigma²)(-1 + (mu²/sigma²) Var W),
 *   s*'' = (mu³/sigma⁶) kappa3(W),   kappa3 = E[(W - EW)³],
 *   s*''' = (mu⁴/sigma⁸) kappa4(W),  kappa4 = E[(W - EW)⁴] - 3 Var² W,
 *  since y tilts W's law: d/dy log w_i = mu x_i/sigma² + const, so d/dy kappa_k(W) = (mu/sigma²) kappa_{k+1}(W).
 *  One small function so that it can be swapped for the backend's sStar1d kernel. */
export function sStarDerivatives(x: ArrayLike<number>, mu: number, sigma: number, y: number):
  { value: number; d1: number; d2: number; d3: number } {
  const m = posteriorMoments(x, mu, sigma, y);
  const s2 = sigma * sigma, mu2 = mu * mu;
  return {
    value: ((mu * m.center - y) + mu * m.meanOffset) / s2,
    d1: (-1 + (mu2 / s2) * m.variance) / s2,
    d2: ((mu2 * mu) / (s2 * s2 * s2)) * m.third,
    d3: ((mu2 * mu2) / (s2 * s2 * s2 * s2)) * (m.fourth - 3 * m.variance * m.variance),
  };
}
/** s*(y), Var W(y) and pbar(y) for data x (any order). */
export function sStarAt(x: ArrayLike<number>, mu: number, sigma: number, y: number): SStarAt {
  const m = posteriorMoments(x, mu, sigma, y);
  return {
    value: ((mu * m.center - y) + mu * m.meanOffset) / (sigma * sigma),
    varW: m.variance,
    density: Math.exp(m.logSum) / (x.length * sigma * Math.sqrt(2 * Math.PI)),
  };
}
