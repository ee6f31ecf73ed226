// `bigstep COMMAND ...`: parse, validate, call the layers below; errors are one JSON object on
// stderr and a non-zero exit, never a stack trace.
import { EXPERIMENTS } from '../experiments/index.js';
import { InputError } from '../model/errors.js';
import { reportError } from './errors.js';
import { experimentIds } from './experimentList.js';
import { buildReport } from '../report/build.js';
import { mergeCommand, slurmCommand, statusCommand } from './cluster.js';
import { computeCommand } from './compute.js';
import { reproduceCommand } from './reproduce.js';
import { runCommand } from './run.js';
import { trainCommand } from './train.js';
import { verifyCommand } from './verify.js';

const USAGE = `usage: bigstep COMMAND [options]

commands:
  train     train one score network and print its loss, excess risk and wall time
            (defaults: the fig1 setting of the paper, t = 0.2, eta = 0.1, 5000 epochs)
            bigstep train --help for its options
  run       one experiment's sweep: bigstep run fig2 --preset paper [--out DIR]
            [--workers N] [--shard I/N] [--seed S] [--set key=value ...]
            experiments: ${experimentIds(EXPERIMENTS)} (bigstep run --help)
  report    rebuild summary.json and the figure of DIR/EXPERIMENT/PRESET from its runs
  slurm     write a SLURM array job running one sweep's shards (checkpointed, requeued)
  merge     join shard folders into one sweep folder: bigstep merge OUT DIR...
  status    a sweep's progress across its shard folders: bigstep status DIR...
  reproduce every experiment at a preset, with an HTML report (npm start: quick)
  verify    recompute every metric of DIR/EXPERIMENT/PRESET from its artifacts by a second
            route; per metric, runs that agree and the largest deviation (exit 1 if any differ)
  compute   exact quantities of SPEC §3 (s*, risk, gradient, Hessian, sharpness, excess
            risk, weighted TV, theory bounds): JSON on stdin, JSON on stdout; --jsonl
`;

/** Run the CLI; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'train': return await trainCommand(rest);
      case 'compute': return await computeCommand(rest);
      case 'run': return await runCommand(rest, { afterSweep: async (r) => { await reportCommand([r.dir]); } });
      case 'report': return await reportCommand(rest);
      case 'reproduce': return await reproduceCommand(rest);
      case 'slurm': return await slurmCommand(rest);
      case 'merge': return await mergeCommand(rest);
      case 'status': return await statusCommand(rest);
      case 'verify': return await verifyCommand(rest);
      case undefined: case '-h': case '--help': case 'help':
        process.stdout.write(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new InputError('command', '"train", "run", "report", "reproduce", "compute", "slurm", "merge", "status", "verify"', JSON.stringify(command));
    }
  } catch (err) {
    return reportError(err);
  }
}

/** `bigstep report DIR/EXPERIMENT/PRESET`. */
async function reportCommand(argv: string[]): Promise<number> {
  if (argv.length !== 1) throw new InputError('dir', 'one folder DIR/EXPERIMENT/PRESET', argv.length === 0 ? 'nothing' : JSON.stringify(argv.join(' ')));
  const r = await buildReport(argv[0]);
  process.stdout.write(`bigstep report ${r.experiment}/${r.preset}: ${r.summary.rows.length} rows from ${r.runs.length} runs → ${r.dir}/summary.json, ${r.figure.svg}, ${r.figure.png}\n`);
  return 0;
}
