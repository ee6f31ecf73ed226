// A second process for the lock tests: take DIR's lock, print "got" (or "refused <message>"),
// hold it for MS milliseconds, release, exit.
//   node --import tsx test/helpers/holdLock.ts DIR MS
import { InputError } from '../../src/model/errors.js';
import { acquireLock } from '../../src/runner/lock.js';

const [dir, ms] = process.argv.slice(2);
try {
  const release = acquireLock(dir);
  process.stdout.write('got\n');
  await new Promise((r) => setTimeout(r, Number(ms)));
  release();
} catch (err) {
  if (!(err instanceof InputError)) throw err;
  process.stdout.write(`refused ${err.message}\n`);
}
