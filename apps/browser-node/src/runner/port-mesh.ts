/**
 * The RunnerMesh of a runner that lives in the runner worker: sends go through the Outbox to the page
 * (batched per task, so a step's messages cross in one postMessage), incoming messages arrive from the page,
 * and link counters stay on the page (links() is empty here; the page adds them to the status).
 */
import type { IncomingMessage, OutgoingMessage } from '@canopy/algorithms';
import type { MessageKind, PeerId } from '@canopy/protocol';
import { FaultInjector } from '../net/fault-injector';
import { runTagOf } from '../net/mesh';
import { emptyLinkStats, type LinkStats, type ReceiveRejectReason } from '../net/link-stats';
import { seededRandom } from '../training/random';
import { Outbox, type LinkReadiness } from './outbox';
import { RUNNER_REJECT_REASONS, type RunnerToPage } from './remote-protocol';
import type { LinkView, RunnerMesh } from './runner-mesh';

/** A report to the page, before the host stamps its session. */
export type PortReport = RunnerToPage extends infer M ? (M extends { session: number } ? Omit<M, 'session'> : never) : never;

export interface PortMeshOptions {
  /** Monotonic milliseconds (Timers.now). */
  readonly now?: () => number;
  /**
   * Least time between two posts with nothing to send (default 25 ms; the page sends idlePumpFor(its
   * pacing)). Each post makes the page pump its links and refresh their readiness, but costs the worker a
   * cross-thread postMessage (≈2% of a CPU step when it went every step).
   */
  readonly idlePumpMs?: number;
}

export const DEFAULT_IDLE_PUMP_MS = 25;

/**
 * The idle pump interval for links paced at `minSendIntervalMs`: a quarter of it, at most the default, so a
 * paced message waits at most a quarter interval for the pump that lets it out (0 without pacing: every step).
 */
export function idlePumpFor(minSendIntervalMs: number): number {
  return Math.min(DEFAULT_IDLE_PUMP_MS, Math.max(0, minSendIntervalMs) / 4);
}

export class PortMesh implements RunnerMesh {
  /** Only its straggler factor is used here; drops and delays happen on the page's links. */
  readonly injector: FaultInjector;
  readonly retired: Readonly<LinkStats> = emptyLinkStats();
  readonly #outbox = new Outbox((message) => this.#queue(message));
  readonly #listeners: ((message: IncomingMessage) => void)[] = [];
  #batch: OutgoingMessage[] = [];
  #runTag = 0;
  #flushScheduled = false;
  #lastFlushAt = Number.NEGATIVE_INFINITY;
  readonly #now: () => number;
  readonly #idlePumpMs: number;

  constructor(
    self: PeerId,
    private readonly post: (report: PortReport) => void,
    options: PortMeshOptions = {},
  ) {
    this.injector = new FaultInjector(self, seededRandom(1));
    this.#now = options.now ?? (() => performance.now());
    this.#idlePumpMs = options.idlePumpMs ?? DEFAULT_IDLE_PUMP_MS;
  }

  get superseded(): ReadonlyMap<PeerId, number> {
    return this.#outbox.superseded;
  }

  links(): readonly LinkView[] {
    return [];
  }

  onMessage(listener: (message: IncomingMessage) => void): void {
    this.#listeners.push(listener);
  }

  /**
   * A message from the page's links, accepted there for run `runTag`. The page learns of a new run only from
   * this worker (setRunId), so for a moment it still accepts the old run's messages: those are dropped here
   * (counted as stale 'other-run', as the page counts them), never handed to the new run's node.
   */
  deliver(message: IncomingMessage, runTag: number): void {
    if (runTag !== this.#runTag) {
      this.post({ type: 'reject', peer: message.from, reason: 'other-run' });
      return;
    }
    for (const listener of this.#listeners) listener(message);
  }

  /** The page's latest word on which links would send at once. */
  updateReadiness(readiness: LinkReadiness): void {
    this.#outbox.update(readiness);
  }

  countReject(peer: PeerId, reason: ReceiveRejectReason): void {
    if (!isAlgorithmReason(reason)) return; // frame-level reasons are counted on the page
    this.post({ type: 'reject', peer, reason });
  }

  sendsNow(peer: PeerId, kind: MessageKind): boolean {
    return this.#outbox.sendsNow(peer, kind);
  }

  send(message: OutgoingMessage): void {
    this.#outbox.offer(message);
  }

  /**
   * Posts what is batched; with nothing batched, still posts once `idlePumpMs` have passed since the last
   * post, so the page pumps its links (paced messages go out) and answers with their readiness.
   */
  pump(): void {
    if (this.#batch.length === 0 && this.#now() - this.#lastFlushAt < this.#idlePumpMs) return;
    this.#flush();
  }

  setRunId(runId: number): void {
    this.#runTag = runTagOf(runId);
    this.#flush();
    this.post({ type: 'run', runId });
  }

  clearPending(): void {
    this.#outbox.clear();
    this.#batch = [];
    this.post({ type: 'clear-pending' });
  }

  #queue(message: OutgoingMessage): void {
    this.#batch.push(message);
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    queueMicrotask(() => {
      if (this.#flushScheduled) this.#flush();
    });
  }

  #flush(): void {
    this.#flushScheduled = false;
    this.#lastFlushAt = this.#now();
    const messages = this.#batch;
    this.#batch = [];
    this.post({ type: 'outbox', messages });
  }
}

const ALGORITHM_REASONS: ReadonlySet<string> = new Set(RUNNER_REJECT_REASONS);

function isAlgorithmReason(reason: ReceiveRejectReason): reason is (typeof RUNNER_REJECT_REASONS)[number] {
  return ALGORITHM_REASONS.has(reason);
}
