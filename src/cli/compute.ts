// `bigstep compute` (SPEC §3): one JSON object in on stdin, one out on stdout; `--jsonl` reads
// one object per line and answers one line per object, in order (an input error answers its
// line with the error object and the stream goes on; the exit code is then 2).
import { excessRiskMonteCarlo } from '../analysis/excessRisk.js';
import { excessRiskExact, gradExact, hessianExact, HESSIAN_PARAMS, riskExact, riskSStar } from '../analysis/exact1d.js';
import { sharpnessExact } from '../analysis/sharpness.js';
import { theoryBounds, modelSummary } from '../analysis/bounds.js';
import { tvNet, tvSStar } from '../analysis/tv.js';
import { piAt } from '../analysis/tvWeight.js';
import { createBackend, type Backend } from '../backend/index.js';
import { Dataset } from '../model/dataset.js';
import { InputError, describe } from '../model/errors.js';
import { Net } from '../model/net.js';
import { integer, noiseLevel, oneOf, points, positive, seed as checkSeed } from '../model/validate.js';
import { readStdin } from './io.js';
import { reportError } from './errors.js';

const OPS = ['sstar', 'risk', 'risk-sstar', 'grad', 'hessian', 'sharpness', 'excess-risk', 'tv', 'bounds'] as const;
type Op = (typeof OPS)[number];

type Json = Record<string, unknown>;

/** Answer one parsed input object (throws InputError on bad input). */
export function compute(be: Backend, input: unknown): Json {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new InputError('input', 'a JSON object {"op": ..., "mu": ..., "sigma": ..., "x": [...], ...}', describe(input));
  }
  const q = input as Json;
  const op: Op = oneOf('op', q.op, OPS);
  const { mu, sigma } = noiseLevel(q.mu, q.sigma);
  const noise = { mu, sigma };
  if (op === 'sstar') return sStarOp(be, q, mu, sigma);
  const data = Dataset.from(be, q.x, 1);
  if (op === 'risk-sstar') return { value: riskSStar(data, noise) };
  if (op === 'bounds' && data.n < 2) throw new InputError('x', 'at least 2 distinct points (bounds need Delta)', `${data.n} point`);
  const net = Net.fromModel(be, q.model, 1);
  try {
    switch (op) {
      case 'risk': return { value: riskExact(net, data, noise), sstar: riskSStar(data, noise) };
      case 'grad': {
        const { grad } = gradExact(net, data, noise);
        const m = net.shape.m;
        return { w1: Array.from(grad.subarray(0, m)), b: Array.from(grad.subarray(m, 2 * m)), w2: Array.from(grad.subarray(2 * m)) };
      }
      case 'hessian': return hessianOp(net, data, noise);
      case 'sharpness': {
        const params = oneOf('params', q.params ?? 'theory', HESSIAN_PARAMS);
        const eta = q.eta === undefined ? undefined : positive('eta', q.eta);
        const s = sharpnessExact(net, data, noise, params, eta);
        return {
          params, value: s.value, lambda_min: s.lambdaMin,
          ...(s.stabilityBound !== null ? { stability_threshold: s.stabilityBound } : {}),
          estimator: 'exact', iterations: s.iterations, residual: Math.max(s.residualMax, s.residualMin), converged: s.converged,
        };
      }
      case 'excess-risk': {
        const draws = integer('draws', q.draws ?? 5000, 2, 1e8);
        const seed = checkSeed('seed', q.seed ?? 1);
        const exact = excessRiskExact(net, data, noise);
        const mc = excessRiskMonteCarlo(net, data, { ...noise, draws, seed });
        return {
          value: exact.value, risk: exact.risk, risk_sstar: exact.riskSStar,
          monte_carlo: mc.value, monte_carlo_stderr: mc.stderr, draws, seed,
        };
      }
      case 'tv': {
        const model = net.toModel(), x = data.toJSON() as number[];
        const out: Json = { model: tvNet(model, x, mu, sigma), sstar: tvSStar(x, mu, sigma) };
        if (q.y !== undefined) out.pi = piAt(x, mu, sigma, points('y', q.y, 1).values);
        return out;
      }
      case 'bounds': return boundsOp(net, data, noise, q);
    }
  } finally {
    net.free();
    data.free();
  }
}

function sStarOp(be: Backend, q: Json, mu: number, sigma: number): Json {
  const x = points('x', q.x);
  if (q.y === undefined) throw new InputError('y', `points of dimension ${x.d} (the data's)`, 'nothing');
  const y = points('y', q.y, x.d);
  const xb = be.f64From(x.values), yb = be.f64From(y.values), value = be.f64(y.n * x.d);
  try {
    if (x.d === 1) {
      const d1 = be.f64(y.n), d2 = be.f64(y.n);
      be.sStar1d(xb, x.n, mu, sigma, yb, y.n, value, d1, d2);
      const out = { value: Array.from(value.view()), derivative: Array.from(d1.view()), second_derivative: Array.from(d2.view()) };
      d1.free(); d2.free();
      return out;
    }
    const d = x.d, jac = be.f64(y.n * d * d);
    be.sStarNd(xb, x.n, d, mu, sigma, yb, y.n, value, jac);
    const v = value.view(), J = jac.view();
    const rows = (flat: Float64Array, offset: number, r: number, c: number): number[][] =>
      Array.from({ length: r }, (_, i) => Array.from(flat.subarray(offset + i * c, offset + (i + 1) * c)));
    const out = { value: rows(v, 0, y.n, d), jacobian: Array.from({ length: y.n }, (_, p) => rows(J, p * d * d, d, d)) };
    jac.free();
    return out;
  } finally {
    xb.free(); yb.free(); value.free();
  }
}

function hessianOp(net: Net, data: Dataset, noise: { mu: number; sigma: number }): Json {
  const all = hessianExact(net, data, noise, 'all'), theory = hessianExact(net, data, noise, 'theory');
  const rows = (h: { size: number; matrix: Float64Array }): number[][] =>
    Array.from({ length: h.size }, (_, i) => Array.from(h.matrix.subarray(i * h.size, (i + 1) * h.size)));
  return { all: { order: all.order, matrix: rows(all) }, theory: { order: theory.order, matrix: rows(theory) } };
}

function boundsOp(net: Net, data: Dataset, noise: { mu: number; sigma: number }, q: Json): Json {
  const eta = q.eta === undefined ? undefined : positive('eta', q.eta);
  const A = q.A === undefined ? undefined : positive('A', q.A);
  const model = net.toModel(), x = data.toJSON() as number[];
  const sharp = sharpnessExact(net, data, noise, 'theory', eta);
  return theoryBounds({
    x, ...noise,
    riskSStar: riskSStar(data, noise), riskNet: riskExact(net, data, noise),
    tvSStar: tvSStar(x, noise.mu, noise.sigma), tvNet: tvNet(model, x, noise.mu, noise.sigma),
    lambdaMax: sharp.value, ...modelSummary(model), eta, A,
  }) as unknown as Json;
}

/** `bigstep compute [--jsonl] [--backend wasm|ts]`; returns the exit code. */
export async function computeCommand(argv: string[]): Promise<number> {
  let jsonl = false, backendName: 'wasm' | 'ts' = 'wasm';
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--jsonl') jsonl = true;
    else if (argv[i] === '--backend') backendName = oneOf('backend', argv[++i], ['wasm', 'ts'] as const);
    else if (argv[i] === '--help' || argv[i] === '-h') { process.stdout.write(HELP); return 0; }
    else throw new InputError('option', '--jsonl, --backend wasm|ts', JSON.stringify(argv[i]));
  }
  const be = await createBackend(backendName);
  const text = await readStdin();
  if (!jsonl) {
    const out = compute(be, parse(text));
    process.stdout.write(JSON.stringify(out) + '\n');
    return 0;
  }
  let failed = false;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      process.stdout.write(JSON.stringify(compute(be, parse(line))) + '\n');
    } catch (err) {
      failed = true;
      if (!(err instanceof InputError)) return reportError(err);
      process.stdout.write(JSON.stringify(err.toJSON()) + '\n');
    }
  }
  return failed ? 2 : 0;
}

function parse(text: string): unknown {
  if (text.trim() === '') throw new InputError('input', 'one JSON object on standard input', 'empty input');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new InputError('input', 'one JSON object on standard input', `invalid JSON (${(err as Error).message})`);
  }
}

const HELP = `usage: bigstep compute [--jsonl] [--backend wasm|ts] < input.json
  One JSON object on stdin: {"op": OP, "mu": .., "sigma": .., "x": [..], "model": {"w1", "b", "w2"}, ...}
  OP: ${OPS.join(', ')} (SPEC §3). --jsonl: one object per line, one answer per line.
  Errors: {"error": {"field", "message"}} on stderr and exit 2 (in --jsonl mode on that line of stdout).
`;
