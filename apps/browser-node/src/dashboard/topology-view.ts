/**
 * Both trees as SVG: pull edges solid blue (parent → child, models), push edges dashed orange (child →
 * parent, trackers), side by side; the root ringed. Redrawn only when the topology, the layout or the size
 * changes; per-sample updates touch only the node captions and classes. Elements carry data-* attributes
 * (data-peer, data-edge, data-from, data-to) that the end-to-end tests read.
 */
import type { PeerId } from '@canopy/protocol';
import { svg } from './dom';
import { edgeOffsets, edgesByPair, pairKey, type DrawnEdge } from './edges';
import { formatPercent } from './format';
import { edgeSegment, fitLayout, type Segment } from './geometry';
import type { Point } from './layout';
import type { NodeRow } from './node-stats';
import type { DashboardStore } from './store';

export const NODE_RADIUS = 17;
const EDGE_SPACING = 7;
/** Clear of the root's outer ring. */
const CAPTION_X = NODE_RADIUS + 9;
/** Room for "tab-12 (root)" right of a node. */
const CAPTION_WIDTH = 96;

export interface DrawnSegment {
  readonly edge: DrawnEdge;
  readonly segment: Segment;
}

export interface TopologyViewHandlers {
  hoverEdge(edge: DrawnEdge, event: MouseEvent): void;
  hoverNode(peer: PeerId, event: MouseEvent): void;
  leave(): void;
  /** Only wired on an admin dashboard. */
  clickEdge?(edge: DrawnEdge, event: MouseEvent): void;
  clickNode?(peer: PeerId, event: MouseEvent): void;
}

const unorderedPair = (a: PeerId, b: PeerId): string => (a < b ? `${a} ${b}` : `${b} ${a}`);

const caption = (name: string): string => (name.length > 12 ? `${name.slice(0, 11)}…` : name);

export class TopologyView {
  readonly #svg: SVGSVGElement;
  readonly #nodes = new Map<PeerId, { group: SVGGElement; detail: SVGTextElement }>();
  /** By directed pair: where the traffic layer draws that link's dots. */
  #segments = new Map<string, DrawnSegment>();
  #screen = new Map<PeerId, Point>();
  /** Every drawn edge's group with its unordered pair, to mark relayed and stalled links per sample. */
  #edgeGroups: { readonly pair: string; readonly group: SVGGElement }[] = [];

  constructor(
    private readonly stage: HTMLElement,
    private readonly handlers: TopologyViewHandlers,
  ) {
    this.#svg = svg('svg', { class: 'topology', role: 'img', 'aria-label': 'pull and push trees' });
    stage.prepend(this.#svg);
  }

  get segments(): ReadonlyMap<string, DrawnSegment> {
    return this.#segments;
  }

  get size(): { width: number; height: number } {
    return { width: this.stage.clientWidth, height: this.stage.clientHeight };
  }

  render(store: DashboardStore, rows: readonly NodeRow[]): void {
    const { width, height } = this.size;
    this.#svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    const tree = store.layout.kind === 'two-trees';
    this.#screen = fitLayout(store.layout.positions, {
      width,
      height,
      padding: NODE_RADIUS + 16,
      captionWidth: CAPTION_WIDTH,
      maxUnit: tree ? 220 : 160,
      maxRowUnit: 130,
      uniform: !tree,
    });
    const offsets = edgeOffsets(store.edges, EDGE_SPACING);
    const edgeGroup = svg('g', { class: 'edges' });
    const segments = new Map<string, DrawnSegment>();
    const carrier = edgesByPair(store.edges);
    this.#edgeGroups = [];
    for (const edge of [...store.edges.pull, ...store.edges.push]) {
      const a = this.#screen.get(edge.from);
      const b = this.#screen.get(edge.to);
      if (a === undefined || b === undefined) continue;
      const segment = edgeSegment(edge.from, edge.to, a, b, offsets.get(edge.key) ?? 0, NODE_RADIUS + 3);
      const pair = pairKey(edge.from, edge.to);
      if (carrier.get(pair) === edge) segments.set(pair, { edge, segment });
      const group = this.#edgeElement(edge, segment);
      this.#edgeGroups.push({ pair: unorderedPair(edge.from, edge.to), group });
      edgeGroup.append(group);
    }
    this.#segments = segments;
    const nodeGroup = svg('g', { class: 'nodes' });
    this.#nodes.clear();
    rows.forEach((row, index) => {
      const at = this.#screen.get(row.id);
      if (at !== undefined) nodeGroup.append(this.#nodeElement(row, index + 1, at));
    });
    this.#svg.replaceChildren(defs(), edgeGroup, nodeGroup);
    this.refreshNodes(rows);
  }

  /** Cheap per-sample update: captions and classes only. */
  refreshNodes(rows: readonly NodeRow[]): void {
    // A link is relayed or stalled as either end reports it (one WebRTC connection carries both trees' edges).
    const relayed = new Set<string>();
    const stalled = new Set<string>();
    for (const row of rows) {
      for (const peer of row.links?.relayed ?? []) relayed.add(unorderedPair(row.id, peer));
      for (const peer of row.links?.stalled ?? []) stalled.add(unorderedPair(row.id, peer));
    }
    for (const { pair, group } of this.#edgeGroups) {
      group.classList.toggle('relayed', relayed.has(pair));
      group.classList.toggle('stalled', stalled.has(pair));
    }
    for (const row of rows) {
      const node = this.#nodes.get(row.id);
      if (node === undefined) continue;
      node.detail.textContent = `${formatPercent(row.heldOutAccuracy, 0)} acc.`;
      node.group.classList.toggle('straggler', row.stragglerFactor > 1);
      node.group.classList.toggle('silent', row.lastSeenAt === null);
    }
  }

  #edgeElement(edge: DrawnEdge, s: Segment): SVGGElement {
    const attributes = { x1: s.x1, y1: s.y1, x2: s.x2, y2: s.y2 };
    const visible = svg('line', { ...attributes, class: `edge ${edge.kind}`, 'marker-end': `url(#arrow-${edge.kind})` });
    // A wide transparent twin: a 2 px line is too thin to hover or click.
    const hit = svg('line', { ...attributes, class: 'edge-hit' });
    const group = svg('g', { 'data-edge': edge.kind, 'data-from': edge.from, 'data-to': edge.to, class: this.handlers.clickEdge ? 'clickable' : undefined }, visible, hit);
    group.addEventListener('mousemove', (event) => this.handlers.hoverEdge(edge, event));
    group.addEventListener('mouseleave', () => this.handlers.leave());
    const click = this.handlers.clickEdge;
    if (click !== undefined) group.addEventListener('click', (event) => click(edge, event));
    return group;
  }

  #nodeElement(row: NodeRow, number: number, at: Point): SVGGElement {
    // Captions sit to the right: in a tree, edges leave a node upwards and downwards, rarely sideways.
    const detail = svg('text', { class: 'node-detail', x: CAPTION_X, y: 15 });
    const group = svg(
      'g',
      { class: `node${row.isRoot ? ' root' : ''}${this.handlers.clickNode ? ' clickable' : ''}`, 'data-peer': row.id, transform: `translate(${at.x.toFixed(1)},${at.y.toFixed(1)})` },
      row.isRoot ? svg('circle', { class: 'root-ring', r: NODE_RADIUS + 5 }) : null,
      svg('circle', { class: 'node-disc', r: NODE_RADIUS }),
      // The same number as the node table's first column, to point at a node out loud.
      svg('text', { class: 'node-number', 'text-anchor': 'middle', dy: '0.35em' }, String(number)),
      svg('text', { class: 'node-label', x: CAPTION_X, y: -3 }, row.isRoot ? `${caption(row.displayName)} (root)` : caption(row.displayName)),
      detail,
    );
    group.addEventListener('mousemove', (event) => this.handlers.hoverNode(row.id, event));
    group.addEventListener('mouseleave', () => this.handlers.leave());
    const click = this.handlers.clickNode;
    if (click !== undefined) group.addEventListener('click', (event) => click(row.id, event));
    this.#nodes.set(row.id, { group, detail });
    return group;
  }
}

function defs(): SVGDefsElement {
  const marker = (kind: 'pull' | 'push'): SVGMarkerElement =>
    svg(
      'marker',
      // In user units: a marker scaled by the stroke width would hide short edges (a 16-node ring).
      { id: `arrow-${kind}`, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 9, markerHeight: 9, markerUnits: 'userSpaceOnUse', orient: 'auto-start-reverse' },
      svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: `arrow ${kind}` }),
    );
  return svg('defs', {}, marker('pull'), marker('push'));
}
