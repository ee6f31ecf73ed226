// The generated parts of docs/benchmarks.md, from bench/reference.json (see scripts/docs.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchTable, fmtTime, rowOf, type BenchRecord } from '../bench/table.js';

function record(root: string): BenchRecord {
  return JSON.parse(readFileSync(join(root, 'bench/reference.json'), 'utf8')) as BenchRecord;
}

function machineLine(r: BenchRecord): string {
  const m = r.machine;
  return m === undefined
    ? 'Machine: not recorded in this record (a 2-core machine of this project, idle).'
    : `Machine: ${m.cpu}, ${m.cores} cores, Node ${m.node}, measured ${m.date}.`;
}

/** The whole table, with the peak probe and the machine. */
export function benchSection(root: string): string {
  const r = record(root);
  return `${machineLine(r)} Peak probe: ${r.peakGflops.toFixed(1)} GFLOP/s (wasm f64x2, one core).\n\n` +
    '```\n' + benchTable(r).join('\n') + '\n```';
}

const pct = (r: BenchRecord, gflops: number | null): string => `${((100 * (gflops ?? 0)) / r.peakGflops).toFixed(0)}%`;
const ratio = (a: number, b: number): string => `${(a / b).toFixed(1)}×`;

/** The numbers the prose cites, each from one row of the record. */
export function benchHeadlines(root: string): string {
  const r = record(root);
  const sgd1 = rowOf(r, 'sgdEpoch', 'wasm', 1), sgd1ts = rowOf(r, 'sgdEpoch', 'ts', 1);
  const sgd10 = rowOf(r, 'sgdEpoch', 'wasm', 10), sgd10ts = rowOf(r, 'sgdEpoch', 'ts', 10);
  const sharpE = rowOf(r, 'sharpness-all:experiment', 'wasm'), sharpT = rowOf(r, 'sharpness-all:theory', 'wasm');
  const hv = rowOf(r, 'hessianVector1d:experiment', 'wasm'), dense = rowOf(r, 'hessian1d:experiment', 'wasm');
  const grad = rowOf(r, 'exactGradient:experiment', 'wasm');
  const step2 = rowOf(r, 'diffusionStep', 'wasm x2'), step1 = rowOf(r, 'diffusionStep', 'wasm');
  const gen = rowOf(r, 'sampleLearned', 'wasm'), mmd = rowOf(r, 'mmdUnbiased', 'wasm');
  const kinks = rowOf(r, 'withKinks (fig3 size)', 'wasm');
  return [
    `- 1-D SGD step (fig1 size): **${fmtTime(1 / sgd1.hz)}** (${ratio(sgd1.hz, sgd1ts.hz)} the TypeScript twin's ${fmtTime(1 / sgd1ts.hz)}).`,
    `- d = 10 SGD step: **${fmtTime(1 / sgd10.hz)}, ${pct(r, sgd10.gflops)} of the peak probe** (${ratio(sgd10.hz, sgd10ts.hz)} the twin).`,
    `- Exact sharpness of a fig1-size model (3000 parameters, Lanczos): **${fmtTime(1 / sharpE.hz)}** (experiment model), ` +
      `${fmtTime(1 / sharpT.hz)} (theory model); one exact Hessian–vector product ${fmtTime(1 / hv.hz)}, the exact gradient ` +
      `${fmtTime(1 / grad.hz)}, the dense 3000 × 3000 Hessian ${fmtTime(1 / dense.hz)}.`,
    `- fig3 training step (d = 2, m = 1000, B = 5000): **${fmtTime(1 / step2.hz)} on 2 threads**, ${fmtTime(1 / step1.hz)} on one.`,
    `- Generation of 1000 samples × 100 steps with the learned score: ${fmtTime(1 / gen.hz)}; MMD² of 1000 vs 1000: ${fmtTime(1 / mmd.hz)}; ` +
      `a withKinks sharpness at the fig3 size: ${fmtTime(1 / kinks.hz)}.`,
  ].join('\n');
}
