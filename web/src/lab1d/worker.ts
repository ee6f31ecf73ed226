// The 1-D training worker: owns a backend (Wasm by default, compiled from ./bigstep.wasm next to
// this script; or the TypeScript twin) and a Session1d; trains in ~40 ms slices, yielding to
// its message queue between them (so Stop is seen at once), and posts a snapshot every ~120 ms.
import { InputError } from '../../../src/model/errors.js';
import { benchFig1Step } from './bench.js';
import { workerBackend as backend, yieldToMessages } from '../workerBackend.js';
import type { FromWorker1d, ToWorker1d } from './protocol.js';
import { Session1d } from './session.js';

const SLICE_MS = 40;
const REPORT_MS = 120;

const scope = self as unknown as { postMessage(m: FromWorker1d): void; onmessage: ((e: MessageEvent<ToWorker1d>) => void) | null };
const post = (m: FromWorker1d): void => scope.postMessage(m);

let session: Session1d | null = null;
let running = false;
let generation = 0;

async function loop(gen: number): Promise<void> {
  let lastReport = performance.now();
  while (running && gen === generation && session && !session.done) {
    session.run(SLICE_MS);
    if (session.done) break;
    if (performance.now() - lastReport >= REPORT_MS) {
      post({ type: 'snapshot', snapshot: session.snapshot(true) });
      lastReport = performance.now();
    }
    await yieldToMessages();
  }
  if (gen === generation && session) {
    running = false;
    post({ type: 'snapshot', snapshot: session.snapshot(false) });
  }
}

async function handle(msg: ToWorker1d): Promise<void> {
  switch (msg.type) {
    case 'start':
    case 'load': {
      generation++;
      running = false;
      const be = await backend(msg.config.backend);
      if (session?.be !== be) { session?.free(); session = new Session1d(be); }
      post({ type: 'ready', backend: be.name });
      if (msg.type === 'start') session.start(msg.config); else session.load(msg.config, msg.model);
      post({ type: 'snapshot', snapshot: session.snapshot(msg.type === 'start') });
      if (msg.type === 'start') { running = true; void loop(generation); }
      return;
    }
    case 'stop':
      generation++;
      running = false;
      if (session) post({ type: 'snapshot', snapshot: session.snapshot(false) });
      return;
    case 'resume':
      if (!session || session.done || running) return;
      generation++;
      running = true;
      void loop(generation);
      return;
    case 'export':
      if (session) post({ type: 'export', model: session.model(), snapshot: session.snapshot(running) });
      return;
    case 'bench': {
      const be = await backend('wasm');
      post({ type: 'bench', backend: be.name, microsPerStep: benchFig1Step(be, msg.steps, msg.repeats) });
      return;
    }
  }
}

scope.onmessage = (e) => {
  handle(e.data).catch((err: unknown) => {
    running = false;
    post({ type: 'error', message: (err as Error).message ?? String(err), field: err instanceof InputError ? err.field : null });
  });
};
