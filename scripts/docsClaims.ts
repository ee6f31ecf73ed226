// The claims table of docs/reproduction.md (region `claims-table`, see scripts/docs.ts): each
// sentence of the paper about figures 3, 4 and 5 (right) beside what the committed paper-scale
// runs of reproduction/claims/ (scripts/claimsRuns.sh, scripts/claimsSnapshot.sh) measured, and a
// verdict by the rules of src/report/claims.ts (paired differences over data sets, 95% t-intervals).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FinishedRun, Metric } from '../src/experiments/types.js';
import { acrossSettings, combine, distanceSuffixes, settingOf, withinRuns, type Comparison, type Verdict } from '../src/report/claims.js';

/** Every finished run of `experiment` under reproduction/claims/ROOT/EXPERIMENT/paper/ trained
 *  with the notebooks' protocol (the paper text's runs are a separate check, not pooled here). */
function runsOf(root: string, experiment: string): FinishedRun[] {
  const base = join(root, 'reproduction/claims');
  if (!existsSync(base)) return [];
  return readdirSync(base).flatMap((dir) => {
    const file = join(base, dir, experiment, 'paper/runs.jsonl');
    if (!existsSync(file)) return [];
    return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as FinishedRun)
      .filter((r) => (r.config as { protocol?: string }).protocol === 'notebook');
  });
}

const at = (runs: FinishedRun[], k: string, v: number): FinishedRun[] => runs.filter((r) => settingOf(r.key)[k] === v);
const values = (runs: FinishedRun[], k: string): number[] => [...new Set(runs.map((r) => settingOf(r.key)[k]))].sort((a, b) => a - b);
const g = (x: number): string => (Math.abs(x) >= 1e-3 && Math.abs(x) < 1e4 ? x.toPrecision(3) : x.toExponential(2)).replace(/\.?0+(e|$)/, '$1');
const metricText = (m: Metric | undefined): string =>
  m === undefined ? 'no pair' : typeof m === 'number' ? `${g(m)} (one pair)` : `${g(m.mean)} [${g(m.lo)}, ${g(m.hi)}]`;
const distanceName = (suffix: string): string => (suffix === '' ? 'MMD² (h = 1)' : suffix === '_hMedian' ? 'MMD² (median h)' : `MMD² (h = ${suffix.slice(2)})`);

/** "closer to A than to B" by every distance: MMD² per bandwidth and W2, within the runs. */
function closer(runs: FinishedRun[], a: 'SStar' | 'Gaussian', b: 'SStar' | 'Gaussian'): Comparison[] {
  return [
    ...distanceSuffixes(runs).map((s) => withinRuns(runs, `mmdTo${a}${s}`, `mmdTo${b}${s}`, 'negative', distanceName(s))),
    withinRuns(runs, `w2To${a}`, `w2To${b}`, 'negative', 'W2'),
  ].filter((c) => c.pairs > 0 || c.label === 'MMD² (h = 1)');
}

interface Claim { paper: string; scale: string; comparisons: Comparison[]; verdict: Verdict }

function fig3Claims(root: string): Claim[] {
  const runs = runsOf(root, 'fig3'), etas = values(runs, 'eta');
  const scale = (η: number[]): string => `fig3, d = 2, m = 1000, B = 5000, notebook protocol, f64; η = ${η.join(', ')}; ${values(runs, 'sim').length} data sets`;
  if (etas.length < 2) {
    const none: Comparison[] = [{ label: 'no finished runs yet', pairs: 0, diff: undefined, verdict: 'open' }];
    return [
      { paper: '"a small learning rate leads to generating observations close to the training data, indicating memorization"', scale: 'fig3', comparisons: none, verdict: 'open' },
      { paper: '"a larger learning rate not only avoids memorization but also learns a Gaussian distribution fitted on the training sample"', scale: 'fig3', comparisons: none, verdict: 'open' },
    ];
  }
  const lo = etas[0], hi = etas[etas.length - 1];
  const small = at(runs, 'eta', lo), large = at(runs, 'eta', hi);
  const memorization = acrossSettings(small, large, 'memorization', 'negative', `memorized fraction at η = ${hi} − at η = ${lo}`);
  const nearStar = closer(small, 'SStar', 'Gaussian').map((c) => ({ ...c, label: `η = ${lo}: ${c.label} to s* − to the Gaussian` }));
  const nearGauss = closer(large, 'Gaussian', 'SStar').map((c) => ({ ...c, label: `η = ${hi}: ${c.label} to the Gaussian − to s*` }));
  const first = [memorization, ...nearStar];
  return [
    { paper: '"a small learning rate leads to generating observations close to the training data, indicating memorization"', scale: scale([lo, hi]), comparisons: first, verdict: combine(first.map((c) => c.verdict)) },
    { paper: '"a larger learning rate not only avoids memorization but also learns a Gaussian distribution fitted on the training sample"; "other metrics give qualitatively similar conclusions (MMD with other bandwidth, Wasserstein distance)"', scale: scale([hi]), comparisons: nearGauss, verdict: combine(nearGauss.map((c) => c.verdict)) },
  ];
}

function fig4Claims(root: string): Claim[] {
  const runs = runsOf(root, 'fig4'), ds = values(runs, 'd');
  const paper = ['"as the dimension increases, the fitted neural network s_θ* generates observations that are less similar to the training observations"', '"in high dimension, the network seems to be learning a Gaussian distribution"'];
  if (ds.length < 2) return paper.map((p) => ({ paper: p, scale: 'fig4', comparisons: [{ label: 'no finished runs yet', pairs: 0, diff: undefined, verdict: 'open' as Verdict }], verdict: 'open' as Verdict }));
  const lo = ds[0], hi = ds[ds.length - 1];
  const scale = `fig4, η = 0.5, 50k steps, m = 1000, notebook protocol, f64; d = ${ds.join(', ')}; 5 sets per data set`;
  const memorization = [acrossSettings(at(runs, 'd', lo), at(runs, 'd', hi), 'memorization', 'negative', `memorized fraction at d = ${hi} − at d = ${lo}`)];
  const gauss = closer(at(runs, 'd', hi), 'Gaussian', 'SStar').map((c) => ({ ...c, label: `d = ${hi}: ${c.label} to the Gaussian − to s*` }));
  return [
    { paper: paper[0], scale, comparisons: memorization, verdict: combine(memorization.map((c) => c.verdict)) },
    { paper: paper[1], scale, comparisons: gauss, verdict: combine(gauss.map((c) => c.verdict)) },
  ];
}

/** "At or under the bound": the sharpness over 2/(mη), minus 1.05 (within 5% counts as at). */
function fig5Claims(root: string): Claim[] {
  const runs = runsOf(root, 'fig5diffusion'), etas = values(runs, 'eta');
  const comparisons = etas.map((eta) => {
    const rs = at(runs, 'eta', eta).map((r) => {
      const m = (r.config as { m: number }).m;
      return { ...r, metrics: { ...r.metrics, ratio: (r.metrics.sharpnessWithKinks * m * eta) / 2, limit: 1.05 } };
    });
    return withinRuns(rs, 'ratio', 'limit', 'negative', `η = ${eta}: sharpness (withKinks) · mη/2 − 1.05`);
  });
  return [{
    paper: 'figure 5 (right): the sharpness at the end of training against η, beside the stability bound 2/(mη)',
    scale: `fig5diffusion on the fig3 runs above; η = ${etas.join(', ') || '—'}`,
    comparisons: comparisons.length ? comparisons : [{ label: 'no finished runs yet', pairs: 0, diff: undefined, verdict: 'open' }],
    verdict: combine(comparisons.map((c) => c.verdict)),
  }];
}

export function claimsTable(root: string): string {
  const claims = [...fig3Claims(root), ...fig4Claims(root), ...fig5Claims(root)];
  const lines = ['| the paper | runs | paired difference: mean [95% interval] (pairs) → verdict | verdict |', '|---|---|---|---|'];
  for (const c of claims) {
    const evidence = c.comparisons.map((x) => `${x.label}: ${metricText(x.diff)} (${x.pairs}) → ${x.verdict}`).join('<br>');
    lines.push(`| ${c.paper} | ${c.scale} | ${evidence} | **${c.verdict}** |`);
  }
  return lines.join('\n');
}
