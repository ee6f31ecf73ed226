// The generated parts of docs/precision.md (see scripts/docs.ts):
//   precision-protocol ← reproduction/precision-protocol.jsonl (scripts/precisionProtocol.ts):
//     per sweep of the paper protocol, the f64 and f32 wall times (sums over shards) and their ratio;
//   peer-ratios        ← reproduction/peer-ratios.txt (scripts/peerRatios.sh): the newest sitting.
import { readFileSync } from 'node:fs';
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
