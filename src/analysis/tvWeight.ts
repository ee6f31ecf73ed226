// The weight pi of the weighted total variation TV_pi (section 5 of the paper; SPEC §1):
//
//   pi(y) = E_{xi ~ N(0, sigma²)} min(pi_plus(y - xi), pi_minus(y - xi))   for mu x_1 <= y <= mu x_n,
//   pi(y) = 0                                                               otherwise,
//
//   pi_minus(u) = P(mu U < u)² E[u - mu U | mu U < u] = (1/n²) k(u) Σ_{mu x_i < u} (u - mu x_i),
//   pi_plus(u)  = P(mu U > u)² E[mu U - u | mu U > u] = (1/n²) k'(u) Σ_{mu x_i > u} (mu x_i - u),
//
// U uniform on the data, k(u) = #{mu x_i < u}, k'(u) = #{mu x_i > u}.
//
// Closed form. Between consecutive distinct points c_j < c_{j+1} of {mu x_i}, with kL points at
// or below c_j and kU = n - kL at or above c_{j+1}, both are affine in u:
//   pi_minus(u) = kL (A_j + kL (u - c_j)) / n²,      A_j = Σ_{mu x_i <= c_j} (c_j - mu x_i),
//   pi_plus(u)  = kU (B_j + kU (c_{j+1} - u)) / n²,  B_j = Σ_{mu x_i >= c_{j+1}} (mu x_i - c_{j+1}),
// (A_j, B_j by running sums of positive terms, so no cancellation). pi_minus jumps *up* and
// pi_plus jumps *down* at every data point, and on each gap pi_minus - pi_plus is increasing:
// the min is pi_minus left of a single crossing point and pi_plus right of it. Per gap we split
// at the crossing t* = (kU B_j + kU² h - kL A_j) / (kL² + kU²) (h = c_{j+1} - c_j) when it lies
// inside, which gives at most 2(n - 1) affine pieces g(u) = g(a) + beta (u - a) on [a, b]; outside
// [mu x_1, mu x_n] the min is 0 (one of the two factors is). With z = (u - y)/sigma,
//   ∫_a^b g(u) phi_sigma(u - y) du = (g(a) + beta (y - a)) P(z_a < Z < z_b) + beta sigma (phi(z_a) - phi(z_b)),
// a sum of Phi and phi terms per piece (normalMass takes the tails on the far side).
//
// Support. The paper's display puts "0 otherwise" on pi itself, i.e. the convolution is
// truncated to [mu x_1, mu x_n] (the proof of Theorem 4 likewise writes TV = ∫_{mu x_1}^{mu x_n}).
// Without the truncation the convolution is positive on all of R. The reference case
// (`op: "tv"` in test/fixtures/compute-public.jsonl, sigma = 0.57; its `pi` values all lie inside
// [mu x_1, mu x_n], so they cannot tell) settles it through its TV values: with the truncation
// TV_pi(s_theta) agrees to 2e-16 and TV_pi(s*) to 2e-10 (the case's own precision: the 50-digit
// reference of scripts/tv-reference.py, case "public-tv", agrees with ours to 2e-16), without it
// they are 2.4% and 7.2% off (see test/tv.test.ts). `piUntruncated` is kept for that check.
import { normalMass, phi } from './normal.js';

/** One affine piece of min(pi_plus, pi_minus): g(u) = valueAtA + slope (u - a) on [a, b]. */
export interface WeightPiece {
  a: number;
  b: number;
  valueAtA: number;
  slope: number;
  /** Which of the two functions is the smaller on this piece. */
  side: 'minus' | 'plus';
}

export interface TvWeight {
  readonly n: number;
  /** mu x_1 and mu x_n: pi vanishes outside [lo, hi]. */
  readonly lo: number;
  readonly hi: number;
  readonly sigma: number;
  /** The affine pieces of min(pi_plus, pi_minus), left to right, covering [lo, hi]. */
  readonly pieces: readonly WeightPiece[];
  /** pi(y) (truncated to [lo, hi], the paper's definition). */
  pi(y: number): number;
  /** The Gaussian convolution without the truncation (for the support check only). */
  piUntruncated(y: number): number;
}

/** Gaussian arguments beyond this many sigmas contribute below e^{-760}: skipped. */
const Z_CUTOFF = 39;

/** The weight pi for data x (any order), mu > 0, sigma > 0. */
export function tvWeight(x: ArrayLike<number>, mu: number, sigma: number): TvWeight {
  const a = scaledSorted(x, mu);
  const n = a.length;
  const pieces = minPieces(a);
  const piUntruncated = (y: number): number => {
    let s = 0;
    for (const p of pieces) {
      const za = (p.a - y) / sigma, zb = (p.b - y) / sigma;
      if (za > Z_CUTOFF || zb < -Z_CUTOFF) continue;
      const mass = normalMass(za, zb);
      s += (p.valueAtA + p.slope * (y - p.a)) * mass + p.slope * sigma * (phi(za) - phi(zb));
    }
    return s;
  };
  const lo = a[0], hi = a[n - 1];
  return {
    n, lo, hi, sigma, pieces, piUntruncated,
    pi: (y: number): number => (y >= lo && y <= hi ? piUntruncated(y) : 0),
  };
}

/** pi at each point of y (truncated weight). */
export function piAt(x: ArrayLike<number>, mu: number, sigma: number, y: ArrayLike<number>): number[] {
  const w = tvWeight(x, mu, sigma);
  return Array.from(y, (v) => w.pi(v));
}

/** pi_minus(u) straight from its definition (1/n²) k(u) Σ_{mu x_i < u} (u - mu x_i). */
export function piMinus(x: ArrayLike<number>, mu: number, u: number): number {
  let k = 0, s = 0;
  for (let i = 0; i < x.length; i++) {
    const v = mu * x[i];
    if (v < u) { k++; s += u - v; }
  }
  return (k * s) / (x.length * x.length);
}

/** pi_plus(u) straight from its definition (1/n²) k'(u) Σ_{mu x_i > u} (mu x_i - u). */
export function piPlus(x: ArrayLike<number>, mu: number, u: number): number {
  let k = 0, s = 0;
  for (let i = 0; i < x.length; i++) {
    const v = mu * x[i];
    if (v > u) { k++; s += v - u; }
  }
  return (k * s) / (x.length * x.length);
}

/** mu x_i, sorted increasingly. */
function scaledSorted(x: ArrayLike<number>, mu: number): Float64Array {
  const a = Float64Array.from(x, (v) => mu * v);
  a.sort();
  return a;
}

/** The affine pieces of min(pi_plus, pi_minus) for sorted a = mu x (see the header). */
function minPieces(a: Float64Array): WeightPiece[] {
  const n = a.length, n2 = n * n;
  // Distinct values c_j with kL_j = #{a_i <= c_j}.
  const c: number[] = [], kLe: number[] = [];
  for (let i = 0; i < n; i++) {
    if (c.length > 0 && a[i] === c[c.length - 1]) kLe[kLe.length - 1] = i + 1;
    else { c.push(a[i]); kLe.push(i + 1); }
  }
  const J = c.length;
  // A_j = Σ_{a_i <= c_j} (c_j - a_i) and B_j = Σ_{a_i >= c_{j+1}} (a_i - c_{j+1}), running sums.
  const A = new Float64Array(J), B = new Float64Array(J);
  for (let j = 1; j < J; j++) A[j] = A[j - 1] + kLe[j - 1] * (c[j] - c[j - 1]);
  const Bat = new Float64Array(J); // Σ_{a_i >= c_j} (a_i - c_j)
  for (let j = J - 2; j >= 0; j--) Bat[j] = Bat[j + 1] + (n - kLe[j]) * (c[j + 1] - c[j]);
  for (let j = 0; j + 1 < J; j++) B[j] = Bat[j + 1];
  const pieces: WeightPiece[] = [];
  for (let j = 0; j + 1 < J; j++) {
    const kL = kLe[j], kU = n - kL, h = c[j + 1] - c[j];
    const minusAt = (t: number): number => (kL * (A[j] + kL * t)) / n2;
    const plusAt = (t: number): number => (kU * (B[j] + kU * (h - t))) / n2;
    const tStar = (kU * B[j] + kU * kU * h - kL * A[j]) / (kL * kL + kU * kU);
    const minus = (t0: number, t1: number): WeightPiece =>
      ({ a: c[j] + t0, b: t1 === h ? c[j + 1] : c[j] + t1, valueAtA: minusAt(t0), slope: (kL * kL) / n2, side: 'minus' });
    const plus = (t0: number, t1: number): WeightPiece =>
      ({ a: c[j] + t0, b: t1 === h ? c[j + 1] : c[j] + t1, valueAtA: plusAt(t0), slope: -(kU * kU) / n2, side: 'plus' });
    if (tStar <= 0) pieces.push(plus(0, h));
    else if (tStar >= h) pieces.push(minus(0, h));
    else pieces.push(minus(0, tStar), plus(tStar, h));
  }
  return pieces;
}
