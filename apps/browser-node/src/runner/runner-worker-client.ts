/**
 * The page's runner worker: one for the page's life (the dataset and backend calibration survive a new peer
 * id), handing out a RemoteRunner per session. Imports no tfjs: the page bundle stays small.
 */
import type { PeerId } from '@canopy/protocol';
import type { Mesh } from '../net/mesh';
import type { ComputeConfig, PreparedInfo, RunnerTuning, StepLog } from './remote-protocol';
import { RemoteRunner } from './remote-runner';

export interface RunnerSessionOptions {
  readonly tuning?: RunnerTuning;
  readonly onSteps?: (steps: StepLog) => void;
  readonly onPrepared?: (info: PreparedInfo) => void;
  /** The room checkpoint's absolute URL: a run started alone resumes from it. */
  readonly checkpointUrl?: string;
}

export class RunnerWorker {
  readonly #worker: Worker;
  #session = 0;
  #current: RemoteRunner | undefined;
  #ranking: readonly string[] = [];

  constructor(private readonly compute: ComputeConfig) {
    this.#worker = new Worker(new URL('./runner-worker.ts', import.meta.url), { type: 'module', name: 'canopy-runner' });
    this.#worker.addEventListener('error', (event) => {
      this.#current?.events.emit('error', `training worker crashed: ${event.message || 'uncaught error'}`);
    });
  }

  /** Backends the worker tried at its last prepare, fastest first, with why others failed (for the page). */
  get ranking(): readonly string[] {
    return this.#ranking;
  }

  createRunner(self: PeerId, mesh: Mesh, options: RunnerSessionOptions = {}): RemoteRunner {
    const runner = new RemoteRunner({
      session: ++this.#session,
      self,
      mesh,
      port: this.#worker,
      compute: this.compute,
      ...(options.tuning === undefined ? {} : { tuning: options.tuning }),
      ...(options.onSteps === undefined ? {} : { onSteps: options.onSteps }),
      ...(options.checkpointUrl === undefined ? {} : { checkpointUrl: options.checkpointUrl }),
      onPrepared: (info) => {
        this.#ranking = info.ranking;
        options.onPrepared?.(info);
      },
    });
    this.#current = runner;
    return runner;
  }

  terminate(): void {
    this.#current?.stop();
    this.#worker.terminate();
  }
}
