// Is a process alive, and is it the same process that a lock file names? `process.kill(pid, 0)`
// answers neither: it succeeds on a zombie (a killed process its parent has not reaped — forever
// in a container whose PID 1 reaps nothing) and on a new process that reuses the pid.
//
// So a process is named by its pid *and* its start time:
// - Linux (and anything with a Linux-style /proc): /proc/<pid>/stat gives the state (Z or X =
//   dead) and field 22, the start time in clock ticks since boot; with the boot id
//   (/proc/sys/kernel/random/boot_id) it names one process of one boot.
// - Without /proc (macOS, the BSDs): `ps -o stat= -o lstart= -p PID` gives the state (Z = zombie)
//   and the start time to the second (a pid reused within the same second would not be told
//   apart — ps has nothing finer).
// - Without either (Windows): only `process.kill(pid, 0)`; no zombies exist there, but a reused
//   pid would look alive (the lock then says so, and names the file to delete).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface ProcessIdentity {
  /** A zombie or a dead process being torn down: it will never write again. */
  dead: boolean;
  /** A token that differs between two processes with this pid; undefined where none is known. */
  start: string | undefined;
}

let bootId: string | undefined;
function linuxBootId(): string {
  if (bootId === undefined) {
    try { bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim(); } catch { bootId = ''; }
  }
  return bootId;
}

/** /proc/<pid>/stat is "pid (comm) state ppid ... starttime ..." where comm may hold spaces and
 *  parentheses: the fields are counted after the last ')'. State is field 3, starttime field 22. */
export function parseProcStat(text: string): { state: string; startTicks: string } | undefined {
  const close = text.lastIndexOf(')');
  if (close < 0) return undefined;
  const rest = text.slice(close + 1).trim().split(/\s+/);
  if (rest.length < 20) return undefined;
  return { state: rest[0], startTicks: rest[19] };
}

function fromProc(pid: number): ProcessIdentity | undefined | 'no-proc' {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ESRCH') return procAvailable() ? undefined : 'no-proc';
    return 'no-proc';
  }
  const s = parseProcStat(text);
  if (s === undefined) return 'no-proc';
  return { dead: s.state === 'Z' || s.state === 'X' || s.state === 'x', start: `linux:${linuxBootId()}:${s.startTicks}` };
}

let hasProc: boolean | undefined;
function procAvailable(): boolean {
  if (hasProc === undefined) {
    try { readFileSync('/proc/self/stat', 'utf8'); hasProc = true; } catch { hasProc = false; }
  }
  return hasProc;
}

function fromPs(pid: number): ProcessIdentity | undefined | 'no-ps' {
  let out: string;
  try {
    out = execFileSync('ps', ['-o', 'stat=', '-o', 'lstart=', '-p', String(pid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch (err) {
    const e = err as { status?: number | null; code?: string };
    if (e.code === 'ENOENT') return 'no-ps';
    return e.status === 1 ? undefined : 'no-ps'; // ps exits 1 when no such process
  }
  const line = out.trim();
  if (line === '') return undefined;
  const [stat, ...start] = line.split(/\s+/);
  return { dead: stat.startsWith('Z'), start: `ps:${start.join(' ')}` };
}

function fromSignal(pid: number): ProcessIdentity | undefined {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return undefined;
  }
  return { dead: false, start: undefined };
}

/** The process with this pid on this machine now, or undefined if there is none. */
export function processIdentity(pid: number): ProcessIdentity | undefined {
  if (!Number.isSafeInteger(pid) || pid <= 0) return undefined;
  const proc = procAvailable() ? fromProc(pid) : 'no-proc';
  if (proc !== 'no-proc') return proc;
  const ps = fromPs(pid);
  if (ps !== 'no-ps') return ps;
  return fromSignal(pid);
}
