/**
 * Run bookkeeping: every metrics sample the dashboard receives, grouped by run (a reset or an algorithm
 * switch starts a new run, stamped by the server in RoomState.runId and in every sample). Earlier runs stay
 * available for overlays and export. Memory is bounded: a run that grows past its budget keeps every other
 * sample of each peer (the whole curve at half the resolution), and only the newest runs are kept.
 */
import type { MetricsSample, PeerId, RoomState, SignalingAlgorithmName } from '@canopy/protocol';

/** A sample without what the run record already says (room, run) or what charts never use (per-link counters). */
export type RunSample = Omit<MetricsSample, 'links' | 'room' | 'runId' | 'sample'>;

export interface RunRecord {
  readonly runId: number;
  /** Known when the dashboard saw this run in force in a RoomState; null for runs known only from samples. */
  algorithm: SignalingAlgorithmName | null;
  /** The global injected loss last seen while this run was in force. */
  lossP: number | null;
  /** Oldest first (per peer strictly increasing `at`). */
  samples: RunSample[];
  readonly peers: Set<PeerId>;
  firstAt: number;
  lastAt: number;
}

export interface RunBookLimits {
  readonly maxRuns: number;
  readonly maxSamplesPerRun: number;
}

export const DEFAULT_RUN_LIMITS: RunBookLimits = { maxRuns: 24, maxSamplesPerRun: 40_000 };

function compact(sample: MetricsSample): RunSample {
  // A language model's text sample is shown live, not kept 40,000 times per run.
  const { links: _links, room: _room, runId: _runId, sample: _sample, ...rest } = sample;
  return rest;
}

export class RunBook {
  readonly #runs = new Map<number, RunRecord>();
  /** Per run and peer: the newest `at` kept, so replays (a snapshot after a reconnect) are not doubled. */
  readonly #lastAt = new Map<number, Map<PeerId, number>>();
  #current: number | null = null;
  #stateSeen = false;

  constructor(private readonly limits: RunBookLimits = DEFAULT_RUN_LIMITS) {}

  /** The run in force according to the newest RoomState (or the newest run seen in samples before any state). */
  get current(): number | null {
    return this.#current;
  }

  /** Newest first. */
  runs(): RunRecord[] {
    return [...this.#runs.values()].sort((a, b) => b.runId - a.runId);
  }

  get(runId: number): RunRecord | undefined {
    return this.#runs.get(runId);
  }

  noteState(state: RoomState): void {
    this.#current = state.runId;
    this.#stateSeen = true;
    const run = this.#ensure(state.runId);
    run.algorithm = state.settings.algorithm.name;
    run.lossP = state.faults.loss.p;
  }

  /** false when the sample is a replay of one already held (or older than it, for its peer). */
  add(sample: MetricsSample): boolean {
    const seen = this.#lastAt.get(sample.runId)?.get(sample.peerId);
    if (seen !== undefined && sample.at <= seen) return false;
    const run = this.#ensure(sample.runId);
    if (!this.#stateSeen) this.#current = Math.max(this.#current ?? sample.runId, sample.runId);
    run.samples.push(compact(sample));
    run.peers.add(sample.peerId);
    run.firstAt = Math.min(run.firstAt, sample.at);
    run.lastAt = Math.max(run.lastAt, sample.at);
    let perPeer = this.#lastAt.get(sample.runId);
    if (perPeer === undefined) this.#lastAt.set(sample.runId, (perPeer = new Map()));
    perPeer.set(sample.peerId, sample.at);
    if (run.samples.length > this.limits.maxSamplesPerRun) run.samples = decimate(run.samples);
    return true;
  }

  #ensure(runId: number): RunRecord {
    let run = this.#runs.get(runId);
    if (run === undefined) {
      run = { runId, algorithm: null, lossP: null, samples: [], peers: new Set(), firstAt: Infinity, lastAt: -Infinity };
      this.#runs.set(runId, run);
      this.#evict();
    }
    return run;
  }

  #evict(): void {
    const ids = [...this.#runs.keys()].sort((a, b) => a - b);
    for (const id of ids) {
      if (this.#runs.size <= this.limits.maxRuns) return;
      if (id === this.#current) continue;
      this.#runs.delete(id);
      this.#lastAt.delete(id);
    }
  }
}

/** Every other sample of each peer, always keeping each peer's newest. */
export function decimate(samples: readonly RunSample[]): RunSample[] {
  const total = new Map<PeerId, number>();
  for (const s of samples) total.set(s.peerId, (total.get(s.peerId) ?? 0) + 1);
  const index = new Map<PeerId, number>();
  return samples.filter((s) => {
    const i = index.get(s.peerId) ?? 0;
    index.set(s.peerId, i + 1);
    return i % 2 === 0 || i === (total.get(s.peerId) ?? 0) - 1;
  });
}

export function runLabel(run: Pick<RunRecord, 'runId' | 'algorithm' | 'lossP'>): string {
  const parts = [`run ${run.runId}`];
  if (run.algorithm !== null) parts.push(run.algorithm);
  if (run.lossP !== null) parts.push(`loss ${Math.round(run.lossP * 100)}%`);
  return parts.join(' · ');
}
