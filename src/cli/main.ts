// `bigstep COMMAND ...`: parse, validate, call the layers below; errors are one JSON object on
// stderr and a non-zero exit, never a stack trace.
import { InputError } from '../model/errors.js';
import { reportError } from './errors.js';
import { computeCommand } from './compute.js';
import { trainCommand } from './train.js';

const USAGE = `usage: bigstep COMMAND [options]

commands:
  train     train one score network and print its loss, excess risk and wall time
            (defaults: the fig1 setting of the paper, t = 0.2, eta = 0.1, 5000 epochs)
            bigstep train --help for its options
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
      case undefined: case '-h': case '--help': case 'help':
        process.stdout.write(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new InputError('command', '"train", "compute"', JSON.stringify(command));
    }
  } catch (err) {
    return reportError(err);
  }
}
