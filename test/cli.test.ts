// The `bigstep` command as a user runs it: the compiled bin, real stdout/stderr and exit codes.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const BIN = new URL('../bin/bigstep.js', import.meta.url).pathname;
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });

describe('bigstep train', () => {
  it('trains a small model and reports loss, excess risk and wall time as JSON', () => {
    const r = run('train', '--m', '50', '--epochs', '300', '--draws', '200', '--json');
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.epochs).toBe(300);
    expect(out.divergedAtEpoch).toBeNull();
    expect(Number.isFinite(out.finalLoss)).toBe(true);
    expect(out.excessRisk.value).toBeGreaterThan(0);
    expect(out.excessRisk.stderr).toBeGreaterThan(0);
    expect(out.wallTimeMs.train).toBeGreaterThan(0);
  });

  it('gives the same numbers on both backends', () => {
    const args = ['train', '--m', '30', '--epochs', '200', '--draws', '100', '--json'];
    const a = JSON.parse(run(...args, '--backend', 'wasm').stdout), b = JSON.parse(run(...args, '--backend', 'ts').stdout);
    expect(Math.abs(a.finalLoss - b.finalLoss)).toBeLessThanOrEqual(1e-9 * Math.abs(b.finalLoss));
    expect(Math.abs(a.excessRisk.value - b.excessRisk.value)).toBeLessThanOrEqual(1e-9 * b.excessRisk.value);
  });

  it('--precision f32 trains in f32 (same numbers on both backends, close to f64); a bad value names the field', () => {
    const args = ['train', '--m', '30', '--epochs', '200', '--draws', '100', '--json'];
    const a = JSON.parse(run(...args, '--precision', 'f32').stdout), b = JSON.parse(run(...args, '--precision', 'f32', '--backend', 'ts').stdout);
    const c = JSON.parse(run(...args).stdout);
    expect(a.setting.precision).toBe('f32');
    expect(c.setting.precision).toBe('f64');
    expect(a.finalLoss).toBe(b.finalLoss);
    expect(a.excessRisk.value).toBe(b.excessRisk.value);
    expect(Math.abs(a.finalLoss - c.finalLoss)).toBeLessThanOrEqual(1e-4 * c.finalLoss);
    const bad = run('train', '--precision', 'f16');
    expect(bad.status).toBe(2);
    expect(JSON.parse(bad.stderr).error).toMatchObject({ field: 'precision', allowed: '"f64", "f32"' });
  });

  it('reports a diverged run instead of a NaN', () => {
    const r = run('train', '--m', '20', '--epochs', '500', '--eta', '1000', '--json');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.divergedAtEpoch).toBeGreaterThan(0);
    expect(out.excessRisk).toBeNull();
  });

  it.each([
    [['--eta', '-1'], 'eta'], [['--sigma', '1.5', '--mu', '0.5'], 'sigma'], [['--m', '0'], 'm'],
    [['--B', 'x'], 'B'], [['--model', 'big'], 'model'], [['--backend', 'gpu'], 'backend'], [['--bogus'], 'option'],
  ])('rejects %j with a JSON error naming %s and no stack trace', (args, field) => {
    const r = run('train', ...args);
    expect(r.status).toBe(2);
    const err = JSON.parse(r.stderr.trim());
    expect(err.error.field).toBe(field);
    expect(err.error.message).toMatch(/allowed/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('rejects an unknown command', () => {
    const r = run('fly');
    expect(r.status).toBe(2);
    expect(JSON.parse(r.stderr).error.field).toBe('command');
  });
});

describe('help texts list the experiment registry (one list, no copy)', () => {
  it('bigstep --help, run --help and reproduce --help name every experiment of the registry', async () => {
    const { EXPERIMENTS } = await import('../src/experiments/index.js');
    const main = run('--help'), sweep = run('run', '--help'), all = run('reproduce', '--help');
    for (const [id, e] of Object.entries(EXPERIMENTS)) {
      expect(main.stdout).toMatch(new RegExp(`\\b${id}\\b`));
      expect(all.stdout).toMatch(new RegExp(`\\b${id}\\b`));
      expect(sweep.stdout).toMatch(new RegExp(`\\n  ${id} +${e.title.split(' ').slice(0, 3).join(' ')}`));
    }
  });

  it('reproduce runs each experiment after those whose artifacts it reads', async () => {
    const { EXPERIMENTS } = await import('../src/experiments/index.js');
    const { reproductionOrder } = await import('../src/cli/experimentList.js');
    const order = reproductionOrder(EXPERIMENTS);
    expect([...order].sort()).toEqual(Object.keys(EXPERIMENTS).sort());
    for (const id of order) for (const dep of EXPERIMENTS[id].dependsOn ?? []) expect(order.indexOf(dep)).toBeLessThan(order.indexOf(id));
    const e = (dependsOn?: string[]) => ({ title: 't', dependsOn }) as never;
    expect(reproductionOrder({ fig5: e(['fig2']), fig2: e() })).toEqual(['fig2', 'fig5']);
    expect(() => reproductionOrder({ fig5: e(['fig2']), fig2: e(['fig5']) })).toThrow(/cycle: fig5 → fig2 → fig5/);
    expect(() => reproductionOrder({ fig5: e(['fig1']) })).toThrow(/fig5 reads fig1, which is not in the registry/);
  });
});
