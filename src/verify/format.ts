// The per-metric table `bigstep verify` (and `bigstep reproduce`) prints.
import type { Tally, Unit } from './check.js';
import type { VerifyReport } from './sweep.js';

const UNIT: Record<Unit, string> = { relative: 'rel', se: 'se', samples: 'samples', count: '' };

const num = (v: number, unit: Unit): string => {
  if (!Number.isFinite(v)) return String(v);
  if (unit === 'samples' || unit === 'count') return String(v);
  return v === 0 ? '0' : v < 1e-3 || v >= 1e4 ? v.toExponential(1) : v.toPrecision(2);
};
const withUnit = (v: number, unit: Unit): string => `${num(v, unit)} ${UNIT[unit]}`.trimEnd();

function row(t: Tally): string {
  const mark = t.agree === t.total ? ' ' : '✗';
  return `${mark} ${t.metric.padEnd(28)} ${`${t.agree}/${t.total}`.padStart(7)}  ${withUnit(t.worst, t.unit).padStart(13)}  ${withUnit(t.tolerance, t.unit).padStart(13)}  ${t.route}`;
}

export function formatReport(r: VerifyReport): string {
  const head = `bigstep verify ${r.experiment}/${r.preset}: ${r.runs} run${r.runs === 1 ? '' : 's'}`
    + `${r.diverged ? ` (${r.diverged} diverged: only their divergence is checked)` : ''}, ${(r.elapsedMs / 1000).toFixed(1)} s — `
    + (r.ok ? 'every metric agrees' : 'DISAGREEMENT');
  const lines = [head, `  ${'metric'.padEnd(28)} ${'agree'.padStart(7)}  ${'largest dev.'.padStart(13)}  ${'tolerance'.padStart(13)}  second route`];
  for (const t of r.tallies) lines.push(row(t));
  for (const t of r.tallies) {
    for (const f of t.failures.slice(0, 3)) {
      lines.push(`  ✗ ${t.metric} ${f.key}: reported ${f.check.reported}, recomputed ${f.check.recomputed} (${withUnit(f.check.deviation, t.unit)} > ${withUnit(f.check.tolerance, t.unit)})`);
    }
    if (t.failures.length > 3) lines.push(`  ✗ ${t.metric}: ${t.failures.length - 3} more`);
  }
  for (const u of r.uncovered) lines.push(`✗ ${u.metric}: no second route (${u.runs} run${u.runs === 1 ? '' : 's'})`);
  const byReason = new Map<string, string[]>();
  for (const d of r.diagnostics) byReason.set(d.reason, [...(byReason.get(d.reason) ?? []), d.metric]);
  for (const [reason, metrics] of byReason) lines.push(`  not recomputed: ${metrics.join(', ')} — ${reason}`);
  return lines.join('\n') + '\n';
}
