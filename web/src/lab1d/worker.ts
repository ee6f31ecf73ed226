// The 1-D training worker: owns a backend (Wasm by default, compiled from ./bigstep.wasm next to
// this script; or the TypeScript twin) and a Session1d; trains in ~40 ms slices, yielding to
// its message queue between them (so Stop is seen at once), and posts a snapshot every ~120 ms
// (web/src/trainingLoop.ts).
import { InputError } from '../../../src/model/errors.js';
import { benchFig1Step } from './bench.js';
import { TrainingLoop } from '../trainingLoop.js';
import { workerBackend as backend } from '../workerBackend.js';
import type { FromWorker1d, ToWorker1d } from './protocol.js';
import { Session1d } from './session.js';

const scope = self as unknown as { postMessage(m: FromWorker1d): void; onmessage: ((e: MessageEvent<ToWorker1d>) => void) | null };
const post = (m: FromWorker1d): void => scope.postMessage(m);

let session: Session1d | null = null;
const postError = (err: unknown): void =>
  post({ type: 'error', message: (err as Error).message ?? String(err), field: err instanceof InputError ? err.field : null });
const training = new TrainingLoop((snapshot: ReturnType<Session1d['snapshot']>) => post({ type: 'snapshot', snapshot }), 120,
  () => {}, postError);

async function handle(msg: ToWorker1d): Promise<void> {
  switch (msg.type) {
    case 'start':
    case 'load': {
      training.stop();
      const be = await backend(msg.config.backend);
      if (session?.be !== be) { session?.free(); session = new Session1d(be); }
      post({ type: 'ready', backend: be.name });
      if (msg.type === 'start') session.start(msg.config); else session.load(msg.config, msg.model);
      post({ type: 'snapshot', snapshot: session.snapshot(msg.type === 'start') });
      if (msg.type === 'start') training.start(session);
      return;
    }
    case 'stop':
      training.halt(session);
      return;
    case 'resume':
      training.resume(session);
      return;
    case 'export':
      if (session) post({ type: 'export', model: session.model(), snapshot: session.snapshot(training.isRunning) });
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
    training.stop();
    postError(err);
  });
};
