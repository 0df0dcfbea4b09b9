/**
 * `window.canopyDashboard.state()`: a read-only, JSON-serialisable picture of what the dashboard shows, for
 * end-to-end tests and the curious. Rebuilt on each call; mutating it changes nothing.
 */
import type { PeerId, TopologyKind } from '@canopy/protocol';
import type { NodeRow } from './node-stats';
import { runLabel } from './runs';
import type { DashboardStore } from './store';

export interface EdgeView {
  readonly from: PeerId;
  readonly to: PeerId;
  /** Messages per second on this directed link (sender's counters), null when unknown. */
  readonly messagesPerSecond: number | null;
  /** Measured injected loss over the last report interval. */
  readonly loss: number | null;
}

export interface RunView {
  readonly runId: number;
  readonly label: string;
  readonly algorithm: string | null;
  readonly current: boolean;
  readonly overlaid: boolean;
  readonly samples: number;
  readonly peers: readonly PeerId[];
}

export interface DashboardStateView {
  readonly room: string;
  readonly connected: boolean;
  /** Controls are shown (a token was given; the server still checks it). */
  readonly admin: boolean;
  readonly epoch: number | null;
  readonly root: PeerId | null;
  readonly topologyKind: TopologyKind | null;
  readonly nodes: readonly (NodeRow & { readonly x: number | null; readonly y: number | null })[];
  /** Pull edges parent → child (models), push edges child → parent (trackers), as data flows. */
  readonly edges: { readonly pull: readonly EdgeView[]; readonly push: readonly EdgeView[] };
  readonly runId: number | null;
  readonly runs: readonly RunView[];
  readonly paused: boolean | null;
  readonly algorithm: string | null;
  readonly lossP: number | null;
  /** Another room's events that reached this dashboard (should stay 0). */
  readonly ignored: number;
}

export function stateView(store: DashboardStore): DashboardStateView {
  const now = store.now();
  const edge = (e: { from: PeerId; to: PeerId }): EdgeView => {
    const rate = store.links.get(e.from, e.to, now);
    return { from: e.from, to: e.to, messagesPerSecond: rate?.messagesPerSecond ?? null, loss: rate?.loss ?? null };
  };
  return {
    room: store.room,
    connected: store.connected,
    admin: store.admin,
    epoch: store.topology?.epoch ?? null,
    root: store.topology?.root ?? null,
    topologyKind: store.topology?.kind ?? null,
    nodes: store.nodes.rows(store.members, store.topology, store.state).map((row) => {
      const at = store.layout.positions.get(row.id);
      return { ...row, x: at?.x ?? null, y: at?.y ?? null };
    }),
    edges: { pull: store.edges.pull.map(edge), push: store.edges.push.map(edge) },
    runId: store.runs.current,
    runs: runViews(store),
    paused: store.state?.paused ?? null,
    algorithm: store.state?.settings.algorithm.name ?? null,
    lossP: store.state?.faults.loss.p ?? null,
    ignored: store.ignored,
  };
}

export function runViews(store: DashboardStore): RunView[] {
  return store.runs.runs().map((run) => ({
    runId: run.runId,
    label: runLabel(run),
    algorithm: run.algorithm,
    current: run.runId === store.runs.current,
    overlaid: store.overlays.has(run.runId),
    samples: run.samples.length,
    peers: [...run.peers].sort(),
  }));
}
