// The data-parallel batch gradient (src/runner/parallelGradient.ts): the chunks are summed in
// chunk order whatever thread computed them, so 1 and 2 threads and the serial gradient give
// bit-identical parameters after several training steps; and the runner gives a run such a
// gradient when a sweep has fewer runs than workers.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Dataset } from '../src/model/dataset.js';
import { SerialGradient, timeGrid, trainDiffusion, type BatchGradient, type DiffusionTrainOptions } from '../src/model/diffusion.js';
import { Net } from '../src/model/net.js';
import { readArtifact } from '../src/runner/artifacts.js';
import { createParallelGradient, type ParallelGradient } from '../src/runner/parallelGradient.js';
import { readRuns } from '../src/runner/runsFile.js';
import { runSweep } from '../src/runner/sweep.js';
import { snapshot, ts, wasm } from './helpers/parity.js';
import type { Backend } from '../src/backend/index.js';

const opened: ParallelGradient[] = [];
const cleanup: string[] = [];
afterAll(async () => {
  await Promise.all(opened.map((g) => g.close()));
  for (const dir of cleanup) rmSync(dir, { recursive: true, force: true });
});

const opts: DiffusionTrainOptions = {
  schedule: timeGrid({ tMin: 0.01, weighting: 'sigma', muRate: 1 }), eta: 0.1, B: 1000, epochs: 5, seed: 9, chunkRows: 100,
};

function trained(be: Backend, gradient: BatchGradient, patch: Partial<DiffusionTrainOptions> = {}): { params: number[]; finalLoss: number } {
  const data = Dataset.sample(be, { n: 10, d: 2, seed: 1, scale: 2 });
  const net = Net.experiment(be, { dIn: 3, dOut: 2, m: 200, seed: 2, precision: patch.precision });
  const res = trainDiffusion(net, data, { ...opts, ...patch, gradient });
  const out = { params: Array.from(snapshot(net.params)), finalLoss: res.finalLoss };
  net.free(); data.free();
  return out;
}

describe('parallel batch gradient', () => {
  it('1 thread, 2 threads and the serial gradient give bit-identical parameters', async () => {
    const one = await createParallelGradient({ threads: 1 });
    const two = await createParallelGradient({ threads: 2 });
    opened.push(one, two);
    expect(two.threads).toBe(2);
    const serial = trained(wasm, new SerialGradient());
    const a = trained(wasm, one), b = trained(wasm, two);
    expect(a.params).toEqual(serial.params);
    expect(b.params).toEqual(serial.params);
    expect(b.finalLoss).toBe(serial.finalLoss);
    // a larger problem grows the shared buffer (posted to the helper), a smaller one reuses it;
    // the TS backend in the calling thread mixes with Wasm helpers bit-identically
    const big = trained(wasm, two, { B: 2500, chunkRows: 300 });
    expect(two.helperChunks).toBeGreaterThan(0); // the helper thread did take chunks
    expect(one.helperChunks).toBe(0);
    expect(big.params).toEqual(trained(wasm, new SerialGradient(), { B: 2500, chunkRows: 300 }).params);
    expect(trained(ts, two, { B: 37, chunkRows: 10 }).params).toEqual(trained(wasm, new SerialGradient(), { B: 37, chunkRows: 10 }).params);
  });

  it('f32 (computeF32): 1 thread, 2 threads and the serial gradient give bit-identical parameters', async () => {
    const two = await createParallelGradient({ threads: 2 });
    opened.push(two);
    const f32 = { precision: 'f32' } as const;
    const serial = trained(wasm, new SerialGradient(), f32);
    expect(trained(wasm, two, f32)).toEqual(serial);
    expect(trained(wasm, two, { ...f32, B: 2500, chunkRows: 300 }).params)
      .toEqual(trained(wasm, new SerialGradient(), { ...f32, B: 2500, chunkRows: 300 }).params);
    expect(two.helperChunks).toBeGreaterThan(0);
    // f64 after f32 on the same threads (the shared buffer read the other way again)
    expect(trained(wasm, two).params).toEqual(trained(wasm, new SerialGradient()).params);
    expect(trained(ts, two, { ...f32, B: 37, chunkRows: 10 }).params).toEqual(trained(wasm, new SerialGradient(), { ...f32, B: 37, chunkRows: 10 }).params);
    // f32 differs from f64 at rounding level only (5 steps from the same f64 draws)
    const a = serial.params, b = trained(wasm, new SerialGradient()).params;
    const scale = Math.max(...b.map(Math.abs));
    expect(Math.max(...a.map((v, i) => Math.abs(v - b[i]))) / scale).toBeLessThan(1e-5);
    expect(a).not.toEqual(b);
  });

  it('is unusable after close', async () => {
    const g = await createParallelGradient({ threads: 2 });
    await g.close();
    expect(() => trained(wasm, g)).toThrow(/after close/);
  });
});

describe('runner wiring', () => {
  it('a sweep with fewer runs than workers gives its run a multi-threaded gradient; same numbers as in-process', async () => {
    const registryUrl = new URL('./helpers/toyDiffusion.ts', import.meta.url);
    const root = mkdtempSync(join(tmpdir(), 'bigstep-pgrad-'));
    cleanup.push(root);
    const base = { experiment: 'fig1', preset: 'quick', config: { sims: 1, epochs: 5 }, shard: null, seed: 3, registryUrl } as const;
    await runSweep({ ...base, outDir: join(root, 'threads'), workers: 2 });
    await runSweep({ ...base, outDir: join(root, 'serial'), workers: 1, inProcess: true });
    const [threaded, serial] = ['threads', 'serial'].map((d) => readRuns(join(root, d, 'fig1', 'quick', 'runs.jsonl')).runs[0]);
    expect(threaded.metrics.threads).toBe(2);
    expect(serial.metrics.threads).toBe(1);
    expect(threaded.metrics.finalLoss).toBe(serial.metrics.finalLoss);
    const art = (d: string) => readArtifact(join(root, d, 'fig1', 'quick'), 'sim=0');
    expect(art('threads')).toEqual(art('serial'));
  });
});
