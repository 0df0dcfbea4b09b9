/**
 * Sleeps served by a tiny dedicated worker: timers inside a worker are not throttled in hidden tabs, and
 * the worker's reply is a message event, which is not throttled either. Falls back to main-thread timers
 * (with a warning) where a worker cannot be created or fails, so a sleep never hangs.
 */
import { plainTimers, type Timers } from './timers';

const WORKER_SOURCE = `onmessage = (e) => { const { id, ms } = e.data; setTimeout(() => postMessage(id), ms); };`;

export function createWorkerTimers(): Timers {
  let worker: Worker | undefined;
  try {
    worker = new Worker(URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' })));
  } catch (error) {
    console.warn('timer worker unavailable; hidden tabs will be throttled:', error);
    return plainTimers;
  }
  const waiting = new Map<number, () => void>();
  let nextId = 0;
  worker.onmessage = (event: MessageEvent<unknown>) => {
    const id = event.data;
    if (typeof id !== 'number') return;
    waiting.get(id)?.();
    waiting.delete(id);
  };
  worker.onerror = (event) => {
    console.warn('timer worker failed; hidden tabs will be throttled:', event.message);
    worker = undefined;
    for (const wake of waiting.values()) wake();
    waiting.clear();
  };
  return {
    sleep(ms: number): Promise<void> {
      if (worker === undefined) return plainTimers.sleep(ms);
      const id = nextId++;
      const target = worker;
      return new Promise((resolve) => {
        waiting.set(id, resolve);
        target.postMessage({ id, ms: Math.max(0, ms) });
      });
    },
    now: () => performance.now(),
  };
}
