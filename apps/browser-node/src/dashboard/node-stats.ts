/** What the node table and the node tooltips show: each member's newest report, plus its step rate. */
import type { MemberInfo, MetricsSample, PeerId, RoomState, Topology } from '@canopy/protocol';
import { LinkHealthTracker, type LinkHealth } from './link-health';

export interface NodeRow {
  readonly id: PeerId;
  readonly displayName: string;
  readonly backend: string;
  readonly isRoot: boolean;
  readonly runId: number | null;
  readonly epoch: number | null;
  readonly step: number | null;
  /** Steps per second over the last few seconds of reports (null until two reports of the same run). */
  readonly stepsPerSecond: number | null;
  readonly stepMs: number | null;
  readonly loss: number | null;
  readonly trainAccuracy: number | null;
  readonly heldOutAccuracy: number | null;
  /** Mean age, in the sender's steps, of the neighbour packets used by the last activation. */
  readonly staleness: number | null;
  /** Factor on its step size for long message gaps (1 = the full step). */
  readonly delayScale: number | null;
  readonly bytesSent: number | null;
  readonly bytesReceived: number | null;
  readonly injectedDrops: number | null;
  readonly malformedFrames: number | null;
  /** Times its model blew up and it went back to its last good one (this run). */
  readonly recoveries: number | null;
  /** The room's slowdown for this node (1 = none). */
  readonly stragglerFactor: number;
  /** Local time of its newest report. */
  readonly lastSeenAt: number | null;
  /** Members whose newest report says they quarantined this node (hostile values): shown to the teacher. */
  readonly reportedBy: readonly PeerId[];
  /** Its links as it reports them: open, relayed, stalled (null before its first report). */
  readonly links: LinkHealth | null;
}

interface Latest {
  readonly sample: MetricsSample;
  readonly seenAt: number;
  /** (at, step) of this run's recent reports, oldest first: the step rate is measured across them. */
  readonly history: readonly { readonly at: number; readonly step: number }[];
}

export class NodeStatsTracker {
  readonly #latest = new Map<PeerId, Latest>();
  readonly #links = new LinkHealthTracker();

  /** A rate over one 0.5 s report interval counts whole steps of ~0.1-0.5 s: too coarse to read, hence a window. */
  constructor(private readonly rateWindowMs = 5_000) {}

  observe(sample: MetricsSample, seenAt: number = sample.at): void {
    const before = this.#latest.get(sample.peerId);
    if (before !== undefined && sample.at <= before.sample.at) return;
    const continues = before !== undefined && before.sample.runId === sample.runId && sample.step >= before.sample.step;
    const kept = continues ? before.history.filter((h) => sample.at - h.at <= this.rateWindowMs) : [];
    // Keep at least the previous report, so a node reporting slower than the window still has a rate.
    const previous = continues ? before.history.at(-1) : undefined;
    const history = [...(kept.length === 0 && previous !== undefined ? [previous] : kept), { at: sample.at, step: sample.step }];
    this.#latest.set(sample.peerId, { sample, seenAt, history });
    this.#links.observe(sample);
  }

  latest(peer: PeerId): MetricsSample | undefined {
    return this.#latest.get(peer)?.sample;
  }

  forget(peer: PeerId): void {
    this.#latest.delete(peer);
    this.#links.forget(peer);
  }

  /** One row per member (join order), or per topology peer before the member list is known. */
  rows(members: readonly MemberInfo[], topology: Topology | null, state: RoomState | null): NodeRow[] {
    const ids = members.length > 0 ? members.map((m) => m.peerId) : (topology?.peers ?? []);
    const byId = new Map(members.map((m) => [m.peerId, m]));
    const factors = new Map((state?.faults.stragglers ?? []).map((s) => [s.peer, s.factor]));
    const reporters = new Map<PeerId, PeerId[]>();
    for (const reporter of ids) {
      for (const suspect of this.#latest.get(reporter)?.sample.quarantined ?? []) reporters.set(suspect, [...(reporters.get(suspect) ?? []), reporter]);
    }
    return ids.map((id) => {
      const latest = this.#latest.get(id);
      const s = latest?.sample;
      const member = byId.get(id);
      return {
        id,
        displayName: member?.displayName ?? id,
        backend: s?.backend ?? member?.capabilities.backend ?? '?',
        isRoot: topology?.root === id,
        runId: s?.runId ?? null,
        epoch: s?.epoch ?? null,
        step: s?.step ?? null,
        stepsPerSecond: latest === undefined ? null : stepRate(latest.history),
        stepMs: s?.stepMs ?? member?.capabilities.stepMs ?? null,
        loss: s?.loss ?? null,
        trainAccuracy: s?.trainAccuracy ?? null,
        heldOutAccuracy: s?.heldOutAccuracy ?? null,
        staleness: s?.staleness ?? null,
        delayScale: s?.delayScale ?? null,
        bytesSent: s?.bytesSent ?? null,
        bytesReceived: s?.bytesReceived ?? null,
        injectedDrops: s?.injectedDrops ?? null,
        malformedFrames: s?.malformedFrames ?? null,
        recoveries: s?.recoveries ?? null,
        stragglerFactor: factors.get(id) ?? 1,
        lastSeenAt: latest?.seenAt ?? null,
        reportedBy: reporters.get(id) ?? [],
        links: this.#links.health(id),
      };
    });
  }
}

function stepRate(history: Latest['history']): number | null {
  const first = history[0];
  const last = history.at(-1);
  if (first === undefined || last === undefined || last.at <= first.at) return null;
  return ((last.step - first.step) * 1000) / (last.at - first.at);
}
