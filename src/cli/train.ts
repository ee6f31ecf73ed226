// `bigstep train`: one training run of the paper's 1-D (or d-D) protocol, reported as a short
// table or as JSON: one model, no sweep (`bigstep run` runs the figures' sweeps).
import { parseArgs } from 'node:util';
import { joinNegativeValues } from './args.js';
import { excessRiskMonteCarlo } from '../analysis/excessRisk.js';
import { createBackend, PRECISIONS } from '../backend/index.js';
import { Dataset } from '../model/dataset.js';
import { InputError } from '../model/errors.js';
import { Net } from '../model/net.js';
import { noiseAt } from '../model/schedule.js';
import { train } from '../model/train.js';
import { integer, noiseLevel, oneOf, positive, seed as checkSeed } from '../model/validate.js';

const HELP = `usage: bigstep train [options]     (defaults: the paper's fig1 setting)
  --d N            data dimension (1)           --n N        training points (20), N(0, I)
  --m N            network width (1000)         --B N        batch size (50)
  --t T            diffusion time (0.2): mu = e^-t, sigma = sqrt(1 - e^-2t)
  --mu X --sigma Y the noise level directly, instead of --t
  --eta X          learning rate (0.1)          --epochs N   SGD steps (5000)
  --model KIND     experiment | theory (experiment; theory needs d = 1)
  --backend NAME   wasm | ts (wasm)             --seed S     sweep seed (1)
  --precision P    f64 | f32 (f64): training arithmetic; f32 = f32x4 kernels on the same draws
                   rounded (the authors' float32); the excess risk is computed in f64 either way
  --draws N        Monte Carlo noises per training point for the excess risk (5000)
  --json           print one JSON object instead of the table
Seeds: data from S, initialisation from S+1, SGD from S+2, Monte Carlo from S+3.
`;

const OPTIONS = {
  d: { type: 'string' }, n: { type: 'string' }, m: { type: 'string' }, B: { type: 'string' },
  t: { type: 'string' }, mu: { type: 'string' }, sigma: { type: 'string' }, eta: { type: 'string' },
  epochs: { type: 'string' }, model: { type: 'string' }, backend: { type: 'string' }, precision: { type: 'string' },
  seed: { type: 'string' }, draws: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
} as const;


function num(field: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const v = Number(text);
  if (text.trim() === '' || Number.isNaN(v)) throw new InputError(field, 'a number', JSON.stringify(text));
  return v;
}

export async function trainCommand(argv: string[]): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: joinNegativeValues(argv), options: OPTIONS, strict: true, allowPositionals: false }));
  } catch (err) {
    throw new InputError('option', `the options of \`bigstep train --help\``, (err as Error).message.split('\n')[0]);
  }
  if (values.help) { process.stdout.write(HELP); return 0; }
  const s = (k: string): string | undefined => values[k] as string | undefined;
  const d = integer('d', num('d', s('d'), 1), 1);
  const n = integer('n', num('n', s('n'), 20), 1);
  const m = integer('m', num('m', s('m'), 1000), 1);
  const B = integer('B', num('B', s('B'), 50), 1);
  const eta = positive('eta', num('eta', s('eta'), 0.1));
  const epochs = integer('epochs', num('epochs', s('epochs'), 5000), 0);
  const draws = integer('draws', num('draws', s('draws'), 5000), 2);
  const seed = checkSeed('seed', num('seed', s('seed'), 1));
  const kind = oneOf('model', s('model') ?? 'experiment', ['experiment', 'theory'] as const);
  const backendName = oneOf('backend', s('backend') ?? 'wasm', ['wasm', 'ts'] as const);
  const precision = oneOf('precision', s('precision') ?? 'f64', PRECISIONS);
  if (kind === 'theory' && d !== 1) throw new InputError('model', '"experiment" when d > 1 (the theory model is 1-D)', '"theory"');
  const t = s('mu') !== undefined || s('sigma') !== undefined ? undefined : positive('t', num('t', s('t'), 0.2));
  const noise = t !== undefined ? noiseAt(t) : noiseLevel(num('mu', s('mu'), NaN), num('sigma', s('sigma'), NaN));

  const be = await createBackend(backendName);
  const data = Dataset.sample(be, { n, d, seed });
  const net = kind === 'theory' ? Net.theory(be, { m, seed: seed + 1, precision })
    : Net.experiment(be, { dIn: d, dOut: d, m, seed: seed + 1, precision });
  const t0 = performance.now();
  const run = train(net, data, { ...noise, eta, B, epochs, seed: seed + 2, trainW1: kind === 'experiment' });
  const trainMs = performance.now() - t0;
  const t1 = performance.now();
  const excess = run.divergedAtEpoch === null ? excessRiskMonteCarlo(net, data, { ...noise, draws, seed: seed + 3 }) : null;
  const evalMs = performance.now() - t1;

  const report = {
    setting: { d, n, m, B, t: t ?? null, mu: noise.mu, sigma: noise.sigma, eta, epochs, model: kind, backend: backendName, precision, seed },
    epochs: run.epochs,
    divergedAtEpoch: run.divergedAtEpoch,
    finalLoss: run.finalLoss,
    excessRisk: excess && { value: excess.value, stderr: excess.stderr, draws },
    stabilityBound: 2 / (m * eta),
    wallTimeMs: { train: trainMs, excessRisk: evalMs },
    microsecondsPerStep: run.epochs > 0 ? (1000 * trainMs) / run.epochs : null,
  };
  if (values.json) {
    process.stdout.write(JSON.stringify(report) + '\n');
  } else {
    process.stdout.write(formatReport(report));
  }
  return 0;
}

function formatReport(r: {
  setting: Record<string, unknown>; epochs: number; divergedAtEpoch: number | null; finalLoss: number;
  excessRisk: { value: number; stderr: number; draws: number } | null; stabilityBound: number;
  wallTimeMs: { train: number; excessRisk: number }; microsecondsPerStep: number | null;
}): string {
  const st = r.setting as { d: number; n: number; m: number; B: number; t: number | null; mu: number; sigma: number; eta: number; model: string; backend: string; precision: string };
  const lines = [
    `bigstep train: d=${st.d}, n=${st.n}, m=${st.m}, B=${st.B}, ${st.t !== null ? `t=${st.t} ` : ''}(mu=${st.mu.toFixed(4)}, sigma=${st.sigma.toFixed(4)}), eta=${st.eta}, ${st.model} model, ${st.backend} backend, ${st.precision}`,
    r.divergedAtEpoch !== null
      ? `  diverged at epoch          ${r.divergedAtEpoch} (non-finite loss; the last finite parameters are kept)`
      : `  epochs                     ${r.epochs}`,
    `  final loss                 ${r.finalLoss.toPrecision(6)}  (mean batch loss over the last chunk of 1000 steps)`,
    r.excessRisk
      ? `  excess risk (Monte Carlo)  ${r.excessRisk.value.toPrecision(4)} ± ${r.excessRisk.stderr.toPrecision(2)}  (${r.excessRisk.draws} noises per point, ± one standard error)`
      : `  excess risk                not computed (the run diverged)`,
    `  stability bound 2/(m eta)  ${r.stabilityBound.toPrecision(4)}`,
    `  wall time                  training ${(r.wallTimeMs.train / 1000).toFixed(3)} s` +
      (r.microsecondsPerStep !== null ? ` (${r.microsecondsPerStep.toFixed(1)} µs/step)` : '') +
      `, excess risk ${(r.wallTimeMs.excessRisk / 1000).toFixed(3)} s`,
  ];
  return lines.join('\n') + '\n';
}
