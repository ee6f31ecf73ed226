// What both panel workers share: train a session in ~40 ms slices, yielding to the message queue
// between slices (so Stop is seen at once), post a snapshot every `reportMs`, and a last one when
// the run ends or stops. `generation` makes a stale loop (superseded by start/stop) exit quietly.
import { yieldToMessages } from './workerBackend.js';

export interface SlicedSession<S> {
  readonly done: boolean;
  run(budgetMs: number): void;
  snapshot(running: boolean): S;
}

const SLICE_MS = 40;

export class TrainingLoop<S> {
  private running = false;
  private generation = 0;

  constructor(
    private readonly post: (snapshot: S) => void,
    private readonly reportMs: number,
    /** Called once when a run reaches its end (not on Stop). */
    private readonly onDone: () => void,
    /** A throw inside a slice ends the loop and lands here (the page shows it). */
    private readonly onError: (err: unknown) => void,
  ) {}

  get isRunning(): boolean { return this.running; }

  /** Start (or restart) the loop on `session`. */
  start(session: SlicedSession<S>): void {
    this.generation++;
    this.running = true;
    void this.loop(session, this.generation);
  }

  /** Stop a running loop; the caller posts the final snapshot. */
  stop(): void {
    this.generation++;
    this.running = false;
  }

  /** The page's Stop: stop the loop and post the session's final snapshot. */
  halt(session: SlicedSession<S> | null): void {
    this.stop();
    if (session) this.post(session.snapshot(false));
  }

  /** Resume a stopped, unfinished session. */
  resume(session: SlicedSession<S> | null): void {
    if (!session || session.done || this.running) return;
    this.start(session);
  }

  private async loop(session: SlicedSession<S>, gen: number): Promise<void> {
    try {
      let lastReport = performance.now();
      while (this.running && gen === this.generation && !session.done) {
        session.run(SLICE_MS);
        if (session.done) break;
        if (performance.now() - lastReport >= this.reportMs) {
          this.post(session.snapshot(true));
          lastReport = performance.now();
        }
        await yieldToMessages();
      }
      if (gen === this.generation) {
        this.running = false;
        this.post(session.snapshot(false));
        if (session.done) this.onDone();
      }
    } catch (err) {
      if (gen === this.generation) this.running = false;
      this.onError(err);
    }
  }
}
