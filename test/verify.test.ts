// `bigstep verify`: a tiny sweep of every experiment of the registry verifies (every metric agrees
// with its second route), the three miswirings of issue 12 written into runs.jsonl make it fail
// naming the metric, and bad input is a one-line error with exit code 2.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { excessRiskMonteCarlo } from '../src/analysis/excessRisk.js';
import { mmd } from '../src/analysis/mmd.js';
import { scoreLoss } from '../src/analysis/denoisingLoss.js';
import { sharpnessExact } from '../src/analysis/sharpness.js';
import { sharpnessDenoising } from '../src/analysis/sharpnessSampled.js';
import { KINK_DRAWS } from '../src/experiments/fig5.js';
import { deriveSeed } from '../src/experiments/seeds.js';
import { pointOf, runSeeds } from '../src/experiments/common.js';
import { EXPERIMENTS } from '../src/experiments/index.js';
import type { ExperimentId, FinishedRun, RunArtifact } from '../src/experiments/types.js';
import { Dataset } from '../src/model/dataset.js';
import { Net } from '../src/model/net.js';
import { sampleGaussianFit, sampleLearned } from '../src/model/sample.js';
import { noiseAt } from '../src/model/schedule.js';
import { artifactName, readArtifact } from '../src/runner/artifacts.js';
import { formatReport } from '../src/verify/format.js';
import { verifySweep } from '../src/verify/sweep.js';
import { wasm } from './helpers/parity.js';
import { SEED, dependencyOrder, tinySweep } from './helpers/tinySweeps.js';

const BIN = new URL('../bin/bigstep.js', import.meta.url).pathname;
const bigstep = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });

const root = mkdtempSync(join(tmpdir(), 'bigstep-verify-'));
const dirOf = (id: ExperimentId, base = root): string => join(base, id, 'quick');
const ids = dependencyOrder();

beforeAll(async () => {
  for (const id of ids) await tinySweep(root, id);
}, 300_000);

describe('bigstep verify on every experiment of the registry', () => {
  it.each(ids)('%s: every metric agrees with its second route', (id) => {
    const report = verifySweep(dirOf(id), wasm);
    expect(report.ok, formatReport(report)).toBe(true);
    expect(report.uncovered).toEqual([]);
    expect(report.tallies.length).toBeGreaterThan(0);
    for (const t of report.tallies) expect(t.total, t.metric).toBeGreaterThan(0);
    if (id === 'fig2' || id === 'fig5') {
      expect(report.diverged).toBeGreaterThan(0);
      expect(report.tallies.find((t) => t.metric === 'divergedAtEpoch')?.agree).toBe(report.diverged);
    }
  });

  it('fig5 at d = 2 (sampled and withKinks, from fig2 d = 2) agrees too', async () => {
    const other = mkdtempSync(join(tmpdir(), 'bigstep-verify-d2-'));
    symlinkSync(join(root, 'fig2'), join(other, 'fig2'));
    await tinySweep(other, 'fig5', ['d=2', 'params=["all"]', 'draws=20']);
    const report = verifySweep(dirOf('fig5', other), wasm);
    expect(report.ok, formatReport(report)).toBe(true);
    expect(report.tallies.map((t) => t.metric)).toEqual(expect.arrayContaining(['sharpnessSampled', 'sharpnessWithKinks']));
    // the sampled sharpness at 1.5 t (same sample seed, the production estimator): verify fails
    const dir = tampered('fig5', (run, art) => {
      const p = pointOf(specOf('fig5', run));
      const data = Dataset.from(wasm, art.x, p.d), net = Net.fromModel(wasm, art.model, p.d, p.d), wrong = noiseAt(1.5 * p.t);
      const s = sharpnessDenoising(net, scoreLoss(data, wrong.mu, wrong.sigma), {
        estimator: 'sampled', draws: 20, kinkDraws: KINK_DRAWS, eta: p.eta, seed: deriveSeed(SEED, `sharpness-sample/d=${p.d}/t=${p.t}/sim=${p.sim}`),
      });
      net.free(); data.free();
      return { sharpnessSampled: s.value };
    }, other);
    const bad = verifySweep(dir, wasm);
    expect(bad.ok).toBe(false);
    expect(bad.tallies.filter((t) => t.agree < t.total).map((t) => t.metric)).toContain('sharpnessSampled');
  }, 120_000);

  it('the notebook protocol (SPEC §5): fig2 (excess risk MC R(θ) − MC R(s*), loss / d) and fig5 (notebook |λ|) agree', async () => {
    const other = mkdtempSync(join(tmpdir(), 'bigstep-verify-nb-'));
    await tinySweep(other, 'fig2', ['protocol="notebook"']);
    await tinySweep(other, 'fig5', ['protocol="notebook"']);
    for (const id of ['fig2', 'fig5'] as const) {
      const report = verifySweep(dirOf(id, other), wasm);
      expect(report.ok, formatReport(report)).toBe(true);
    }
    expect(verifySweep(dirOf('fig5', other), wasm).tallies.map((t) => t.metric)).toEqual(['sharpnessNotebook', 'divergedAtEpoch']);
  }, 120_000);

  it('fig3 in f32 with extra bandwidths (0.5 and the median heuristic): MMD² blocks, W2 and null levels agree; swapped ones fail', async () => {
    const other = mkdtempSync(join(tmpdir(), 'bigstep-verify-bw-'));
    await tinySweep(other, 'fig3', ['bandwidths=[1,0.5,"median"]', 'precision="f32"']);
    const report = verifySweep(dirOf('fig3', other), wasm);
    expect(report.ok, formatReport(report)).toBe(true);
    const names = report.tallies.map((t) => t.metric);
    expect(names).toEqual(expect.arrayContaining(['mmdSStarNull', 'mmdToSStar_h0.5', 'mmdSStarNull_hMedian', 'bandwidthMedian',
      'w2ToSStar', 'w2ToGaussian', 'w2SStarToGaussian', 'w2SStarNull']));
    expect(names.filter((n) => n.endsWith('_h1'))).toEqual([]); // the primary bandwidth is not repeated
    // each distance swapped with its neighbour (learned↔s* against learned↔Gaussian), and the median bandwidth halved
    const dir = tampered('fig3', (run) => ({
      w2ToSStar: run.metrics.w2ToGaussian, 'mmdToSStar_h0.5': run.metrics['mmdToGaussian_h0.5'],
      bandwidthMedian: run.metrics.bandwidthMedian / 2,
    }), other);
    const bad = verifySweep(dir, wasm);
    expect(bad.tallies.filter((t) => t.agree < t.total).map((t) => t.metric).sort()).toEqual(['bandwidthMedian', 'mmdToSStar_h0.5', 'w2ToSStar']);
  }, 120_000);

  it('an experiment without a second route fails verify', () => {
    const report = verifySweep(dirOf('fig1'), wasm, { routes: {}, experiments: Object.keys(EXPERIMENTS) });
    expect(report.ok).toBe(false);
    expect(formatReport(report)).toMatch(/no second route for fig1/);
  });
});

// ------------------------------------------------------------------ the three miswirings

/** A copy of the sweep with each finished run's metrics patched by `patch` (the same keys kept). */
function tampered(id: ExperimentId, patch: (run: FinishedRun, artifact: RunArtifact) => Record<string, number>, base = root): string {
  const copy = mkdtempSync(join(tmpdir(), `bigstep-tampered-${id}-`));
  mkdirSync(join(copy, id), { recursive: true });
  cpSync(dirOf(id, base), dirOf(id, copy), { recursive: true });
  const file = join(dirOf(id, copy), 'runs.jsonl');
  const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as FinishedRun);
  const out = lines.map((run) => (run.metrics.divergedAtEpoch !== undefined ? run
    : { ...run, metrics: { ...run.metrics, ...patch(run, readArtifact(dirOf(id, base), run.key)!) } }));
  writeFileSync(file, out.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return dirOf(id, copy);
}

function specOf(id: ExperimentId, run: FinishedRun) {
  return EXPERIMENTS[id].runs(EXPERIMENTS[id].schema.parse(run.config)).find((s) => s.key === run.key)!;
}

describe('verify fails on the miswirings of issue 12 (the wrong metric recomputed by the production code)', () => {
  it('(a) fig2: the Monte Carlo excess risk at 1.2 σ', () => {
    const dir = tampered('fig2', (run, art) => {
      const p = pointOf(specOf('fig2', run));
      const data = Dataset.from(wasm, art.x, p.d), net = Net.fromModel(wasm, art.model, p.d, p.d);
      const { mu, sigma } = noiseAt(p.t);
      const mc = excessRiskMonteCarlo(net, data, {
        mu, sigma: 1.2 * sigma, draws: (run.config as { draws: number }).draws, seed: runSeeds(p, { sweep: SEED, run: 0 }).mc,
      });
      net.free(); data.free();
      return { excessRisk: mc.value, excessRiskMonteCarloStderr: mc.stderr };
    });
    const r = bigstep('verify', '--quiet', dir);
    expect(r.status, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toMatch(/^✗ excessRisk /m);
  });

  it('(b) fig3: mmdToSStar against the fitted-Gaussian samples', () => {
    const dir = tampered('fig3', (run, art) => {
      const c = run.config as { samples: number; steps: number; delta: number; bandwidth: number };
      const d = Number(specOf('fig3', run).setting.d);
      const data = Dataset.from(wasm, art.x, d), net = Net.fromModel(wasm, art.model, d + 1, d);
      const values = art.sets!.map((set) => {
        const learned = sampleLearned(net, { N: c.samples, steps: c.steps, T: 1, delta: c.delta, muRate: art.diffusionLoss!.muRate, seed: set.seeds.learned });
        const gauss = sampleGaussianFit(data, { N: c.samples, seed: set.seeds.gaussian });
        const wrong = mmd(wasm, learned, c.samples, gauss, c.samples, d, c.bandwidth).mmd2;
        learned.free(); gauss.free();
        return wrong;
      });
      net.free(); data.free();
      return { mmdToSStar: values.reduce((a, b) => a + b, 0) / values.length };
    });
    const r = bigstep('verify', '--quiet', dir);
    expect(r.status, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toMatch(/^✗ mmdToSStar /m);
  });

  it('(c) fig5: the sharpness at 1.5 t', () => {
    const dir = tampered('fig5', (run, art) => {
      const p = pointOf(specOf('fig5', run));
      const data = Dataset.from(wasm, art.x, 1), net = Net.fromModel(wasm, art.model, 1, 1);
      const wrong = noiseAt(1.5 * p.t);
      const out = {
        sharpnessTheory: sharpnessExact(net, data, wrong, 'theory', p.eta).value,
        sharpnessAll: sharpnessExact(net, data, wrong, 'all', p.eta).value,
      };
      net.free(); data.free();
      return out;
    });
    const r = bigstep('verify', '--quiet', dir);
    expect(r.status, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toMatch(/^✗ sharpnessTheory /m);
    expect(r.stdout).toMatch(/^✗ sharpnessAll /m);
  });
});

describe('verify on a generated set that does not regenerate', () => {
  it('a changed sample hash fails sets.regenerated and every metric of that run', () => {
    const copy = mkdtempSync(join(tmpdir(), 'bigstep-tampered-hash-'));
    cpSync(dirOf('fig3'), dirOf('fig3', copy), { recursive: true });
    const run = JSON.parse(readFileSync(join(dirOf('fig3', copy), 'runs.jsonl'), 'utf8').split('\n')[0]) as FinishedRun;
    const file = join(dirOf('fig3', copy), 'artifacts', artifactName(run.key));
    const art = JSON.parse(readFileSync(file, 'utf8')) as RunArtifact;
    art.sets![0].hash.learned = '0000000000000000';
    writeFileSync(file, JSON.stringify(art));
    const report = verifySweep(dirOf('fig3', copy), wasm);
    expect(report.ok).toBe(false);
    const failing = report.tallies.filter((t) => t.agree < t.total).map((t) => t.metric);
    expect(failing).toEqual(expect.arrayContaining(['sets.regenerated', 'mmdToSStar', 'memorization']));
  });
});

describe('bigstep verify on bad input', () => {
  it('a missing folder: exit 2 and one line naming `dir`', () => {
    const r = bigstep('verify', join(root, 'nowhere', 'fig2', 'quick'));
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(r.stderr).error.field).toBe('dir');
  });

  it('no folder, or a folder that is not a sweep: exit 2', () => {
    expect(bigstep('verify').status).toBe(2);
    const r = bigstep('verify', root);
    expect(r.status).toBe(2);
    expect(JSON.parse(r.stderr).error.message).toMatch(/EXPERIMENT/);
  });

  it('an unknown option: exit 2 naming `option`', () => {
    const r = bigstep('verify', '--fast', dirOf('fig1'));
    expect(r.status).toBe(2);
    expect(JSON.parse(r.stderr).error.field).toBe('option');
  });
});

