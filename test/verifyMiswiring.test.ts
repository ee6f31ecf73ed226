// The three miswirings of issue 12 applied to the production code itself (the modules patched
// with vi.mock, switched on per test), tiny sweeps run with them, and `verify` must fail naming
// the metric: (a) fig2's Monte Carlo excess risk at 1.2 σ, (b) fig3's mmdToSStar against the
// fitted-Gaussian samples, (c) fig5's sharpness at 1.5 t. With the switch off the same sweeps
// verify (the patches are transparent).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { F64 } from '../src/backend/contract.js';
import { configFrom } from '../src/cli/run.js';
import { EXPERIMENTS } from '../src/experiments/index.js';
import { deriveSeed } from '../src/experiments/seeds.js';
import type { ExperimentId, FinishedRun, PresetName } from '../src/experiments/types.js';
import { readArtifact, sweepDir, writeArtifact } from '../src/runner/artifacts.js';
import { RunsWriter } from '../src/runner/runsFile.js';
import { fingerprint } from '../src/runner/seeds.js';
import { formatReport } from '../src/verify/format.js';
import { verifySweep } from '../src/verify/sweep.js';
import { wasm } from './helpers/parity.js';
import { SEED, TINY } from './helpers/tinySweeps.js';

type Miswiring = 'none' | 'sigma' | 'mmd' | 'time';
const state = vi.hoisted(() => ({ which: 'none' as Miswiring, stars: new Set<unknown>(), gauss: null as unknown }));

vi.mock('../src/analysis/excessRisk.js', async (importOriginal) => {
  const mod = await importOriginal<typeof import('../src/analysis/excessRisk.js')>();
  return {
    ...mod,
    excessRiskMonteCarlo: (...[net, data, opts]: Parameters<typeof mod.excessRiskMonteCarlo>) =>
      mod.excessRiskMonteCarlo(net, data, state.which === 'sigma' ? { ...opts, sigma: 1.2 * opts.sigma } : opts),
  };
});

vi.mock('../src/analysis/sharpness.js', async (importOriginal) => {
  const mod = await importOriginal<typeof import('../src/analysis/sharpness.js')>();
  const { noiseAt } = await import('../src/model/schedule.js');
  return {
    ...mod,
    sharpnessExact: (...[net, data, noise, params, eta]: Parameters<typeof mod.sharpnessExact>) =>
      mod.sharpnessExact(net, data, state.which === 'time' ? noiseAt(-1.5 * Math.log(noise.mu)) : noise, params, eta),
  };
});

vi.mock('../src/model/sample.js', async (importOriginal) => {
  const mod = await importOriginal<typeof import('../src/model/sample.js')>();
  return {
    ...mod,
    sampleSStar: (...args: Parameters<typeof mod.sampleSStar>) => { const s = mod.sampleSStar(...args); state.stars.add(s); return s; },
    sampleGaussianFit: (...args: Parameters<typeof mod.sampleGaussianFit>) => (state.gauss = mod.sampleGaussianFit(...args)) as F64,
  };
});

vi.mock('../src/analysis/mmd.js', async (importOriginal) => {
  const mod = await importOriginal<typeof import('../src/analysis/mmd.js')>();
  return {
    ...mod,
    mmd: (...[be, X, nx, Y, ny, d, h]: Parameters<typeof mod.mmd>) =>
      // the learned samples against an s* set (not s* against the null s* set): the Gaussian instead
      mod.mmd(be, X, nx, state.which === 'mmd' && state.stars.has(Y) && !state.stars.has(X) ? (state.gauss as F64) : Y, ny, d, h),
  };
});

/** A sweep run in this thread (so the patched modules are the ones used), written as the runner
 *  writes it: artifacts, then runs.jsonl lines. */
function sweep(root: string, id: ExperimentId, preset: PresetName = 'quick'): string {
  const ex = EXPERIMENTS[id], config = configFrom(ex, preset, TINY[id]!);
  const dir = sweepDir(root, id, preset), fp = fingerprint(config, SEED, id, preset);
  const ctx = { preset, artifact: (e: ExperimentId, p: PresetName, key: string) => readArtifact(sweepDir(root, e, p), key) };
  const writer = RunsWriter.open(join(dir, 'runs.jsonl'), 0);
  try {
    for (const spec of ex.runs(config)) {
      const out = ex.run(wasm, config, spec, { sweep: SEED, run: deriveSeed(SEED, spec.key) }, ctx);
      writeArtifact(dir, spec.key, out.artifact);
      const line: FinishedRun = { key: spec.key, fingerprint: fp, config, seed: SEED, metrics: out.metrics, version: 'test', durationMs: 0 };
      writer.append(line);
    }
  } finally {
    writer.close();
  }
  return dir;
}

function verifyWith(which: Miswiring, id: ExperimentId, root: string) {
  state.which = which;
  try { sweep(root, id); } finally { state.which = 'none'; }
  return verifySweep(sweepDir(root, id, 'quick'), wasm);
}

const failing = (r: ReturnType<typeof verifySweep>): string[] => r.tallies.filter((t) => t.agree < t.total).map((t) => t.metric);

describe('verify catches the miswirings applied in the production code', () => {
  const clean = mkdtempSync(join(tmpdir(), 'bigstep-miswire-'));

  it('the patches are transparent when off: fig2 and fig3 verify', () => {
    for (const id of ['fig2', 'fig3'] as const) {
      const r = verifyWith('none', id, clean);
      expect(r.ok, formatReport(r)).toBe(true);
    }
  }, 120_000);

  it('(a) fig2 with the Monte Carlo excess risk at 1.2 σ: excessRisk fails', () => {
    const r = verifyWith('sigma', 'fig2', mkdtempSync(join(tmpdir(), 'bigstep-miswire-a-')));
    expect(r.ok).toBe(false);
    expect(failing(r)).toContain('excessRisk');
    expect(failing(r)).not.toContain('excessRiskExact');
  }, 120_000);

  it('(b) fig3 with mmdToSStar against the Gaussian samples: mmdToSStar fails', () => {
    const r = verifyWith('mmd', 'fig3', mkdtempSync(join(tmpdir(), 'bigstep-miswire-b-')));
    expect(r.ok).toBe(false);
    expect(failing(r)).toContain('mmdToSStar');
    expect(failing(r)).not.toContain('mmdToGaussian');
  }, 120_000);

  it('(c) fig5 with the sharpness at 1.5 t (from clean fig2 artifacts): the sharpness fails', () => {
    const r = verifyWith('time', 'fig5', clean);
    expect(r.ok).toBe(false);
    expect(failing(r)).toEqual(expect.arrayContaining(['sharpnessTheory', 'sharpnessAll']));
  }, 120_000);
});
