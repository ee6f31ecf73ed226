// Progress of a sweep on stderr: on a terminal one line rewritten in place (bar, count, elapsed,
// ETA); otherwise (a file, a pipe, a batch job's log) one plain line per finished run.

/** What runSweep reports as it goes. */
export type ProgressEvent =
  | {
    type: 'start'; dir: string; experiment: string; preset: string;
    /** Runs in this shard, already done (skipped), and to do now. */
    total: number; skipped: number; todo: number;
    workers: number; shard: { index: number; count: number } | null;
    /** A half-written last line of runs.jsonl was dropped (its run is redone). */
    tornLine: boolean;
  }
  | {
    type: 'run'; key: string; metrics: Record<string, number>; durationMs: number;
    /** Runs finished so far in this invocation, out of `todo`; time since the workers were
     *  ready (start-up left out of the ETA). */
    done: number; todo: number; elapsedMs: number;
  }
  /** A long run's step (src/runner/checkpoint.ts decides how often). */
  | { type: 'runProgress'; key: string; step: number; total: number; loss: number; elapsedMs: number }
  | { type: 'stopping'; running: number; reason: 'interrupted' | 'failed' | 'checkpointing' };

export interface ProgressSink {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

/** m:ss or h:mm:ss. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '--:--';
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
  const pad = (x: number): string => String(x).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(sec)}` : `${m}:${pad(sec)}`;
}

/** Remaining time at the throughput so far: elapsed / done × (todo − done). */
export function eta(done: number, todo: number, elapsedMs: number): number {
  return done === 0 ? NaN : (elapsedMs / done) * (todo - done);
}

function describeRun(e: Extract<ProgressEvent, { type: 'run' }>): string {
  const diverged = e.metrics.divergedAtEpoch !== undefined ? ` (diverged at epoch ${e.metrics.divergedAtEpoch})` : '';
  return `${e.key} in ${(e.durationMs / 1000).toFixed(1)} s${diverged}`;
}

/** "KEY: step 1200 of 5000 (24%), loss 0.412, elapsed 1:02, ETA 3:16" — the terminal's and
 *  progress.log's line for a long run. */
export function describeRunProgress(e: Extract<ProgressEvent, { type: 'runProgress' }>): string {
  const loss = Number.isFinite(e.loss) ? `, loss ${e.loss.toPrecision(4)}` : '';
  return `${e.key}: step ${e.step} of ${e.total} (${Math.floor((100 * e.step) / e.total)}%)${loss}, ` +
    `elapsed ${formatDuration(e.elapsedMs)}, ETA ${formatDuration(eta(e.step, e.total, e.elapsedMs))}`;
}

function bar(fraction: number, width: number): string {
  const full = Math.round(Math.max(0, Math.min(1, fraction)) * width);
  return '#'.repeat(full) + '.'.repeat(width - full);
}

/** A progress printer for `sink` (default process.stderr). Call `end()` after the sweep. */
export function progressPrinter(sink: ProgressSink = process.stderr): { onProgress(e: ProgressEvent): void; end(): void } {
  const tty = sink.isTTY === true;
  let drawn = false;
  const line = (text: string): void => {
    if (tty && drawn) sink.write('\r\x1b[K');
    drawn = false;
    sink.write(text + '\n');
  };
  const t0 = performance.now();
  let todo = 0, done = 0, lastText = '';
  // ETA from the throughput of the runs (worker start-up left out), counted down between runs
  let etaAtLastRun = NaN, lastRunAt = t0;
  const etaNow = (): number => Math.max(0, etaAtLastRun - (performance.now() - lastRunAt));
  const redraw = (): void => {
    const cols = sink.columns !== undefined && sink.columns > 20 ? sink.columns : 80;
    const pct = todo === 0 ? 100 : Math.floor((100 * done) / todo);
    const head = `${done}/${todo} [${bar(todo === 0 ? 1 : done / todo, 20)}] ${String(pct).padStart(3)}%  elapsed ${formatDuration(performance.now() - t0)}  ETA ${formatDuration(etaNow())}`;
    const text = lastText ? `${head}  ${lastText}` : head;
    sink.write('\r\x1b[K' + (text.length > cols - 1 ? text.slice(0, cols - 1) : text));
    drawn = true;
  };
  let timer: ReturnType<typeof setInterval> | undefined;

  return {
    onProgress(e) {
      if (e.type === 'start') {
        todo = e.todo;
        const shard = e.shard ? `, shard ${e.shard.index}/${e.shard.count}` : '';
        line(`bigstep run ${e.experiment} (${e.preset}${shard}) → ${e.dir}: ${e.total} runs, ${e.skipped} already done, ${e.todo} to run on ${e.workers} worker${e.workers === 1 ? '' : 's'}`);
        if (e.tornLine) line('  runs.jsonl ended in a half-written line (an interrupted write): dropped, its run is redone');
        if (tty && todo > 0) {
          redraw();
          timer = setInterval(redraw, 1000);
          timer.unref();
        }
      } else if (e.type === 'run') {
        done = e.done;
        todo = e.todo;
        lastText = `last ${describeRun(e)}`;
        etaAtLastRun = eta(e.done, e.todo, e.elapsedMs);
        lastRunAt = performance.now();
        if (tty) redraw();
        else line(`  [${e.done}/${e.todo}] ${describeRun(e)}, elapsed ${formatDuration(performance.now() - t0)}, ETA ${formatDuration(etaAtLastRun)}`);
      } else if (e.type === 'runProgress') {
        line(`  ${describeRunProgress(e)}`);
        if (tty) redraw();
      } else if (e.reason === 'checkpointing') {
        line(`  SIGTERM: the ${e.running} running run${e.running === 1 ? '' : 's'} save${e.running === 1 ? 's its checkpoint' : ' their checkpoints'} and stop; rerun the same command to resume`);
      } else {
        line(e.reason === 'interrupted'
          ? `  interrupted: waiting for the ${e.running} running run${e.running === 1 ? '' : 's'} to finish (Ctrl-C again to abandon them; rerun the same command to resume)`
          : `  a run failed: waiting for the ${e.running} other running run${e.running === 1 ? '' : 's'} to finish`);
      }
    },
    end() {
      if (timer) clearInterval(timer);
      if (tty && drawn) sink.write('\n');
      drawn = false;
    },
  };
}
