// Standard normal density, tails and interval masses, accurate to a few ulps in relative terms
// (also far in the tails), for the closed forms of the TV weight pi (tvWeight.ts).
//
// erfc is the project's one implementation, src/math/gauss.ts (the pure math under the TS
// twins and this layer, twin of assembly/math/gauss.ts: a Chebyshev series of erfcx, < 1e-15
// relative, checked against a 1400-bit reference in test/erfc.test.ts).
import { erfc } from '../math/gauss.js';


const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
const SQRT1_2 = Math.SQRT1_2;

/** Standard normal density phi(z) = e^{-z²/2} / sqrt(2 pi). */
export function phi(z: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * z * z);
}

/** Upper tail Q(z) = P(Z > z) = erfc(z / sqrt 2) / 2, Z ~ N(0, 1). */
export function upperTail(z: number): number {
  return 0.5 * erfc(z * SQRT1_2);
}

/** Phi(z) = P(Z <= z), computed from the tail on the far side. */
export function normalCdf(z: number): number {
  return z > 0 ? 1 - upperTail(z) : upperTail(-z);
}

/** P(a < Z < b) for Z ~ N(0, 1) and a <= b, as a difference of the two tails on the side away
 *  from 0, so that a mass far in a tail keeps its relative accuracy. */
export function normalMass(a: number, b: number): number {
  if (!(b > a)) return 0;
  if (a >= 0) return upperTail(a) - upperTail(b);
  if (b <= 0) return upperTail(-b) - upperTail(-a);
  return 1 - upperTail(-a) - upperTail(b);
}
