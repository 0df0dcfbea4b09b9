/**
 * The runner worker's entry point (browser only): the training loop, the algorithm node and tfjs share this
 * thread, so a step is gradient + update with nothing in between; the page keeps the links and the UI.
 * A dedicated worker's timers and messages are not throttled in hidden tabs.
 */
import { plainTimers } from '../net/timers';
import { registerBrowserBackends } from '../training/backend/browser-backends';
import { inWorkerSetup } from './in-worker-setup';
import { messageChannelMacrotask } from './macrotask';
import { RunnerHost } from './runner-host';

/** The part of DedicatedWorkerGlobalScope used here (the DOM lib types `self` as a Window). */
interface WorkerScope {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<unknown>) => void): void;
}

registerBrowserBackends();
const scope = self as unknown as WorkerScope;
const macrotask = messageChannelMacrotask();
const host = new RunnerHost({
  post: (message) => scope.postMessage(message),
  setup: (compute) => inWorkerSetup(compute, macrotask),
  timers: plainTimers,
});
scope.addEventListener('message', (event) => host.handle(event.data));
