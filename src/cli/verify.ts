// `bigstep verify DIR/EXPERIMENT/PRESET`: recompute every metric of a finished sweep from its
// artifacts by a second route and print, per metric, how many runs agree and the largest
// deviation. Exit code 0 when every metric agrees, 1 on any disagreement, 2 on bad input.
import { parseArgs } from 'node:util';
import { createBackend } from '../backend/index.js';
import { EXPERIMENTS } from '../experiments/index.js';
import { InputError } from '../model/errors.js';
import { formatReport } from '../verify/format.js';
import { verifySweep, type VerifyReport } from '../verify/sweep.js';

const HELP = `usage: bigstep verify DIR/EXPERIMENT/PRESET [--quiet]
  Recomputes every metric of the finished sweep in DIR/EXPERIMENT/PRESET from its artifacts by
  a second route (plain loops, quadrature, power iteration, regenerated samples; nothing of the
  code that produced the numbers) and prints per metric how many runs agree, the largest
  deviation and its tolerance. Exit code 0: all agree; 1: a disagreement; 2: bad input.
  --quiet   no progress on stderr
`;

export async function verifyCommand(argv: string[]): Promise<number> {
  let values: Record<string, boolean | undefined>, positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: argv, options: { quiet: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: true }));
  } catch (err) {
    throw new InputError('option', 'the options of `bigstep verify --help`', (err as Error).message.split('\n')[0]);
  }
  if (values.help) { process.stdout.write(HELP); return 0; }
  if (positionals.length !== 1) {
    throw new InputError('dir', 'one folder DIR/EXPERIMENT/PRESET', positionals.length === 0 ? 'nothing' : JSON.stringify(positionals.join(' ')));
  }
  const report = await verifyDir(positionals[0], !values.quiet);
  process.stdout.write(formatReport(report));
  return report.ok ? 0 : 1;
}

/** verifySweep with the Wasm backend and a one-line progress counter on stderr. */
export async function verifyDir(dir: string, progress: boolean): Promise<VerifyReport> {
  const backend = await createBackend('wasm');
  const tty = progress && process.stderr.isTTY;
  const report = verifySweep(dir, backend, {
    experiments: Object.keys(EXPERIMENTS),
    onRun: tty ? (i, n, key) => process.stderr.write(`\r  verify ${i + 1}/${n} ${key}`.padEnd(60)) : undefined,
  });
  if (tty) process.stderr.write('\r'.padEnd(61) + '\r');
  return report;
}
