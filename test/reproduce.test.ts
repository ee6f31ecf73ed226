// The sweep commands end to end as a user runs them (compiled bin, worker threads): a small
// fig2, its report rebuilt from the files, and fig5 computed from fig2's artifacts.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = new URL('../bin/bigstep.js', import.meta.url).pathname;
const bigstep = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
const SMALL = ['--set', 'm=40', '--set', 'sims=2', '--set', 'etas=[0.5,0.05]', '--set', 'epochs=[300,600]'];

describe('bigstep run → report → fig5', () => {
  const out = mkdtempSync(join(tmpdir(), 'bigstep-'));

  it('runs a small fig2 sweep and writes runs, artifacts, summary and the figure', () => {
    const r = bigstep('run', 'fig2', '--out', out, '--workers', '2', ...SMALL, '--set', 'draws=100', '--set', 'ts=[0.2]');
    expect(r.status, r.stderr).toBe(0);
    const dir = join(out, 'fig2', 'quick');
    const lines = readFileSync(join(dir, 'runs.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.length).toBe(4);
    expect(new Set(lines.map((l) => l.key)).size).toBe(4);
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    expect(summary.experiment).toBe('fig2');
    expect(summary.rows.length).toBe(2);
    for (const row of summary.rows) {
      expect(row.stabilityBound).toBeCloseTo(2 / (40 * row.eta), 12);
      expect(row.runs + row.diverged).toBe(2);
    }
    expect(readFileSync(join(dir, 'fig2.png')).subarray(1, 4).toString()).toBe('PNG');
    expect(existsSync(join(dir, 'fig2.svg'))).toBe(true);
  });

  it('resumes: a second run does nothing and changes nothing', () => {
    const dir = join(out, 'fig2', 'quick');
    const before = readFileSync(join(dir, 'runs.jsonl'), 'utf8');
    const r = bigstep('run', 'fig2', '--out', out, '--workers', '1', ...SMALL, '--set', 'draws=100', '--set', 'ts=[0.2]');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/0 runs done, 4 already done/);
    expect(readFileSync(join(dir, 'runs.jsonl'), 'utf8')).toBe(before);
  });

  it('refuses the same folder with another seed', () => {
    const r = bigstep('run', 'fig2', '--out', out, '--seed', '7', ...SMALL, '--set', 'draws=100', '--set', 'ts=[0.2]');
    expect(r.status).toBe(2);
    expect(JSON.parse(r.stderr.trim().split('\n').pop()!).error.field).toBe('seed');
  });

  it('report rebuilds the same summary from the files', () => {
    const dir = join(out, 'fig2', 'quick');
    const first = readFileSync(join(dir, 'summary.json'), 'utf8');
    const r = bigstep('report', dir);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(dir, 'summary.json'), 'utf8')).toBe(first);
  });

  it('fig5 computes the exact sharpness from fig2 artifacts, below-bound counts included', () => {
    const r = bigstep('run', 'fig5', '--out', out, '--workers', '2', ...SMALL, '--set', 'params=["theory","all"]');
    expect(r.status, r.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'fig5', 'quick', 'summary.json'), 'utf8'));
    expect(summary.rows.length).toBe(4);
    for (const row of summary.rows) {
      expect(['theory', 'all']).toContain(row.params);
      expect(row.estimator).toBe('exact');
      expect(row.stabilityBound).toBeCloseTo(2 / (40 * row.eta), 12);
    }
  });

  // The diffusion sweeps the same way (tiny: m = 16, B = 64, 150 steps, 60 samples × 10 EM steps).
  const DIFF = ['--set', 'm=16', '--set', 'etas=[0.5,0.05]', '--set', 'epochs=[150,150]', '--set', 'timeCount=10'];

  it('fig3 → report → fig5diffusion: MMD rows, samples in the artifacts, sharpness of both estimators', () => {
    const r = bigstep('run', 'fig3', '--out', out, '--workers', '2', ...DIFF, '--set', 'B=64', '--set', 'samples=60', '--set', 'steps=10');
    expect(r.status, r.stderr).toBe(0);
    const dir = join(out, 'fig3', 'quick');
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    expect(summary.rows.map((row: { eta: number }) => row.eta)).toEqual([0.5, 0.05]);
    for (const row of summary.rows) for (const k of ['mmdToSStar', 'mmdToGaussian', 'memorization']) expect(typeof row[k]).toBe('number');
    expect(readFileSync(join(dir, 'fig3.png')).subarray(1, 4).toString()).toBe('PNG');
    expect(readFileSync(join(dir, 'fig3.svg'), 'utf8')).toContain('coordinate 1');
    const f5 = bigstep('run', 'fig5diffusion', '--out', out, '--workers', '2', ...DIFF, '--set', 'draws=20', '--set', 'kinkDraws=8');
    expect(f5.status, f5.stderr).toBe(0);
    const rows = JSON.parse(readFileSync(join(out, 'fig5diffusion', 'quick', 'summary.json'), 'utf8')).rows;
    expect(rows.map((row: { estimator: string }) => row.estimator).sort()).toEqual(['sampled', 'sampled', 'withKinks', 'withKinks']);
  });

  it('report names the folder when it holds no sweep', () => {
    const r = bigstep('report', join(out, 'fig1', 'quick'));
    expect(r.status).toBe(2);
    expect(JSON.parse(r.stderr).error.field).toBe('dir');
  });
});
