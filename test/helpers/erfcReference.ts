// A reference erfc in 1400-bit integer arithmetic (independent of the code under test).
const PREC = 1400n;
const ONE = 1n << PREC;

function isqrt(v: bigint): bigint {
  if (v < 2n) return v;
  let x = 1n << BigInt(Math.ceil(v.toString(2).length / 2) + 1);
  for (;;) {
    const y = (x + v / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/** pi · 2^PREC by Machin's formula, 16 atan(1/5) - 4 atan(1/239). */
function piFixed(): bigint {
  const atanInv = (q: bigint): bigint => {
    let sum = 0n, term = ONE / q, k = 0n, sign = 1n;
    const q2 = q * q;
    while (term !== 0n) {
      sum += (sign * term) / (2n * k + 1n);
      term /= q2;
      k++;
      sign = -sign;
    }
    return sum;
  };
  return 16n * atanInv(5n) - 4n * atanInv(239n);
}
const SQRT_PI = isqrt(piFixed() << PREC); // sqrt(pi) · 2^PREC

/** erfc(x) for a double x >= 0, to far better than double precision: with E = exp(x²) and
 *  S = Σ_n 2^n x^(2n+1) / (2n+1)!! (so that erf(x) = 2 S / (sqrt(pi) E)), erfc = (E - 2S/sqrt(pi)) / E,
 *  every series in 1400-bit fixed point (exp(x²) < 2^1014 for x <= 26.5). */
export function erfcReference(x: number): number {
  let e2 = 0;
  while (!Number.isInteger(x * 2 ** e2)) e2++;
  const X = BigInt(x * 2 ** e2), E2 = BigInt(2 * e2); // x = X / 2^e2
  const X2 = X * X;
  let expSum = 0n;
  for (let k = 0n, term = ONE; term !== 0n || k < 2n; k++) {
    if (k > 0n) term = (term * X2) / (k << E2);
    expSum += term;
    if (term === 0n && k > 0n) break;
  }
  let S = 0n;
  for (let k = 0n, term = (X << PREC) >> BigInt(e2); ; k++) {
    if (k > 0n) term = (term * 2n * X2) / ((2n * k + 1n) << E2);
    if (term === 0n) break;
    S += term;
  }
  const num = expSum - (2n * S * ONE) / SQRT_PI;
  const shift = BigInt(expSum.toString(2).length - num.toString(2).length + 70);
  const q = (num << shift) / expSum;
  const sh = Number(shift);
  return Number(q) * 2 ** -(sh - 200) * 2 ** -200;
}
