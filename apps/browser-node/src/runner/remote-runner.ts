/**
 * The page's handle on a training loop that runs in the runner worker (runner-host.ts there): the links
 * (Mesh, WebRTC) stay here. Forwards the room's events to the worker and each incoming message; sends what
 * the worker's outbox forwards, pumps the links whenever the worker's loop ticks, and answers with which
 * links are ready. Its status is the worker's last one completed with the links' counters.
 */
import type { PeerId, PeerTopology, RoomState } from '@canopy/protocol';
import { Emitter } from '../net/emitter';
import type { Mesh } from '../net/mesh';
import { withLinkTotals } from './link-totals';
import { ReadinessTracker } from './link-readiness';
import { metricsReport } from './metrics-report';
import { idlePumpFor } from './port-mesh';
import { parseRunnerToPage, type ComputeConfig, type PageToRunner, type RunnerToPage, type PreparedInfo, type RunnerTuning, type StepLog } from './remote-protocol';
import { idleTrainingStatus, type LoopStatus, type TrainingStatus } from './status';
import type { RunnerEvents, TrainingRunner } from './training-runner';

/** The part of a Worker (or MessagePort) used here. */
export interface RunnerPort {
  postMessage(message: PageToRunner): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  removeEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

export interface RemoteRunnerOptions {
  readonly session: number;
  readonly self: PeerId;
  readonly mesh: Mesh;
  readonly port: RunnerPort;
  readonly compute: ComputeConfig;
  readonly tuning?: RunnerTuning;
  /** Step timings from the worker (the runner benchmark); asks the worker to record them. */
  readonly onSteps?: (steps: StepLog) => void;
  /** The backend the worker chose for a run, the ranking of those it tried, the model's dimension. */
  readonly onPrepared?: (info: PreparedInfo) => void;
  /** The room checkpoint's absolute URL (runner.ts `loadCheckpoint`). */
  readonly checkpointUrl?: string;
}

export class RemoteRunner implements TrainingRunner {
  readonly events = new Emitter<RunnerEvents>();
  /** Messages from the worker that failed validation (dropped). */
  malformed = 0;
  readonly #readiness: ReadinessTracker;
  readonly #listener = (event: { data: unknown }): void => this.#onWorkerMessage(event.data);
  readonly #unsubscribe: () => void;
  #loop: LoopStatus | undefined;
  #superseded = new Map<string, number>();
  #stopped = false;

  constructor(private readonly options: RemoteRunnerOptions) {
    this.#readiness = new ReadinessTracker(options.mesh);
    options.port.addEventListener('message', this.#listener);
    this.#unsubscribe = options.mesh.events.on('message', (message) => this.#post({ type: 'incoming', session: options.session, runTag: options.mesh.runTag, message }));
  }

  start(state: RoomState, topology: PeerTopology, options: { joinFromParent: boolean }): void {
    const { session, self, compute, tuning = {}, mesh } = this.options;
    mesh.injector.update(state.faults);
    // The worker pumps the page's links often enough for their pacing (port-mesh.ts).
    const withPump = { idlePumpMs: idlePumpFor(mesh.minSendIntervalMs), ...tuning };
    this.#post({ type: 'start', session, self, state, topology, joinFromParent: options.joinFromParent, compute, tuning: withPump, instrument: this.options.onSteps !== undefined, ...(this.options.checkpointUrl === undefined ? {} : { checkpointUrl: this.options.checkpointUrl }) });
  }

  setTopology(topology: PeerTopology): void {
    this.#post({ type: 'topology', session: this.options.session, topology });
  }

  applyRoomState(state: RoomState): void {
    this.options.mesh.injector.update(state.faults);
    this.#post({ type: 'room-state', session: this.options.session, state });
  }

  stop(): void {
    if (this.#stopped) return;
    this.#post({ type: 'stop', session: this.options.session });
    this.#stopped = true;
    this.#unsubscribe();
    this.options.port.removeEventListener('message', this.#listener);
  }

  status(): TrainingStatus {
    return withLinkTotals(this.#loop ?? idleTrainingStatus('starting the training worker'), this.options.mesh, this.#superseded);
  }

  #post(message: PageToRunner): void {
    if (!this.#stopped) this.options.port.postMessage(message);
  }

  #onWorkerMessage(data: unknown): void {
    const parsed = parseRunnerToPage(data);
    if (!parsed.ok) {
      this.malformed++;
      console.warn(`runner worker: malformed message dropped: ${parsed.error}`);
      return;
    }
    const message = parsed.message;
    if (message.session !== this.options.session || this.#stopped) return;
    this.#handle(message);
  }

  #handle(message: RunnerToPage): void {
    const { mesh } = this.options;
    switch (message.type) {
      case 'outbox':
        for (const outgoing of message.messages) {
          this.#readiness.noteForwarded(outgoing);
          mesh.send(outgoing);
        }
        mesh.pump();
        this.#sendReadiness();
        return;
      case 'run':
        mesh.setRunId(message.runId);
        return;
      case 'clear-pending':
        mesh.clearPending();
        return;
      case 'reject':
        mesh.countReject(message.peer, message.reason);
        return;
      case 'status': {
        this.#loop = message.status;
        this.#superseded = new Map(Object.entries(message.superseded));
        if (message.steps !== undefined) this.options.onSteps?.(message.steps);
        const status = this.status();
        const report = metricsReport(status);
        if (report !== null) this.events.emit('report', report, status);
        return;
      }
      case 'evaluation':
        this.events.emit('evaluation', {
          step: message.step,
          loss: message.loss,
          accuracy: message.accuracy,
          model: message.model,
          healthy: message.healthy,
          ...(message.samples === undefined ? {} : { samples: message.samples }),
        });
        return;
      case 'prepared':
        this.options.onPrepared?.({ backend: message.backend, ranking: message.ranking, dimension: message.dimension });
        return;
      case 'error':
        this.events.emit('error', message.message);
        return;
    }
  }

  #sendReadiness(): void {
    const readiness = this.#readiness.changed();
    if (readiness !== undefined) this.#post({ type: 'links', session: this.options.session, peers: [...readiness.peers], ready: [...readiness.ready] });
  }
}
