// `bigstep compute` as scripts use it: the public reference cases (rules of
// shared/cases/README.md, copied into test/fixtures), --jsonl, and the error contract.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const BIN = new URL('../bin/bigstep.js', import.meta.url).pathname;
const compute = (stdin: string, ...args: string[]) =>
  spawnSync(process.execPath, [BIN, 'compute', ...args], { input: stdin, encoding: 'utf8' });

interface Case { input: Record<string, unknown> & { op: string }; expected: Record<string, unknown> }
const CASES: Case[] = readFileSync(new URL('./fixtures/compute-public.jsonl', import.meta.url), 'utf8')
  .split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));

// Closed forms are held to 1e-8 norm-wise; quadrature, eigensolver and TV results to 1e-6.
const EXACT = new Set(['sstar.value', 'sstar.derivative', 'sstar.second_derivative', 'sstar.jacobian', 'risk.value',
  'grad.w1', 'grad.b', 'grad.w2', 'hessian.all', 'hessian.theory']);
const SKIP = new Set(['monte_carlo', 'monte_carlo_stderr', 'draws', 'seed', 'order', 'params', 'quadrature']);

const flat = (v: unknown): number[] => (Array.isArray(v) ? v.flatMap(flat) : [v as number]);
const shape = (v: unknown): number[] => (Array.isArray(v) && v.length ? [v.length, ...shape(v[0])] : []);

/** Problems where `got` differs from `exp` (only keys present in `exp` are required). */
function diff(got: unknown, exp: unknown, op: string, path: string, key?: string): string[] {
  const tol = EXACT.has(`${op}.${key}`) ? 1e-8 : 1e-6;
  if (exp !== null && typeof exp === 'object' && !Array.isArray(exp)) {
    if (got === null || typeof got !== 'object') return [`${path}: expected an object`];
    return Object.entries(exp).filter(([k]) => !SKIP.has(k)).flatMap(([k, v]) =>
      k in (got as object) ? diff((got as Record<string, unknown>)[k], v, op, `${path}.${k}`, key ?? k) : [`${path}.${k}: missing`]);
  }
  if (Array.isArray(exp)) {
    if (JSON.stringify(shape(got)) !== JSON.stringify(shape(exp))) return [`${path}: shape ${shape(got)} vs ${shape(exp)}`];
    const g = flat(got), e = flat(exp);
    const scale = Math.max(...e.map(Math.abs)), err = Math.max(...g.map((v, i) => Math.abs(v - e[i])));
    return err <= tol * scale + 1e-300 ? [] : [`${path}: max error ${err} > ${tol} x ${scale}`];
  }
  if (typeof exp === 'boolean') return got === exp ? [] : [`${path}: got ${got}, expected ${exp}`];
  return typeof got === 'number' && Math.abs(got - (exp as number)) <= tol * Math.abs(exp as number) + 1e-300
    ? [] : [`${path}: got ${got}, expected ${exp}`];
}

function check(c: Case, out: Record<string, unknown>): string[] {
  if (c.input.op === 'bounds') {
    return Object.entries(c.expected).flatMap(([name, b]) => {
      if (b === null || typeof b !== 'object' || !('bound' in b)) return [];
      const g = (out[name] ?? {}) as Record<string, unknown>, e = b as Record<string, unknown>;
      return [...['bound', 'value'].flatMap((k) => (e[k] === null || e[k] === undefined ? [] : diff(g[k], e[k], 'bounds', `${name}.${k}`))),
        ...(g.hypothesis === e.hypothesis ? [] : [`${name}.hypothesis: got ${g.hypothesis}, expected ${e.hypothesis}`])];
    });
  }
  const problems = diff(out, c.expected, c.input.op, c.input.op);
  if (c.input.op === 'excess-risk') {
    const se = out.monte_carlo_stderr as number;
    if (!(Math.abs((out.monte_carlo as number) - (c.expected.value as number)) <= 4 * se)) problems.push('monte_carlo beyond 4 stderr');
  }
  return problems;
}

describe('bigstep compute: reference cases', () => {
  for (const [i, c] of CASES.entries()) {
    it(`case ${i}: ${c.input.op} (sigma = ${c.input.sigma})`, () => {
      const r = compute(JSON.stringify(c.input));
      expect(r.status, r.stderr).toBe(0);
      expect(check(c, JSON.parse(r.stdout))).toEqual([]);
    });
  }

  it('--jsonl answers every case, in order, in one process', () => {
    const r = compute(CASES.map((c) => JSON.stringify(c.input)).join('\n') + '\n', '--jsonl');
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.length).toBe(CASES.length);
    lines.forEach((out, i) => expect(check(CASES[i], out), `line ${i}`).toEqual([]));
  });

  it('the ts backend agrees', () => {
    const c = CASES.find((k) => k.input.op === 'grad')!;
    const r = compute(JSON.stringify(c.input), '--backend', 'ts');
    expect(check(c, JSON.parse(r.stdout))).toEqual([]);
  });
});

describe('bigstep compute: errors', () => {
  const base = { op: 'risk', mu: 0.8, sigma: 0.6, x: [-1, 0.5, 2], model: { w1: [1, -1], b: [0.1, 0.2], w2: [1, 2] } };
  it.each([
    ['empty stdin', '', 'input'],
    ['invalid JSON', '{"op": ', 'input'],
    ['not an object', '[1, 2]', 'input'],
    ['unknown op', JSON.stringify({ ...base, op: 'nope' }), 'op'],
    ['sigma >= 1', JSON.stringify({ ...base, sigma: 1.5 }), 'sigma'],
    ['mu missing', JSON.stringify({ ...base, mu: undefined }), 'mu'],
    ['empty data', JSON.stringify({ ...base, x: [] }), 'x'],
    ['non-finite data', JSON.stringify({ ...base, x: [1, 'a'] }), 'x'],
    ['ragged model', JSON.stringify({ ...base, model: { w1: [1], b: [0.1, 0.2], w2: [1, 2] } }), 'model'],
    ['model missing', JSON.stringify({ ...base, model: undefined }), 'model'],
    ['bad params', JSON.stringify({ ...base, op: 'sharpness', params: 'some' }), 'params'],
    ['eta <= 0', JSON.stringify({ ...base, op: 'sharpness', eta: 0 }), 'eta'],
    ['draws < 2', JSON.stringify({ ...base, op: 'excess-risk', draws: 1, seed: 1 }), 'draws'],
    ['negative seed', JSON.stringify({ ...base, op: 'excess-risk', draws: 100, seed: -3 }), 'seed'],
    ['sstar without y', JSON.stringify({ op: 'sstar', mu: 0.8, sigma: 0.6, x: [1, 2] }), 'y'],
    ['sstar y of the wrong dimension', JSON.stringify({ op: 'sstar', mu: 0.8, sigma: 0.6, x: [[1, 2]], y: [[1, 2, 3]] }), 'y'],
    ['bounds with one point', JSON.stringify({ ...base, op: 'bounds', x: [1] }), 'x'],
  ])('%s → exit 2 and one JSON error naming %s', (_label, stdin, field) => {
    const r = compute(stdin as string);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    const err = JSON.parse(r.stderr.trim());
    expect(err.error.field).toBe(field);
    expect(typeof err.error.message).toBe('string');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('--jsonl answers a bad line with its error and goes on', () => {
    const good = JSON.stringify(base);
    const r = compute([good, '{"op": "risk", "mu": 2}', good].join('\n'), '--jsonl');
    expect(r.status).toBe(2);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.length).toBe(3);
    expect(lines[1].error.field).toBe('mu');
    expect(lines[0]).toEqual(lines[2]);
  });
});
