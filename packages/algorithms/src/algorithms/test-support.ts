/** Hand-made topologies and small drivers for the algorithm unit tests (no simulator involved). */
import type { PeerId, PeerTopology, TopologyKind } from '@canopy/protocol';
import type { AlgorithmNode, GradientResult, IncomingMessage, OutgoingMessage, Vector } from '../node';
import type { NodeRuntimeOptions } from './options';

export interface TreeSpot {
  readonly parent?: PeerId;
  readonly children?: readonly PeerId[];
  readonly epoch?: number;
  readonly size?: number;
  readonly kind?: TopologyKind;
}

/** A peer's view of a two-trees topology with the canonical ½/½ weights (root keeps 1). */
export function treeView(id: PeerId, spot: TreeSpot = {}): PeerTopology {
  const { parent, children = [], epoch = 0, size = 1 + children.length + (parent ? 1 : 0) } = spot;
  const self = parent === undefined ? 1 : 0.5;
  const up = parent === undefined ? [] : [{ peer: parent, weight: 0.5 }];
  return {
    id,
    kind: spot.kind ?? 'two-trees',
    epoch,
    root: parent ?? id,
    size,
    index: 0,
    stepScale: 1 / size,
    pull: { selfWeight: self, in: up, out: children },
    push: { selfWeight: self, out: up, in: children },
  };
}

/** A peer's view of an undirected gossip graph with uniform weights 1/(degree + 1). */
export function gossipView(id: PeerId, neighbours: readonly PeerId[], spot: { epoch?: number; size?: number; kind?: TopologyKind } = {}): PeerTopology {
  const w = 1 / (neighbours.length + 1);
  const weighted = neighbours.map((peer) => ({ peer, weight: w }));
  const size = spot.size ?? neighbours.length + 1;
  return {
    id,
    kind: spot.kind ?? 'ring',
    epoch: spot.epoch ?? 0,
    root: id,
    size,
    index: 0,
    stepScale: 1,
    pull: { selfWeight: w, in: weighted, out: [...neighbours] },
    push: { selfWeight: w, out: weighted, in: [...neighbours] },
  };
}

export function options(topology: PeerTopology, x0: readonly number[], extra: Partial<NodeRuntimeOptions> = {}): NodeRuntimeOptions {
  return { topology, x0: Float64Array.from(x0), learningRate: 1, precision: 'f64', random: () => 0, ...extra };
}

/** Runs one plan()/complete() with the gradient `grad(at)`; fails the test if the node waits. */
export function step(node: AlgorithmNode, grad: (at: Vector) => readonly number[]): OutgoingMessage[] {
  const plan = node.plan();
  if (plan.kind !== 'gradient') throw new Error(`expected a gradient plan, got wait: ${plan.reason}`);
  const result: GradientResult = { grads: plan.at.map((at) => Float64Array.from(grad(at))), loss: 0 };
  return node.complete(result);
}

export const constant = (values: readonly number[]) => (): readonly number[] => values;

/** Delivers an outgoing message from `from` as an incoming one. */
export function deliver(to: AlgorithmNode, from: PeerId, message: OutgoingMessage): ReturnType<AlgorithmNode['receive']> {
  const incoming: IncomingMessage = { from, kind: message.kind, epoch: message.epoch, seq: message.seq, echo: message.echo, payload: message.payload, encoded: message.encoded };
  return to.receive(incoming);
}

export function incoming(from: PeerId, kind: IncomingMessage['kind'], payload: readonly number[], extra: { epoch?: number; seq?: number } = {}): IncomingMessage {
  return { from, kind, epoch: extra.epoch ?? 0, seq: extra.seq ?? 0, payload: Float64Array.from(payload) };
}

export function toArray(v: Vector | Readonly<Float64Array>): number[] {
  return Array.from(v as Float64Array);
}

export function only<T>(items: readonly T[], predicate: (item: T) => boolean): T {
  const found = items.filter(predicate);
  if (found.length !== 1) throw new Error(`expected exactly one match, found ${found.length}`);
  return found[0] as T;
}
