#!/usr/bin/env python3
"""Constants of the erfc in assembly/math/gauss.ts and src/math/gauss.ts.

1. Chebyshev coefficients c_0..c_27 of F(t) = (1 + 2x) erfcx(x), erfcx(x) = exp(x^2) erfc(x),
   in the variable t = (x - K)/(x + K), K = 3.75, which maps x in [0, inf) onto t in [-1, 1)
   (the change of variable of Shepherd & Laframboise, Math. Comp. 36 (1981) 249-253; the
   coefficients below are recomputed here, not copied). F is smooth on [-1, 1] including
   t = 1 (F -> 2/sqrt(pi)), and |c_j| < 3e-20 for j >= 27, so 28 terms give erfcx to a few
   ulps. c_0 is halved (the Clenshaw sum below adds c_0 once).
2. The Taylor coefficients of erf(x) / (2x/sqrt(pi)) in x^2 (used for |x| < 0.5).
Run with mpmath installed; prints TypeScript-ready literals and the double-precision error
of the evaluation scheme against mpmath at 60 digits.
"""
import random
from fractions import Fraction
from math import factorial

import mpmath as mp

mp.mp.dps = 60
K = mp.mpf('3.75')
N = 28


def F(t):
    x = K * (1 + t) / (1 - t)
    return (1 + 2 * x) * mp.exp(x * x) * mp.erfc(x)


M = 256  # Chebyshev-Gauss nodes for the discrete cosine transform (exact for degree < M)
nodes = [mp.cos(mp.pi * (k + mp.mpf(1) / 2) / M) for k in range(M)]
vals = [F(t) for t in nodes]
c = [2 * mp.fsum(vals[k] * mp.cos(mp.pi * j * (k + mp.mpf(1) / 2) / M) for k in range(M)) / M for j in range(N + 4)]
print('tail |c_j|, j >= N:', [mp.nstr(abs(v), 3) for v in c[N:]])
c[0] /= 2
cf = [float(v) for v in c[:N]]
print('const ERFCX_C = [')
for v in cf:
    print(f'  {v!r},')
print('];')

taylor = [float(Fraction((-1) ** k, factorial(k) * (2 * k + 1))) for k in range(14)]
print('const ERF_T = [')
for v in taylor:
    print(f'  {v!r},')
print('];')


def erfcx(x):  # the scheme of gauss.ts, in double precision
    t = (x - 3.75) / (x + 3.75)
    t2 = 2 * t
    b1 = 0.0
    b2 = 0.0
    for j in range(N - 1, 0, -1):
        b1, b2 = t2 * b1 - b2 + cf[j], b1
    return (t * b1 - b2 + cf[0]) / (1 + 2 * x)


random.seed(1)
xs = [random.uniform(0.5, 30) for _ in range(20000)] + [10 ** random.uniform(-0.3, 8) for _ in range(5000)]
worst = max(float(abs(erfcx(x) / (mp.exp(mp.mpf(x) ** 2) * mp.erfc(mp.mpf(x))) - 1)) for x in xs)
print('max relative error of erfcx on [0.5, 1e8]:', worst)
