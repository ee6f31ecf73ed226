// Synthetic, realistic inputs for the report's figures (tests and scratch renders).
import type { SummaryRow } from '../../src/experiments/types.js';
import type { Fig1Curve } from '../../src/report/specs/fig1.js';

/** A small deterministic normal generator (LCG + Box–Muller); enough for fixtures. */
export function normals(n: number, seed: number): number[] {
  let s = seed >>> 0 || 1;
  const u = (): number => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return (s + 0.5) / 4294967296; };
  const out: number[] = [];
  while (out.length < n) {
    const r = Math.sqrt(-2 * Math.log(u())), a = 2 * Math.PI * u();
    out.push(r * Math.cos(a), r * Math.sin(a));
  }
  return out.slice(0, n);
}

export const noiseAt = (t: number) => ({ t, mu: Math.exp(-t), sigma: Math.sqrt(1 - Math.exp(-2 * t)) });

function sStar(y: number, x: number[], mu: number, sigma: number): number {
  let mx = -Infinity;
  const l = x.map((xi) => -((y - mu * xi) ** 2) / (2 * sigma * sigma));
  for (const v of l) mx = Math.max(mx, v);
  let num = 0, den = 0;
  x.forEach((xi, i) => { const w = Math.exp(l[i]! - mx); num += (mu * xi - y) * w; den += w; });
  return num / (den * sigma * sigma);
}

/** fig1-like curves: s* exactly, s_θ as s* smoothed more for larger η. */
export function fig1Curves(): Fig1Curve[] {
  const out: Fig1Curve[] = [];
  for (const [k, t] of [0.2, 0.05].entries()) {
    const { mu, sigma } = noiseAt(t);
    const x = normals(20, 11 + k).sort((a, b) => a - b);
    const lo = mu * x[0]! - 0.5, hi = mu * x[x.length - 1]! + 0.5;
    const grid = Array.from({ length: 400 }, (_, i) => lo + ((hi - lo) * i) / 399);
    const ss = grid.map((y) => sStar(y, x, mu, sigma));
    for (const eta of [0.5, 0.1, 0.05]) {
      const h = 0.6 * Math.sqrt(eta);
      const st = grid.map((y) => {
        let num = 0, den = 0;
        grid.forEach((g, j) => { const w = Math.exp(-((g - y) ** 2) / (2 * h * h)); num += w * ss[j]!; den += w; });
        return num / den;
      });
      out.push({ t, mu, sigma, eta, curve: { grid, sTheta: st, sStar: ss, data: x } });
    }
  }
  return out;
}

const ETAS = [0.5, 0.1, 0.05, 0.01];
const EPOCHS: Record<string, number> = { 0.5: 5000, 0.1: 25000, 0.05: 50000, 0.01: 200000 };

/** fig2-like rows: excess risk 1e-3..1 growing with η, smaller σ larger, d = 1 and 10. */
export function fig2Rows(): SummaryRow[] {
  const rows: SummaryRow[] = [];
  for (const d of [1, 10]) {
    for (const t of [0.2, 0.05]) {
      const { mu, sigma } = noiseAt(t);
      for (const eta of ETAS) {
        const base = (d === 1 ? 0.6 : 2.5) * eta ** 1.2 / sigma ** 2 * (t === 0.05 ? 1.6 : 1);
        const half = 0.25 * base;
        const diverged = d === 10 && eta === 0.5 && t === 0.05 ? 3 : 0;
        const row: SummaryRow = {
          d, t, mu, sigma, eta, epochs: EPOCHS[String(eta)]!, runs: 30 - diverged, diverged,
          stabilityBound: 2 / (1000 * eta),
          excessRisk: { mean: base, lo: base - half, hi: base + half },
        };
        if (d === 1) row.excessRiskExact = { mean: base * 0.97, lo: base * 0.97 - half, hi: base * 0.97 + half };
        rows.push(row);
      }
    }
  }
  return rows;
}

/** fig5-like rows: sharpness below 2/(m η), for theory/all × exact (d = 1), sampled/withKinks (d = 10). */
export function fig5Rows(): SummaryRow[] {
  const rows: SummaryRow[] = [];
  const { t, mu, sigma } = noiseAt(0.2);
  for (const eta of ETAS) {
    const bound = 2 / (1000 * eta);
    const base = { d: 1, t, mu, sigma, eta, epochs: EPOCHS[String(eta)]!, runs: 30, diverged: 0 };
    const m = (f: number) => ({ mean: f * bound, lo: f * bound * 0.9, hi: f * bound * 1.08 });
    rows.push({ ...base, stabilityBound: bound, sharpness: m(0.8), params: 'all', estimator: 'exact' });
    rows.push({ ...base, stabilityBound: bound, sharpness: m(0.55), params: 'theory', estimator: 'exact' });
    rows.push({ ...base, d: 10, stabilityBound: bound, sharpness: m(0.45), params: 'all', estimator: 'sampled' });
    rows.push({ ...base, d: 10, stabilityBound: bound, sharpness: m(0.9), params: 'all', estimator: 'withKinks' });
  }
  return rows;
}
