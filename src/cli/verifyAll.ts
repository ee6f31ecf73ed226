// `bigstep verify` over several sweep folders (what `bigstep reproduce` runs at its end): one
// table per sweep on stdout; true when every metric of every sweep agrees.
import { formatReport } from '../verify/format.js';
import { verifyDir } from './verify.js';

export async function verifyAll(dirs: readonly string[]): Promise<boolean> {
  let ok = true;
  const t0 = performance.now();
  for (const dir of dirs) {
    const report = await verifyDir(dir, true);
    process.stdout.write(formatReport(report) + '\n');
    ok &&= report.ok;
  }
  process.stdout.write(`verify: ${ok ? 'every metric of every sweep agrees with its second route' : 'DISAGREEMENT (see ✗ above)'}`
    + ` (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
  return ok;
}
