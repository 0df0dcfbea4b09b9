/**
 * Wires the dashboard: server events → frame batcher → store → views, one animation loop for the traffic
 * dots, and (with a token) controls → coalescing sender → server. Exposes `state()` for the page's window API.
 */
import type { ControlAction, PeerId } from '@canopy/protocol';
import { CoalescingSender } from './coalescing-sender';
import { ColourBook } from './colours';
import { kickAction, rollbackAction, stragglerAction } from './control-actions';
import { ChartsView } from './charts-view';
import { ControlsView } from './controls-view';
import { chartsPng, download } from './downloads';
import type { DrawnEdge } from './edges';
import { exportFileName, runsToCsv, runsToJson } from './export';
import { FrameBatcher } from './frame-batcher';
import { CheckpointView } from './checkpoint-view';
import { html } from './dom';
import { explanationsElement } from './explanations';
import { HeaderView } from './header-view';
import { ScenariosView } from './scenarios-view';
import type { ScenarioRoom } from './scenarios';
import { LinkLossEditor } from './link-loss-editor';
import { NodeTable } from './node-table';
import { RunsView } from './runs-view';
import type { DashboardParams } from './params';
import { runViews, type DashboardStateView } from './state-view';
import { DashboardStore, type Changes, type DashboardEvent } from './store';
import { TextSampleView } from './text-sample-view';
import { Tooltip } from './tooltip';
import { edgeRows, edgeTitle, nodeRows } from './tooltips';
import { TopologyView } from './topology-view';
import { TrafficAnimator } from './traffic';
import { TrafficLayer } from './traffic-layer';
import type { ControlResult, WatchClient, WatchHandlers } from './watch-client';

export interface DashboardElements {
  readonly header: HTMLElement;
  readonly stage: HTMLElement;
  readonly tidy: HTMLButtonElement;
  readonly controls: HTMLElement;
  readonly charts: HTMLElement;
  readonly runs: HTMLElement;
  readonly nodes: HTMLElement;
}

/** The node table and runs list are redrawn at most this often; the SVG captions likewise. */
const TABLE_INTERVAL_MS = 250;

export class DashboardApp {
  readonly store: DashboardStore;
  readonly #header: HeaderView;
  readonly #topology: TopologyView;
  readonly #traffic = new TrafficAnimator();
  readonly #trafficLayer: TrafficLayer;
  readonly #table: NodeTable;
  readonly #charts: ChartsView;
  readonly #runs: RunsView;
  readonly #controls: ControlsView | null;
  readonly #linkEditor: LinkLossEditor | null;
  readonly #tooltip = new Tooltip(document.body);
  readonly #colours = new ColourBook();
  readonly #batcher: FrameBatcher<DashboardEvent>;
  readonly #controlFields: HTMLFieldSetElement | null;
  readonly #textSample: TextSampleView;
  #sender: CoalescingSender<ControlAction, ControlResult> | null = null;
  #lastTable = -Infinity;

  constructor(
    private readonly params: DashboardParams,
    elements: DashboardElements,
  ) {
    const admin = params.token !== null;
    this.store = new DashboardStore(params.room, admin, () => performance.now());
    this.#header = new HeaderView(elements.header, params.room, admin);
    this.#topology = new TopologyView(elements.stage, {
      hoverEdge: (edge, event) => this.#hoverEdge(edge, event),
      hoverNode: (peer, event) => this.#hoverNode(peer, event),
      leave: () => this.#tooltip.hide(),
      ...(admin ? { clickEdge: (edge: DrawnEdge, event: MouseEvent) => this.#clickEdge(edge, event) } : {}),
    });
    this.#trafficLayer = new TrafficLayer(elements.stage);
    this.#table = new NodeTable(
      elements.nodes,
      (peer) => this.#colours.colour(peer),
      admin ? { straggler: (peer, factor) => this.#straggler(peer, factor), kick: (peer) => this.#kick(peer) } : null,
      (peer) => this.store.members.find((m) => m.peerId === peer)?.displayName ?? peer,
    );
    this.#charts = new ChartsView(elements.charts, this.#colours);
    this.#runs = new RunsView(elements.runs, `/api/rooms/${encodeURIComponent(params.room)}/metrics.csv`, {
      toggleOverlay: (runId, on) => this.toggleOverlay(runId, on),
      exportCsv: () => this.exportCsv(),
      exportJson: () => this.exportJson(),
      exportPng: () => void this.exportPng(),
    });
    new CheckpointView(elements.runs, params.room, admin ? (runId) => this.#rollback(runId) : null);
    this.#textSample = new TextSampleView(elements.charts, (peer) => this.store.members.find((m) => m.peerId === peer)?.displayName ?? peer);
    // Disabled until the server has sent the room's state: a click before that could be lost, and inputs would show guesses.
    this.#controlFields = admin ? html('fieldset', { class: 'control-fields', disabled: true }) : null;
    if (this.#controlFields !== null) elements.controls.append(this.#controlFields);
    this.#controls = this.#controlFields === null ? null : new ControlsView(this.#controlFields, (kind, action) => this.#sender?.submit(kind, action));
    if (this.#controlFields !== null) new ScenariosView(this.#controlFields, () => this.#scenarioRoom(), (action) => this.#sender?.submit(`scenario:${action.type}:${'peer' in action ? action.peer : ''}`, action));
    elements.stage.parentElement?.append(explanationsElement());
    if (!admin) elements.controls.remove(); // no token, no controls: not even hidden ones
    this.#linkEditor = admin ? new LinkLossEditor(document.body, (action) => (action.ok ? this.#sender?.submit('loss', action.value) : this.#controls?.report(false, `not sent: ${action.error.message}`))) : null;
    this.#batcher = new FrameBatcher((callback) => requestAnimationFrame(callback), (events) => this.#render(this.store.apply(events)));
    elements.tidy.addEventListener('click', () => {
      this.store.tidy();
      this.#redrawTopology();
    });
    new ResizeObserver(() => this.#redrawTopology()).observe(elements.stage);
    this.#animate();
  }

  /** Connects the watch client's events to this dashboard. */
  handlers(): WatchHandlers {
    return {
      event: (event) => {
        if (event.type === 'metrics') this.#textSample.show(event.sample);
        this.#batcher.push(event);
      },
      connection: (connected, detail) => {
        this.store.connected = connected;
        this.#header.connection(connected, detail);
        this.#updateControlsReady();
        if (connected) this.#header.problem(null);
      },
      problem: (problem) => this.#header.problem(problem.message),
    };
  }

  attach(client: WatchClient): void {
    const token = this.params.token;
    if (token === null) return;
    this.#sender = new CoalescingSender(
      (action) => client.control(token, action),
      (action, result) => {
        if (result.ok) {
          this.#batcher.push({ type: 'state', state: result.state });
          this.#controls?.report(true, `${action.type} applied (run ${result.state.runId}).`);
        } else {
          this.#controls?.report(false, `The server refused ${action.type} (${result.error.code}): ${result.error.message}`);
        }
      },
    );
  }

  /** For `window.canopyDashboard.state()`: pending events are applied first, so the answer is current. */
  state(): DashboardStateView {
    this.#batcher.flushNow();
    return this.store.view();
  }

  toggleOverlay(runId: number, on: boolean): void {
    this.store.setOverlay(runId, on);
    this.#render({ topology: false, metrics: false, state: false, runs: true });
  }

  exportCsv(): void {
    download(exportFileName(this.params.room, 'csv', new Date()), 'text/csv', runsToCsv(this.store.runs.runs()));
  }

  exportJson(): void {
    download(exportFileName(this.params.room, 'json', new Date()), 'application/json', runsToJson(this.params.room, this.store.runs.runs(), new Date()));
  }

  async exportPng(): Promise<void> {
    const png = await chartsPng(`Canopy · room ${this.params.room} · run ${this.store.runs.current ?? '–'}`, this.#charts.canvases());
    if (png !== null) download(exportFileName(this.params.room, 'png', new Date()), 'image/png', png);
  }

  #render(changes: Changes): void {
    const store = this.store;
    const now = performance.now();
    const rows = store.nodes.rows(store.members, store.topology, store.state);
    if (changes.topology) this.#redrawTopology();
    if (changes.topology || changes.state) this.#header.room(store.topology, store.state, rows.length);
    if (changes.state && store.state !== null) this.#controls?.sync(store.state);
    if (changes.state) this.#updateControlsReady();
    if (changes.metrics) this.#traffic.setRates(store.links.current(now));
    if (changes.topology || changes.state || now - this.#lastTable >= TABLE_INTERVAL_MS) {
      this.#lastTable = now;
      this.#table.update(rows);
      this.#topology.refreshNodes(rows);
      this.#runs.update(runViews(store));
    }
    if (changes.metrics || changes.runs || changes.state) this.#updateCharts(changes.runs || changes.state);
  }

  #updateControlsReady(): void {
    const fields = this.#controlFields;
    if (fields === null) return;
    const ready = this.store.connected && this.store.state !== null;
    if (fields.disabled === !ready) return;
    fields.disabled = !ready;
    this.#controls?.waiting(!ready);
  }

  #updateCharts(force: boolean): void {
    const current = this.store.runs.current;
    const run = current === null ? undefined : this.store.runs.get(current);
    const overlays = this.store.runs.runs().filter((r) => this.store.overlays.has(r.runId));
    this.#charts.update(run, overlays, performance.now(), force);
  }

  #redrawTopology(): void {
    const { width, height } = this.#topology.size;
    this.#trafficLayer.resize(width, height);
    this.#topology.render(this.store, this.store.nodes.rows(this.store.members, this.store.topology, this.store.state));
  }

  /** One loop for the dots; it also finishes chart and table updates that were throttled. */
  #animate(): void {
    let last = performance.now();
    const frame = (now: number): void => {
      this.#traffic.advance(now - last);
      last = now;
      this.#trafficLayer.draw(this.#traffic.particles(), this.#topology.segments);
      if (this.#charts.pending) this.#updateCharts(false);
      // Rates go stale when reports stop (paused tabs still report; closed ones do not).
      if (now - this.#lastTable >= 1_000) this.#render({ topology: false, metrics: true, state: false, runs: false });
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  }

  #hoverEdge(edge: DrawnEdge, event: MouseEvent): void {
    const rate = this.store.links.get(edge.from, edge.to, performance.now());
    const names = new Map(this.store.members.map((m) => [m.peerId, m.displayName]));
    this.#tooltip.show(event.clientX, event.clientY, edgeTitle(edge, (peer) => names.get(peer) ?? peer), edgeRows(rate, this.store.state?.faults.loss ?? null, edge));
  }

  #hoverNode(peer: PeerId, event: MouseEvent): void {
    const row = this.store.nodes.rows(this.store.members, this.store.topology, this.store.state).find((r) => r.id === peer);
    if (row !== undefined) this.#tooltip.show(event.clientX, event.clientY, `${row.displayName}${row.isRoot ? ' (root)' : ''} · ${row.id}`, nodeRows(row));
  }

  #clickEdge(edge: DrawnEdge, event: MouseEvent): void {
    const loss = this.store.state?.faults.loss;
    if (loss === undefined || this.#linkEditor === null) return;
    this.#tooltip.hide();
    this.#linkEditor.open(edge, loss, event.clientX, event.clientY);
  }

  #scenarioRoom(): ScenarioRoom | null {
    const state = this.store.state;
    if (state === null) return null;
    return { state, nodes: this.store.nodes.rows(this.store.members, this.store.topology, state) };
  }

  #rollback(runId: number): void {
    const action = rollbackAction(runId);
    if (action.ok) this.#sender?.submit('rollback', action.value);
  }

  #kick(peer: PeerId): void {
    const action = kickAction(peer);
    if (action.ok) this.#sender?.submit(`kick:${peer}`, action.value);
  }

  #straggler(peer: PeerId, factor: number): void {
    const action = stragglerAction(peer, factor);
    if (action.ok) this.#sender?.submit(`straggler:${peer}`, action.value);
    else this.#controls?.report(false, `not sent: ${action.error.message}`);
  }
}
