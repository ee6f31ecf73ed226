// One writer per sweep folder: `DIR/EXPERIMENT/PRESET/.lock` holds the pid and host of the
// process writing it. Two processes appending to one runs.jsonl could both run a key (and a
// torn-line repair could cut another writer's line), so a second writer is refused. A lock
// left by a killed process on this host (its pid no longer alive) is taken over; a lock from
// another host is reported, to be removed by hand if that run is gone.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../model/errors.js';

interface LockInfo { pid: number; host: string; started: string }

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Take the folder's lock; returns the function that releases it (also run at process exit). */
export function acquireLock(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, '.lock');
  const me: LockInfo = { pid: process.pid, host: hostname(), started: new Date().toISOString() };
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(file, JSON.stringify(me) + '\n', { flag: 'wx' });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw err;
      let other: LockInfo | undefined;
      try { other = JSON.parse(readFileSync(file, 'utf8')) as LockInfo; } catch { other = undefined; }
      const stale = other === undefined || (other.host === me.host && !alive(other.pid));
      if (!stale) {
        const who = other!.host === me.host ? `process ${other!.pid}` : `process ${other!.pid} on ${other!.host}`;
        throw new InputError('out', `a folder no other bigstep run is writing: ${who} has been writing ${dir} since ${other!.started}` +
          ` — wait for it, give each parallel shard its own --out and concatenate their runs.jsonl, or delete ${file} if that run is gone`, dir);
      }
      rmSync(file, { force: true });
    }
  }
  let held = true;
  const release = (): void => {
    if (!held) return;
    held = false;
    process.off('exit', release);
    rmSync(file, { force: true });
  };
  process.on('exit', release);
  return release;
}
