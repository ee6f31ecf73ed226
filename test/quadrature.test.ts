// The adaptive Gauss–Legendre quadrature: accuracy on smooth and kinked integrands, honest error
// estimates, and the stop at the rounding floor of a noisy integrand.
import { describe, expect, it } from 'vitest';
import { integrate } from '../src/analysis/quadrature.js';

describe('integrate', () => {
  it('is accurate on a smooth integrand and on a kink, with an estimate above the error', () => {
    const smooth = integrate((y) => Math.exp(-y * y), [-3, 0, 3], { relTol: 1e-13 });
    const exact = 1.7724146965190428; // sqrt(pi) erf(3)
    expect(smooth.converged).toBe(true);
    expect(Math.abs(smooth.value - exact)).toBeLessThanOrEqual(1e-14 * exact);
    const kink = integrate((y) => Math.abs(y - 0.3141592653589793), [0, 1], { relTol: 1e-12 });
    const exactKink = (0.3141592653589793 ** 2 + (1 - 0.3141592653589793) ** 2) / 2;
    expect(kink.converged).toBe(true);
    expect(Math.abs(kink.value - exactKink)).toBeLessThanOrEqual(Math.max(kink.error, 1e-15));
  });

  it('stops at the rounding floor of a noisy integrand: not converged, estimate still honest', () => {
    // 1 + deterministic noise of relative size 1e-9 (a hash of y): no tolerance below ~1e-10 is reachable.
    const noise = (y: number): number => { const s = Math.sin(y * 12.9898e3) * 43758.5453; return s - Math.floor(s) - 0.5; };
    const q = integrate((y) => 1 + 1e-9 * noise(y), [0, 1], { relTol: 1e-15 });
    expect(q.converged).toBe(false);
    expect(q.panels).toBeLessThan(1000);
    expect(Math.abs(q.value - 1)).toBeLessThanOrEqual(1e-9);
    expect(q.error).toBeGreaterThanOrEqual(1e-12);
  });
});
