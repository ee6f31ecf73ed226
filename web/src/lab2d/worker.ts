// The 2-D diffusion worker: trains in ~40 ms slices (yielding between them so Stop is seen),
// posts a snapshot every ~150 ms, and generates samples at the end of a run or on request.
import { InputError } from '../../../src/model/errors.js';
import { workerBackend, yieldToMessages } from '../workerBackend.js';
import type { FromWorker2d, ToWorker2d } from './protocol.js';
import { Session2d } from './session.js';

const SLICE_MS = 40;
const REPORT_MS = 150;

const scope = self as unknown as { postMessage(m: FromWorker2d): void; onmessage: ((e: MessageEvent<ToWorker2d>) => void) | null };
const post = (m: FromWorker2d): void => scope.postMessage(m);

let session: Session2d | null = null;
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
    if (session.done) post({ type: 'generation', generation: session.generate() });
  }
}

async function handle(msg: ToWorker2d): Promise<void> {
  switch (msg.type) {
    case 'start': {
      generation++;
      running = false;
      const be = await workerBackend(msg.config.backend);
      if (session?.be !== be) { session?.free(); session = new Session2d(be); }
      post({ type: 'ready', backend: be.name });
      session.start(msg.config);
      post({ type: 'snapshot', snapshot: session.snapshot(true) });
      running = true;
      void loop(generation);
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
    case 'generate':
      if (session) post({ type: 'generation', generation: session.generate() });
      return;
  }
}

scope.onmessage = (e) => {
  handle(e.data).catch((err: unknown) => {
    running = false;
    post({ type: 'error', message: (err as Error).message ?? String(err), field: err instanceof InputError ? err.field : null });
  });
};
