/**
 * The compute worker's entry point (browser only). tfjs runs here so a hidden tab keeps its step rate:
 * timers and animation frames are throttled in hidden tabs, a dedicated worker's compute is not.
 */
import { registerBrowserBackends } from '../backend/browser-backends';
import { errorMessage } from '../backend/errors';
import { WorkerSession } from './handler';
import { createTfTrainer } from './tf-trainer';

/** The part of DedicatedWorkerGlobalScope used here (the DOM lib types `self` as a Window). */
interface WorkerScope {
  postMessage(message: unknown, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<unknown>) => void): void;
}

registerBrowserBackends();
const scope = self as unknown as WorkerScope;
const session = new WorkerSession(createTfTrainer);

scope.addEventListener('message', (event) => {
  void session.handle(event.data).then(({ message, transfer }) => {
    try {
      scope.postMessage(message, transfer);
    } catch (error) {
      // e.g. a DataCloneError: still answer, so the page's pending call does not hang.
      const requestId = 'requestId' in message ? message.requestId : undefined;
      scope.postMessage({ type: 'error', requestId, reason: 'compute-failed', message: `reply not sent: ${errorMessage(error)}` }, []);
    }
  });
});
