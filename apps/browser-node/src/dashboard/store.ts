/**
 * Everything the dashboard knows about its room, updated by batches of validated server events (one batch
 * per animation frame) and read by the views. DOM-free: the views decide what to redraw from `changes`.
 */
import type { MemberInfo, MetricsSample, RoomState, RoomTopologyUpdate, Topology, WatchSnapshot } from '@canopy/protocol';
import { edgesOf, type DrawnEdges } from './edges';
import { EMPTY_LAYOUT, tidyLayout, updateLayout, type Layout } from './layout';
import { LinkRateTracker } from './link-rates';
import { NodeStatsTracker } from './node-stats';
import { RunBook } from './runs';
import { stateView, type DashboardStateView } from './state-view';

export type DashboardEvent =
  | { readonly type: 'snapshot'; readonly snapshot: WatchSnapshot }
  | { readonly type: 'topology'; readonly update: RoomTopologyUpdate }
  | { readonly type: 'metrics'; readonly sample: MetricsSample }
  | { readonly type: 'state'; readonly state: RoomState };

/** What a batch changed, so each view redraws only when its inputs did. */
export interface Changes {
  topology: boolean;
  metrics: boolean;
  state: boolean;
  runs: boolean;
}

export const noChanges = (): Changes => ({ topology: false, metrics: false, state: false, runs: false });

export class DashboardStore {
  topology: Topology | null = null;
  members: readonly MemberInfo[] = [];
  state: RoomState | null = null;
  layout: Layout = EMPTY_LAYOUT;
  edges: DrawnEdges = { pull: [], push: [] };
  readonly runs = new RunBook();
  readonly links: LinkRateTracker;
  readonly nodes = new NodeStatsTracker();
  /** Earlier runs drawn over the current one on the accuracy chart. */
  readonly overlays = new Set<number>();
  connected = false;
  /** Server events dropped here: another room's samples (validation failures are counted by the client). */
  ignored = 0;

  constructor(
    readonly room: string,
    readonly admin: boolean,
    private readonly clock: () => number,
    staleMs = 5_000,
  ) {
    this.links = new LinkRateTracker(staleMs);
  }

  apply(events: readonly DashboardEvent[]): Changes {
    const changes = noChanges();
    for (const event of events) {
      switch (event.type) {
        case 'snapshot':
          this.#topology(event.snapshot, changes);
          this.#state(event.snapshot.state, changes);
          for (const sample of event.snapshot.metrics) this.#metrics(sample, changes);
          break;
        case 'topology':
          this.#topology(event.update, changes);
          break;
        case 'metrics':
          this.#metrics(event.sample, changes);
          break;
        case 'state':
          this.#state(event.state, changes);
          break;
        default: {
          const exhaustive: never = event;
          void exhaustive;
        }
      }
    }
    return changes;
  }

  /** Lays every node out afresh (the "tidy" button). */
  tidy(): void {
    this.layout = this.topology === null ? EMPTY_LAYOUT : tidyLayout(this.topology);
  }

  setOverlay(runId: number, on: boolean): void {
    if (on && runId !== this.runs.current) this.overlays.add(runId);
    else this.overlays.delete(runId);
  }

  view(): DashboardStateView {
    return stateView(this);
  }

  #topology(update: RoomTopologyUpdate, changes: Changes): void {
    if (update.room !== this.room) {
      this.ignored++;
      return;
    }
    const previous = new Set(this.topology?.peers ?? []);
    this.topology = update.topology;
    this.members = update.members;
    const present = new Set(update.topology?.peers ?? []);
    for (const peer of previous) {
      if (present.has(peer)) continue;
      this.links.forget(peer);
      this.nodes.forget(peer);
    }
    this.layout = updateLayout(this.layout, update.topology);
    this.edges = edgesOf(update.topology);
    changes.topology = true;
  }

  #state(state: RoomState, changes: Changes): void {
    const before = this.runs.current;
    this.state = state;
    this.runs.noteState(state);
    // A new run: the one it replaces goes on the chart beside it (R-FAST vs naive at the same loss, say).
    if (before !== null && before !== state.runId) {
      this.overlays.add(before);
      changes.runs = true;
    }
    this.overlays.delete(state.runId);
    changes.state = true;
  }

  #metrics(sample: MetricsSample, changes: Changes): void {
    if (sample.room !== this.room) {
      this.ignored++;
      return;
    }
    const seenAt = this.clock();
    if (!this.runs.add(sample)) return;
    this.nodes.observe(sample, seenAt);
    this.links.observe(sample, seenAt);
    changes.metrics = true;
  }

  now(): number {
    return this.clock();
  }
}
