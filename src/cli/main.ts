// `bigstep COMMAND ...`: parse, validate, call the layers below; errors are one JSON object on
// stderr and a non-zero exit, never a stack trace.
import { InputError } from '../model/errors.js';
import { trainCommand } from './train.js';

const USAGE = `usage: bigstep COMMAND [options]

commands:
  train     train one score network and print its loss, excess risk and wall time
            (defaults: the fig1 setting of the paper, t = 0.2, eta = 0.1, 5000 epochs)
            bigstep train --help for its options
`;

/** Run the CLI; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'train': return await trainCommand(rest);
      case undefined: case '-h': case '--help': case 'help':
        process.stdout.write(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new InputError('command', '"train"', JSON.stringify(command));
    }
  } catch (err) {
    return reportError(err);
  }
}

/** Print `err` as {"error": {"field", "message"}} on stderr; 2 for bad input, 1 otherwise. */
export function reportError(err: unknown): number {
  if (err instanceof InputError) {
    process.stderr.write(JSON.stringify(err.toJSON()) + '\n');
    return 2;
  }
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(JSON.stringify({ error: { field: 'internal', message } }) + '\n');
  return 1;
}
