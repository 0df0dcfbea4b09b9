/** Page side of the bare-training worker: one run at a time, replies validated before use. */
import type { BareRunRequest, BareRunResult } from './api';
import { bareReplySchema, resultOf, runMessage } from './bare-protocol';

export class BareClient {
  readonly #worker = new Worker(new URL('./bare-worker.ts', import.meta.url), { type: 'module', name: 'canopy-bench-bare' });
  #busy: Promise<unknown> = Promise.resolve();

  constructor(private readonly datasetUrl: string) {}

  run(request: BareRunRequest): Promise<BareRunResult> {
    const next = this.#busy.then(() => this.#runNow(request));
    this.#busy = next.catch(() => undefined);
    return next;
  }

  #runNow(request: BareRunRequest): Promise<BareRunResult> {
    return new Promise((resolve, reject) => {
      const cleanup = (): void => {
        this.#worker.removeEventListener('message', onMessage);
        this.#worker.removeEventListener('error', onError);
      };
      const onMessage = (event: MessageEvent<unknown>): void => {
        cleanup();
        const parsed = bareReplySchema.safeParse(event.data);
        if (!parsed.success) reject(new Error(`bare worker: malformed reply: ${parsed.error.message}`));
        else if (parsed.data.type === 'error') reject(new Error(`bare worker (${parsed.data.reason}): ${parsed.data.message}`));
        else resolve(resultOf(parsed.data));
      };
      const onError = (event: ErrorEvent): void => {
        cleanup();
        reject(new Error(`bare worker crashed: ${event.message}`));
      };
      this.#worker.addEventListener('message', onMessage);
      this.#worker.addEventListener('error', onError);
      this.#worker.postMessage(runMessage(request, this.datasetUrl));
    });
  }

  terminate(): void {
    this.#worker.terminate();
  }
}
