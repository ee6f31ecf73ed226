// The generated parts of docs/precision.md (see scripts/docs.ts):
//   precision-protocol ← reproduction/precision-protocol.jsonl (scripts/precisionProtocol.ts):
//     per sweep of the paper protocol, the f64 and f32 wall times (sums over shards) and their ratio;
//   peer-ratios        ← reproduction/peer-ratios.txt (scripts/peerRatios.sh): the newest sitting;
//   precision-findings ← reproduction/precision/{f64,f32}/{d1,d10}/EXPERIMENT/runs.jsonl (the same sitting's runs).
import { existsSync, readFileSync } from 'node:fs';
import { tInterval } from '../src/analysis/stats.js';
import type { FinishedRun } from '../src/experiments/types.js';
import { join } from 'node:path';
import { PROTOCOL, readRecord } from './precisionProtocol.js';

const minutes = (s: number): string => (s < 120 ? `${s.toFixed(0)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`);

export function precisionProtocol(root: string): string {
  const lines = readRecord(join(root, 'reproduction/precision-protocol.jsonl'));
  if (lines.length === 0) return 'No sitting recorded yet: `npx tsx scripts/precisionProtocol.ts OUT`.';
  const rows = ['| sweep | shards | f64 | f32 | f64 / f32 |', '|---|---|---|---|---|'];
  let all64 = 0, all32 = 0, complete = true;
  for (const s of PROTOCOL) {
    const of = (p: 'f64' | 'f32') => lines.filter((l) => l.sweep === s.name && l.precision === p);
    const a = of('f64'), b = of('f32');
    const t64 = a.reduce((x, l) => x + l.seconds, 0), t32 = b.reduce((x, l) => x + l.seconds, 0);
    const done = a.length === s.shards && b.length === s.shards;
    complete &&= done;
    if (done) { all64 += t64; all32 += t32; }
    rows.push(`| ${s.name} | ${Math.min(a.length, b.length)}/${s.shards} | ${minutes(t64)} | ${minutes(t32)} | ${done ? `${(t64 / t32).toFixed(2)}×` : 'not finished'} |`);
  }
  rows.push(`| **the whole protocol** | | **${minutes(all64)}** | **${minutes(all32)}** | **${complete ? `${(all64 / all32).toFixed(2)}×` : 'not finished'}** |`);
  const loads = lines.flatMap((l) => [l.loadBefore, l.loadAfter]);
  const days = [...new Set(lines.map((l) => l.date.slice(0, 10)))].join(', ');
  return `Measured ${days} on ${lines[0].cpu} (2 workers; load average ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} ` +
    `during the shards, f64 and f32 shards alternating):\n\n${rows.join('\n')}`;
}

export function peerRatios(root: string): string {
  const text = readFileSync(join(root, 'reproduction/peer-ratios.txt'), 'utf8');
  const sittings = text.split(/^## /m).slice(1);
  if (sittings.length === 0) throw new Error('reproduction/peer-ratios.txt: no sitting (## header)');
  const [head, ...body] = sittings[sittings.length - 1].trim().split('\n');
  return `Newest sitting (${head}):\n\n\`\`\`\n${body.join('\n')}\n\`\`\``;
}

/** runs.jsonl of a protocol sweep copied to reproduction/precision/PRECISION/ROOT/EXPERIMENT/. */
function protocolRuns(root: string, precision: 'f64' | 'f32', where: string, experiment: string): Map<string, FinishedRun> {
  const file = join(root, 'reproduction/precision', precision, where, experiment, 'runs.jsonl');
  if (!existsSync(file)) return new Map();
  const runs = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as FinishedRun);
  return new Map(runs.map((r) => [r.key, r]));
}

const ci = (v: number[]): string => {
  if (v.length === 0) return '—';
  const m = tInterval(v);
  return typeof m === 'number' ? g(m) : `${g(m.mean)} [${g(m.lo)}, ${g(m.hi)}]`;
};
const g = (x: number): string => (Math.abs(x) >= 1e-3 && Math.abs(x) < 1e4 ? x.toPrecision(3) : x.toExponential(2));

/** The paper protocol's findings in both precisions on paired seeds (the runs of the timing sitting):
 *  per setting, each precision's mean [95% interval], the paired per-run difference f32 − f64, and
 *  the diverged runs; fig5: the final sharpness and the runs at or under 2/(mη). */
export function precisionFindings(root: string): string {
  const out: string[] = [];
  const table = (experiment: 'fig2' | 'fig5', where: string, metric: string, label: string): void => {
    const a = protocolRuns(root, 'f64', where, experiment), b = protocolRuns(root, 'f32', where, experiment);
    if (a.size === 0 || b.size === 0) return;
    const groups = new Map<string, string[]>();
    for (const key of a.keys()) {
      const setting = key.replace(/\/sim=\d+$/, '');
      groups.set(setting, [...(groups.get(setting) ?? []), key]);
    }
    const lines = [`| ${experiment} ${where.replace('d', 'd = ')}: setting | ${label} f64 | ${label} f32 | f32 − f64, paired | diverged f64 / f32 |${experiment === 'fig5' ? ' ≤ 2/(mη) f64 / f32 |' : ''}`,
      `|---|---|---|---|---|${experiment === 'fig5' ? '---|' : ''}`];
    for (const [setting, keys] of groups) {
      const live = (r: FinishedRun | undefined): r is FinishedRun => r !== undefined && r.metrics.divergedAtEpoch === undefined && Number.isFinite(r.metrics[metric]);
      const va = keys.map((k) => a.get(k)).filter(live).map((r) => r.metrics[metric]);
      const vb = keys.map((k) => b.get(k)).filter(live).map((r) => r.metrics[metric]);
      const diffs = keys.filter((k) => live(a.get(k)) && live(b.get(k))).map((k) => b.get(k)!.metrics[metric] - a.get(k)!.metrics[metric]);
      const div = (m: Map<string, FinishedRun>): number => keys.filter((k) => m.get(k)?.metrics.divergedAtEpoch !== undefined).length;
      const eta = Number(/eta=([\d.e-]+)/.exec(setting)![1]), bound = 2 / (1000 * eta);
      const under = (v: number[]): number => v.filter((x) => x <= bound).length;
      lines.push(`| ${setting} | ${ci(va)} | ${ci(vb)} | ${ci(diffs)} | ${div(a)} / ${div(b)} |${experiment === 'fig5' ? ` ${under(va)} / ${under(vb)} |` : ''}`);
    }
    out.push(lines.join('\n'));
  };
  table('fig2', 'd1', 'excessRisk', 'excess risk');
  table('fig2', 'd10', 'excessRisk', 'excess risk');
  table('fig5', 'd1', 'sharpnessAll', 'sharpness');
  table('fig5', 'd10', 'sharpnessWithKinks', 'sharpness (withKinks)');
  return out.length > 0 ? out.join('\n\n') : 'No protocol runs committed yet (reproduction/precision/).';
}
