#!/usr/bin/python3
"""Reference values of TV_pi(s*), R_n(s*) and pi (SPEC §1) for test/tvReference.test.ts.

Command line (Debian's python, which sees the python3-mpmath package; gmpy2 makes it faster):
    apt-get install -y python3-mpmath python3-gmpy2
    /usr/bin/python3 scripts/tv-reference.py > test/fixtures/tv-reference.json
(`--jobs N` runs N cases at a time; `--quick` runs the two smallest sigmas of the n = 2 sets
only. The whole sweep takes about 20 minutes of CPU with gmpy2, most of it n = 50 at the
smallest sigmas.)

Noise level: the Ornstein-Uhlenbeck forward process of SPEC §1, mu(t) = e^{-t},
sigma(t) = sqrt(1 - e^{-2t}), so mu = sqrt(1 - sigma²). Each case writes mu literally (the
double nearest sqrt(1 - sigma²), computed in float64) and the points literally (doubles printed
with repr, which round-trips); mpmath reads those doubles exactly.

Data sets (Python's `random` with fixed seeds; nothing from bigstep's generators), for every
sigma in SIGMAS:
  n2-far    x = (-0.8, 0.7)                      gap 1.5 >> sigma
  n2-mid    x = (0.1, 0.1 + 3 sigma)             gap ~ sigma
  n2-close  x = (0.1, 0.1 + sigma²)              gap ~ sigma²
  n15       11 N(0,1) draws (seed 15) + a pair at gap sigma² + a pair at gap sigma/10
  n50       46 N(0,1) draws (seed 50) + a pair at gap sigma² + a pair at gap sigma/10
(the N(0,1) draws already hold gaps from ~1e-3 to ~1: far points at small sigma), and
  public-tv the `op: "tv"` case of test/fixtures/compute-public.jsonl (n = 15, sigma = 0.57,
            its own mu and y), whose expected TV_pi(s*) is only good to ~2e-10.

Every function is evaluated at mp.dps = 50, with algorithms that share nothing with bigstep's
(adaptive Gauss–Legendre in float64 on panels from a walk at the scale of s*):
  * s* and its derivatives from the cumulants of A = mu W (W = x_i w.p. ∝ exp(-(y - mu x_i)²/(2 sigma²))):
    s*'' = kappa3(A)/sigma⁶, s*''' = kappa4(A)/sigma⁸ (d/dy kappa_k = kappa_{k+1}/sigma²).
  * TV_pi(s*) = ∫_{mu x_1}^{mu x_n} |s*''| pi: every zero of s*'' is located first — a walk over
    [mu x_1, mu x_n] with step min(sigma, sigma²/D(y))/16, D(y) the spread of the points whose
    weight is within e^-60 of the largest (sigma²/D is the scale on which W's law changes),
    sign changes of kappa3 bracketed, pairs of zeros inside one step caught through the sign
    changes of kappa4 (Rolle), each zero bisected to 1e-40 relative; then |s*''| pi is analytic
    between consecutive zeros and is integrated there by tanh-sinh (mpmath.quad, converged to
    40 digits), bisecting any piece whose error estimate exceeds 1e-30 of the total. mpmath.quad
    judges convergence in absolute terms, so integrands are first scaled to O(1).
  * pi by its closed form in mpmath (Gaussian integrals of the affine pieces of min(pi+, pi-),
    written here from the definition), cross-checked inside the script against tanh-sinh
    quadrature of the definition E_xi min(pi+(y - xi), pi-(y - xi)) (pi+, pi- by their sums);
    the fixture's pi values are the quadrature ones.
  * R_n(s*) = (1/sigma⁴) ∫ pbar(y) kappa2(A)(y) dy over [mu x_1 - 45 sigma, mu x_n + 45 sigma]
    by the same adaptive tanh-sinh; for n = 2 also cross-checked against eq. (5),
    (1/n) Σ_i ∫ p_i(y) (s*(y) + (y - mu x_i)/sigma²)² dy. For two points 1.5 apart at
    sigma <= 0.02 it lies below the double range (4e-1216 at sigma = 0.01).
Each reported value carries the script's error estimate (`*_err`, absolute); all are < 1e-25
relative, far below the 1e-10 the test asks for.
"""
import json
import math
import multiprocessing
import os
import random
import sys

import mpmath as mp

DPS = 50          # working precision of every function evaluation
QUAD_DPS = 40     # precision the tanh-sinh rule converges to (error estimates ~1e-40 relative)
mp.mp.dps = DPS
SIGMAS = [0.01, 0.02, 0.05, 0.1, 0.3, 0.6, 0.9]
LOG_WINDOW = 150   # points with relative weight < e^-150 are dropped from the sums (< 1e-60)
SCAN_WINDOW = 60   # ... and from the spread D(y) that sets the scan step
SCAN_K = 16        # scan steps per local scale
QUAD_REL = mp.mpf('1e-30')


# ---------- s*: cumulants of A = mu W ----------

def cumulants(a, s, y):
    """(log Σ_i w_i, kappa1..kappa4 of A) at y, w_i = exp(-(y - a_i)²/(2 s²)), relative to the
    largest weight (log-sum-exp); a sorted mpf list."""
    l = [-(y - ai) ** 2 / (2 * s * s) for ai in a]
    lmax = max(l)
    w = [(mp.exp(li - lmax), ai) for li, ai in zip(l, a) if li - lmax > -LOG_WINDOW]
    s0 = mp.fsum(wi for wi, _ in w)
    m1 = mp.fsum(wi * ai for wi, ai in w) / s0
    c = [mp.fsum(wi * (ai - m1) ** k for wi, ai in w) / s0 for k in (2, 3, 4)]
    return lmax + mp.log(s0), m1, c[0], c[1], c[2] - 3 * c[0] ** 2


def spread(a, s, y):
    """D(y): max - min of the points whose weight is within e^-SCAN_WINDOW of the largest."""
    l = [-(y - ai) ** 2 / (2 * s * s) for ai in a]
    lmax = max(l)
    near = [ai for li, ai in zip(l, a) if li - lmax > -SCAN_WINDOW]
    return max(near) - min(near)


def sstar_d2(a, s, y):
    return cumulants(a, s, y)[3] / s ** 6


# ---------- zeros of s*'' ----------

def bisect(f, lo, hi, fl):
    """A zero of f in [lo, hi] where f(lo) = fl and f(hi) have opposite signs."""
    width = hi - lo
    while hi - lo > mp.mpf('1e-40') * width:
        mid = (lo + hi) / 2
        fm = f(mid)
        if fm == 0:
            return mid
        if (fm > 0) == (fl > 0):
            lo, fl = mid, fm
        else:
            hi = mid
    return (lo + hi) / 2


def zeros_of_d2(a, s):
    """Every zero of s*'' (= of kappa3) in (a_1, a_n), see the header."""
    k3 = lambda y: cumulants(a, s, y)[3]
    k4 = lambda y: cumulants(a, s, y)[4]
    lo, hi = a[0], a[-1]
    out = []
    y = lo
    _, _, _, f, g = cumulants(a, s, y)
    while y < hi:
        step = min(s, s * s / max(spread(a, s, y), mp.mpf('1e-300'))) / SCAN_K
        z = min(y + step, hi)
        _, _, _, fz, gz = cumulants(a, s, z)
        if f != 0 and fz != 0 and (f > 0) != (fz > 0):
            out.append(bisect(k3, y, z, f))
        elif g != 0 and gz != 0 and (g > 0) != (gz > 0):
            t = bisect(k4, y, z, g)   # an extremum of kappa3: two zeros if its sign differs
            ft = k3(t)
            if ft != 0 and f != 0 and (ft > 0) != (f > 0):
                out.append(bisect(k3, y, t, f))
                out.append(bisect(k3, t, z, ft))
        y, f, g = z, fz, gz
    return out


# ---------- pi ----------

def pi_minus(a, u):
    n = len(a)
    below = [ai for ai in a if ai < u]
    return len(below) * mp.fsum(u - ai for ai in below) / n ** 2


def pi_plus(a, u):
    n = len(a)
    above = [ai for ai in a if ai > u]
    return len(above) * mp.fsum(ai - u for ai in above) / n ** 2


def min_pieces(a):
    """Affine pieces (p, q, alpha, beta) of min(pi+, pi-)(u) = alpha + beta u on [p, q]: on each gap
    between distinct points both are affine (coefficients read off the definitions at two interior
    points), and pi- - pi+ increases there, so one crossing at most."""
    c = sorted(set(a))
    pieces = []
    for p, q in zip(c, c[1:]):
        u1, u2 = p + (q - p) / 3, p + 2 * (q - p) / 3
        bm = (pi_minus(a, u2) - pi_minus(a, u1)) / (u2 - u1)
        am = pi_minus(a, u1) - bm * u1
        bp = (pi_plus(a, u2) - pi_plus(a, u1)) / (u2 - u1)
        ap = pi_plus(a, u1) - bp * u1
        t = (ap - am) / (bm - bp)            # am + bm t = ap + bp t
        if t <= p:
            pieces.append((p, q, ap, bp))
        elif t >= q:
            pieces.append((p, q, am, bm))
        else:
            pieces += [(p, t, am, bm), (t, q, ap, bp)]
    return pieces


def pi_closed(pieces, s, y):
    """pi(y) = Σ_pieces ∫_p^q (alpha + beta u) phi_s(u - y) du
             = Σ (alpha + beta y) P(z_p < Z < z_q) + beta s (phi(z_p) - phi(z_q)),  z = (u - y)/s,
    with P(z_p < Z < z_q) from the upper tails Q(|z|) on the far side (no cancellation); pieces
    beyond 20 s are dropped (Q(20) < 1e-88). Q and phi are computed once per piece end."""
    memo = {}
    def ends(z):
        key = mp.mpf(z)
        if key not in memo:
            memo[key] = (mp.erfc(abs(z) / mp.sqrt(2)) / 2, mp.npdf(z))
        return memo[key]
    tot = []
    for p, q, al, be in pieces:
        zp, zq = (p - y) / s, (q - y) / s
        if zp > 20 or zq < -20:
            continue
        (qp, fp), (qq, fq) = ends(zp), ends(zq)
        if zp >= 0:
            mass = qp - qq
        elif zq <= 0:
            mass = qq - qp
        else:
            mass = 1 - qp - qq
        tot.append((al + be * y) * mass + be * s * (fp - fq))
    return mp.fsum(tot)


def pi_by_quadrature(a, pieces, s, y):
    """pi(y) = ∫ min(pi+(u), pi-(u)) phi_s(y - u) du by tanh-sinh, with pi+, pi- by their sums
    (pieces give only the break points: data points and crossings)."""
    cuts = sorted({p for p, *_ in pieces} | {q for _, q, *_ in pieces}
                  | {y + k * s for k in range(-40, 41, 4) if a[0] < y + k * s < a[-1]})
    f = lambda u: min(pi_plus(a, u), pi_minus(a, u)) * mp.npdf(u, y, s)
    return mp.fsum(mp.quad(f, [p, q]) for p, q in zip(cuts, cuts[1:]))


# ---------- adaptive tanh-sinh ----------

def quad_adaptive(f, breaks):
    """∫ f over [breaks[0], breaks[-1]]: tanh-sinh on each piece, bisecting pieces whose error
    estimate exceeds QUAD_REL of the total. Returns (value, error estimate).
    mpmath.quad judges convergence in absolute terms: on an integrand of size 1e-1225 it stops
    at 1e-9 relative. So f is divided by S = max |f| over the breaks and piece midpoints first."""
    samples = list(breaks) + [(p + q) / 2 for p, q in zip(breaks, breaks[1:])]
    scale = max(abs(f(t)) for t in samples) or mp.mpf(1)
    def g(t):
        with mp.workdps(DPS):
            return f(t) / scale
    def piece(p, q):
        with mp.workdps(QUAD_DPS):   # tanh-sinh nodes to 40 digits, the integrand at 50
            v, e = mp.quad(g, [p, q], error=True, maxdegree=8)
        return (p, q, +v, +e)
    parts = [piece(p, q) for p, q in zip(breaks, breaks[1:]) if q > p]
    while True:
        total = abs(mp.fsum(v for *_, v, _ in parts))
        limit = QUAD_REL * total / len(parts)
        bad = [pt for pt in parts if pt[3] > limit]
        if not bad:
            return scale * mp.fsum(v for *_, v, _ in parts), scale * mp.fsum(e for *_, e in parts)
        parts = [pt for pt in parts if pt[3] <= limit]
        for p, q, _, _ in bad:
            parts += [piece(p, (p + q) / 2), piece((p + q) / 2, q)]


def base_breaks(a, s, lo, hi):
    """lo, hi, and around each midpoint of a gap h > 2 sigma, m ± (s²/h) 2^k up to sigma (the
    peaks of |s*''| and of Var W there are s²/h wide); then pieces no wider than sigma."""
    marks = {lo, hi}
    for p, q in zip(a, a[1:]):
        h = q - p
        if h > 2 * s:
            m, w = (p + q) / 2, s * s / h
            while w < s:
                marks |= {m - w, m + w}
                w *= 2
    marks = sorted(t for t in marks if lo <= t <= hi)
    out = [marks[0]]
    for p, q in zip(marks, marks[1:]):
        k = int(mp.ceil((q - p) / s))
        out += [p + (q - p) * j / k for j in range(1, k)] + [q]
    return out


# ---------- the three quantities ----------

def tv_sstar(a, s, pieces):
    zeros = zeros_of_d2(a, s)
    breaks = sorted(set(base_breaks(a, s, a[0], a[-1])) | set(zeros))
    value, err = quad_adaptive(lambda y: abs(sstar_d2(a, s, y)) * pi_closed(pieces, s, y), breaks)
    return value, err, len(zeros)


def risk_sstar(a, s):
    """R_n(s*) = (1/s⁴) ∫ pbar kappa2(A) dy, pbar = e^{logsum} / (n sqrt(2 pi) s)."""
    n = len(a)
    def f(y):
        logsum, _, k2, _, _ = cumulants(a, s, y)
        return mp.exp(logsum) * k2
    lo, hi = a[0] - 45 * s, a[-1] + 45 * s
    breaks = sorted(set(base_breaks(a, s, lo, hi)) | set(a))
    value, err = quad_adaptive(f, breaks)
    scale = 1 / (n * mp.sqrt(2 * mp.pi) * s ** 5)
    return value * scale, err * scale


def risk_eq5(a, s):
    """R_n(s*) by eq. (5): (1/n) Σ_i E_{Y ~ N(a_i, s²)} (s*(Y) + (Y - a_i)/s²)²."""
    n = len(a)
    def sstar(y):
        _, m1, _, _, _ = cumulants(a, s, y)
        return (m1 - y) / s ** 2
    tot = []
    for ai in a:
        f = lambda y: (sstar(y) + (y - ai) / s ** 2) ** 2 * mp.npdf(y, ai, s)
        breaks = sorted(set(base_breaks(a, s, a[0] - 45 * s, a[-1] + 45 * s)) | set(a))
        tot.append(quad_adaptive(f, breaks)[0])
    return mp.fsum(tot) / n


# ---------- data sets ----------

def with_pairs(seed, draws, s):
    rng = random.Random(seed)
    x = [rng.gauss(0.0, 1.0) for _ in range(draws)]
    p, q = rng.uniform(-1.5, 1.5), rng.uniform(-1.5, 1.5)
    return sorted(x + [p, p + s * s, q, q + s / 10])


def datasets(s):
    return [('n2-far', [-0.8, 0.7]), ('n2-mid', [0.1, 0.1 + 3 * s]), ('n2-close', [0.1, 0.1 + s * s]),
            ('n15', with_pairs(15, 11, s)), ('n50', with_pairs(50, 46, s))]


def public_case():
    """The `op: "tv"` case of test/fixtures/compute-public.jsonl (its mu, sigma, x and y)."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'fixtures', 'compute-public.jsonl')
    with open(path) as f:
        c = next(json.loads(l)['input'] for l in f if '"op": "tv"' in l)
    return ('public-tv', c['x'], c['sigma'], c['mu'], c['y'])


def case(name, x, sigma, mu=None, ys=None):
    mu = math.sqrt(1 - sigma * sigma) if mu is None else mu
    a = sorted(mp.mpf(mu) * mp.mpf(v) for v in x)
    s = mp.mpf(sigma)
    pieces = min_pieces(a)
    lo, hi = float(a[0]), float(a[-1])
    ys = [lo + (hi - lo) * k / 8 for k in range(1, 8)] if ys is None else ys
    pis = []
    for y in ys:
        pq, pc = pi_by_quadrature(a, pieces, s, mp.mpf(y)), pi_closed(pieces, s, mp.mpf(y))
        assert abs(pq - pc) <= mp.mpf('1e-35') * abs(pq), (name, sigma, y, pq, pc)
        pis.append(pq)
    tv, tv_err, nz = tv_sstar(a, s, pieces)
    risk, risk_err = risk_sstar(a, s)
    if len(a) == 2:
        r5 = risk_eq5(a, s)
        assert abs(r5 - risk) <= mp.mpf('1e-28') * risk, (name, sigma, r5, risk)
    assert tv_err <= mp.mpf('1e-25') * tv and risk_err <= mp.mpf('1e-25') * risk, (name, sigma, tv_err, risk_err)
    print(f'{name} sigma={sigma}: TV={mp.nstr(tv, 20)} ({nz} zeros of s*\'\') R={mp.nstr(risk, 20)}', file=sys.stderr)
    return {
        'name': name, 'n': len(x), 'sigma': sigma, 'mu': mu, 'x': x, 'y': ys,
        'tv_sstar': mp.nstr(tv, 30), 'tv_sstar_err': mp.nstr(tv_err, 3), 'd2_zeros': nz,
        'risk_sstar': mp.nstr(risk, 30), 'risk_sstar_err': mp.nstr(risk_err, 3),
        'pi': [mp.nstr(p, 30) for p in pis],
    }


def run(job):
    return case(*job)


def main():
    quick = '--quick' in sys.argv
    jobs = int(sys.argv[sys.argv.index('--jobs') + 1]) if '--jobs' in sys.argv else 1
    sigmas = SIGMAS[:2] if quick else SIGMAS
    todo = [(name, x, sg) for sg in sigmas for name, x in datasets(sg) if not quick or name.startswith('n2')]
    todo.sort(key=lambda t: -len(t[1]) / t[2])   # the slow ones (large n, small sigma) first
    if not quick:
        todo.append(public_case())
    if jobs > 1:
        with multiprocessing.Pool(jobs) as pool:
            done = pool.map(run, todo, chunksize=1)
    else:
        done = [run(t) for t in todo]
    order = {(name, sg): k for k, (name, x, sg) in enumerate((n, x, sg) for sg in sigmas for n, x in datasets(sg))}
    cases = sorted(done, key=lambda c: order.get((c['name'], c['sigma']), len(order)))
    json.dump({
        'about': 'TV_pi(s*), R_n(s*) and pi at y, at 50 digits by scripts/tv-reference.py (mpmath; '
                 'tanh-sinh between the zeros of s*\'\'); numbers as decimal strings; mu = sqrt(1 - sigma^2).',
        'command': '/usr/bin/python3 scripts/tv-reference.py > test/fixtures/tv-reference.json',
        'mpmath': mp.__version__, 'dps': mp.mp.dps, 'cases': cases,
    }, sys.stdout, indent=1)
    print(file=sys.stdout)


if __name__ == '__main__':
    main()
