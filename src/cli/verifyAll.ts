// `bigstep verify` over several sweep folders (what `bigstep reproduce` runs at its end), each in
// its own `bigstep verify --quiet DIR` child process, `workers` at a time (the sweeps share
// nothing, and a child needs no loader or worker bootstrap); the tables are printed in the order
// of `dirs`. True when every metric of every sweep agrees.
import { spawn } from 'node:child_process';

const BIN = new URL('../../bin/bigstep.js', import.meta.url).pathname;

interface ChildResult { code: number; stdout: string; stderr: string }

function verifyChild(dir: string): Promise<ChildResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'verify', '--quiet', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    child.stdout.on('data', (b: Buffer) => { stdout += b.toString('utf8'); });
    child.stderr.on('data', (b: Buffer) => { stderr += b.toString('utf8'); });
    child.on('error', (err) => resolve({ code: 1, stdout, stderr: stderr + err.message }));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

export async function verifyAll(dirs: readonly string[], workers = 1): Promise<boolean> {
  const t0 = performance.now();
  const results: ChildResult[] = new Array(dirs.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < dirs.length) { const i = next++; results[i] = await verifyChild(dirs[i]); }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(workers, dirs.length)) }, lane));
  for (const r of results) process.stdout.write(r.stdout + (r.code > 1 || r.stderr ? r.stderr : '') + '\n');
  const ok = results.every((r) => r.code === 0);
  process.stdout.write(`verify: ${ok ? 'every metric of every sweep agrees with its second route' : 'DISAGREEMENT (see ✗ above)'}`
    + ` (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
  return ok;
}
