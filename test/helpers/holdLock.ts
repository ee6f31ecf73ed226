// A second process for the lock tests: take DIR's lock, print "got" (or "refused <message>"),
// hold it until the file RELEASE exists (or at once when RELEASE is "-"), release, exit.
//   node --import tsx test/helpers/holdLock.ts DIR RELEASE
import { existsSync } from 'node:fs';
import { InputError } from '../../src/model/errors.js';
import { acquireLock } from '../../src/runner/lock.js';

const [dir, releaseFile] = process.argv.slice(2);
try {
  const release = acquireLock(dir);
  process.stdout.write('got\n');
  while (releaseFile !== '-' && !existsSync(releaseFile)) await new Promise((r) => setTimeout(r, 20));
  release();
} catch (err) {
  if (!(err instanceof InputError)) throw err;
  process.stdout.write(`refused ${err.message}\n`);
}
