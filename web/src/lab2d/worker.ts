// The 2-D diffusion worker: trains in ~40 ms slices (yielding between them so Stop is seen),
// posts a snapshot every ~150 ms (web/src/trainingLoop.ts), and generates samples at the end of
// a run or on request.
import { InputError } from '../../../src/model/errors.js';
import { TrainingLoop } from '../trainingLoop.js';
import { workerBackend } from '../workerBackend.js';
import type { FromWorker2d, ToWorker2d } from './protocol.js';
import { Session2d } from './session.js';

const scope = self as unknown as { postMessage(m: FromWorker2d): void; onmessage: ((e: MessageEvent<ToWorker2d>) => void) | null };
const post = (m: FromWorker2d): void => scope.postMessage(m);

let session: Session2d | null = null;
const postError = (err: unknown): void =>
  post({ type: 'error', message: (err as Error).message ?? String(err), field: err instanceof InputError ? err.field : null });
// At the end of a run, samples — unless it diverged (its parameters are not a trained model).
const training = new TrainingLoop((snapshot: ReturnType<Session2d['snapshot']>) => post({ type: 'snapshot', snapshot }), 150,
  () => { if (session && session.divergedAtEpoch === null) post({ type: 'generation', generation: session.generate() }); }, postError);

async function handle(msg: ToWorker2d): Promise<void> {
  switch (msg.type) {
    case 'start': {
      training.stop();
      const be = await workerBackend(msg.config.backend);
      if (session?.be !== be) { session?.free(); session = new Session2d(be); }
      post({ type: 'ready', backend: be.name });
      session.start(msg.config);
      post({ type: 'snapshot', snapshot: session.snapshot(true) });
      training.start(session);
      return;
    }
    case 'stop':
      training.halt(session);
      return;
    case 'resume':
      training.resume(session);
      return;
    case 'generate':
      if (session) post({ type: 'generation', generation: session.generate() });
      return;
  }
}

scope.onmessage = (e) => {
  handle(e.data).catch((err: unknown) => {
    training.stop();
    postError(err);
  });
};
