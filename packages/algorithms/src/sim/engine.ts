/**
 * The discrete-event engine: virtual time, node activations (plan → compute delay → complete), messages with
 * per-link delay and loss, retransmission ticks for blocked synchronous nodes, and membership changes.
 * Everything random comes from seeded streams, and ties in time resolve in scheduling order: a config and a
 * seed reproduce a run exactly.
 */
import type { PeerId, Topology } from '@canopy/protocol';
import { createNode } from '../algorithms/factory';
import type { RejectionCounts } from '../algorithms/screening';
import type { AlgorithmNode, IncomingMessage, OutgoingMessage, RejectReason, Vector } from '../node';
import { addPeer, peerView, removePeer } from '../topology/index';
import { ByzantineRewriter } from './byzantine';
import type { MembershipEvent, ResolvedConfig } from './config';
import { EventQueue } from './event-queue';
import type { Counters, MetricSample } from './metrics';
import { MetricsProbe } from './metrics';
import { LinkQueues, shapes } from './link-queues';
import { directedLinkKey, Network } from './network';
import { peerIdOf, type NodeSlot, type SlotState } from './node-slot';
import { PayloadPool } from './payload-pool';
import { isConvex, type Optimum, type TrainingProblem } from './problems/problem';
import { createRandom, type Random } from './random';
import { chunkCount, wireBytes } from './wire';

type SimEvent =
  | { readonly type: 'complete'; readonly slot: NodeSlot; readonly token: number }
  | { readonly type: 'deliver'; readonly from: NodeSlot; readonly to: NodeSlot; readonly message: IncomingMessage }
  | { readonly type: 'retransmit'; readonly slot: NodeSlot; readonly token: number }
  | { readonly type: 'membership'; readonly event: MembershipEvent }
  | { readonly type: 'pump'; readonly from: NodeSlot; readonly to: NodeSlot };

const linkKey = (from: NodeSlot, to: NodeSlot): number => directedLinkKey(from.index, to.index);

/** What a hook sees (a live view: read it during the call, do not keep it). */
export interface SimState {
  readonly time: number;
  readonly activations: number;
  readonly epoch: number;
  readonly topology: Topology;
  /** The current members' nodes. */
  readonly nodes: readonly AlgorithmNode[];
}

export interface SimHooks {
  onProgress?(fraction: number): void;
  /** Called after every completed activation (lets a test check the invariant at every step). */
  afterActivation?(state: SimState): void;
  /** Ends the run early after a sample for which it returns true (e.g. a target reached: benchmarks). */
  stopWhen?(sample: MetricSample): boolean;
}

export interface EngineSetup {
  readonly config: ResolvedConfig;
  readonly problem: TrainingProblem;
  readonly learningRate: number;
  readonly random: Random;
  /** The initial topology (epoch 0) over the initial nodes. */
  readonly topology: Topology;
}

const PROGRESS_STEPS = 100;

export class Engine implements SimState {
  time = 0;
  topology: Topology;
  readonly counters: Counters = { activations: 0, messagesSent: 0, messagesLost: 0, messagesRejected: 0, bytesSent: 0 };
  readonly rejections: Partial<Record<RejectReason, number>> = {};
  readonly samples: MetricSample[] = [];
  /** Peers evicted because an honest neighbour quarantined them (byzantine runs), with the virtual time. */
  readonly evictions: { readonly peer: PeerId; readonly at: number }[] = [];

  private readonly queue = new EventQueue<SimEvent>();
  private readonly pool = new PayloadPool();
  private readonly network: Network;
  /** Pacing and bandwidth per directed link; undefined when the config shapes nothing (messages leave at once). */
  private readonly queues: LinkQueues<OutgoingMessage> | undefined;
  /** The pump booked per shaped link. */
  private readonly pumpsAt = new Map<number, number>();
  private readonly probe: MetricsProbe;
  private readonly slots: NodeSlot[] = [];
  private readonly byPeer = new Map<PeerId, NodeSlot>();
  private members: NodeSlot[] = [];
  private memberNodes: AlgorithmNode[] = [];
  /** The members whose models the metrics describe: all of them, less the attackers. */
  private honestNodes: AlgorithmNode[] = [];
  private honestShards: number[] = [];
  private readonly attackers = new Map<number, ByzantineRewriter>();
  private optimum: Optimum | undefined;
  private nextJoinIndex: number;
  private readonly slotRandom: Random;
  private readonly nodeRandom: Random;

  constructor(
    private readonly setup: EngineSetup,
    private readonly hooks: SimHooks,
  ) {
    const { config, random } = setup;
    this.network = new Network(config.delay, config.loss, random.fork());
    const messageBytes = (m: OutgoingMessage): number => wireBytes(m.encoded?.byteLength ?? m.payload.byteLength);
    this.queues = shapes(config.links) ? new LinkQueues<OutgoingMessage>(config.links, messageBytes) : undefined;
    this.slotRandom = random.fork();
    this.nodeRandom = random.fork();
    this.probe = new MetricsProbe(setup.problem);
    const n = config.source.nodes;
    const byzantine = config.source.byzantine;
    const attackRandom = random.fork();
    for (const index of byzantine?.nodes ?? []) this.attackers.set(index, new ByzantineRewriter(byzantine!.mode, attackRandom.fork()));
    this.nextJoinIndex = n;
    this.topology = setup.topology;
    for (let i = 0; i < n; i++) this.addSlot(i, false);
    this.refreshMembers();
    for (const event of config.events) this.queue.push(event.at, { type: 'membership', event });
  }

  get activations(): number {
    return this.counters.activations;
  }

  get epoch(): number {
    return this.topology.epoch;
  }

  get nodes(): readonly AlgorithmNode[] {
    return this.memberNodes;
  }

  /** Runs to the configured duration (or until hooks.stopWhen) and returns the samples (the last one at exactly `duration` unless stopped). */
  run(): MetricSample[] {
    const { duration } = this.setup.config.source;
    const { sampleEvery } = this.setup.config;
    for (const slot of this.members) this.activate(slot);
    let sampleIndex = 0;
    let nextProgress = 1;
    const progressStep = duration / PROGRESS_STEPS;
    for (;;) {
      const t = this.queue.peekTime();
      if (t > duration) break;
      while (sampleIndex * sampleEvery <= t) {
        this.sample(sampleIndex++ * sampleEvery);
        if (this.hooks.stopWhen?.(this.samples.at(-1) as MetricSample) === true) return this.stopped();
      }
      const event = this.queue.pop() as SimEvent;
      this.time = t;
      this.handle(event);
      if (this.hooks.onProgress && t >= nextProgress * progressStep) {
        nextProgress = Math.floor(t / progressStep) + 1;
        this.hooks.onProgress(Math.min(1, t / duration));
      }
    }
    while (sampleIndex * sampleEvery < duration) this.sample(sampleIndex++ * sampleEvery);
    this.sample(duration);
    this.hooks.onProgress?.(1);
    return this.samples;
  }

  private stopped(): MetricSample[] {
    this.hooks.onProgress?.(1);
    return this.samples;
  }

  rejectionCounts(): RejectionCounts {
    return { ...this.rejections };
  }

  private handle(event: SimEvent): void {
    switch (event.type) {
      case 'complete':
        return this.onComplete(event.slot, event.token);
      case 'deliver':
        return this.onDeliver(event.from, event.to, event.message);
      case 'retransmit':
        return this.onRetransmitTick(event.slot, event.token);
      case 'membership':
        return this.onMembership(event.event);
      case 'pump':
        return this.onPump(event.from, event.to);
    }
  }

  private onComplete(slot: NodeSlot, token: number): void {
    if (!slot.alive || slot.token !== token) return;
    slot.state = 'idle';
    const messages = slot.node.complete({ grads: slot.grads, loss: slot.loss, losses: slot.losses });
    this.counters.activations++;
    this.send(slot, messages);
    this.hooks.afterActivation?.(this);
    this.activate(slot);
  }

  private onDeliver(from: NodeSlot, to: NodeSlot, message: IncomingMessage): void {
    if (!to.alive || from.crashed) {
      // The receiver is gone, or the sender crashed with this packet in flight.
      this.counters.messagesLost++;
      this.pool.release(message.payload);
      return;
    }
    const result = to.node.receive(message);
    this.pool.release(message.payload);
    if (!result.accepted) {
      this.counters.messagesRejected++;
      this.rejections[result.reason] = (this.rejections[result.reason] ?? 0) + 1;
      if (result.reason === 'screened' && this.attackers.size > 0) this.evictQuarantined(to);
      return;
    }
    if (result.replies.length > 0) this.send(to, result.replies);
    if (to.state === 'waiting') this.activate(to);
  }

  /** The server's part: a peer that an honest node has quarantined leaves the room (a new epoch). */
  private evictQuarantined(by: NodeSlot): void {
    if (this.attackers.has(by.index)) return; // an attacker's reports are not believed
    for (const peer of by.node.quarantined?.() ?? []) {
      const slot = this.byPeer.get(peer);
      if (slot === undefined || !slot.alive) continue;
      this.evictions.push({ peer, at: this.time });
      this.onMembership({ at: this.time, kind: 'crash', node: slot.index });
    }
  }

  private onRetransmitTick(slot: NodeSlot, token: number): void {
    if (!slot.alive || slot.token !== token || slot.state !== 'waiting') return;
    slot.state = 'idle';
    if (this.activate(slot) === 'waiting') this.send(slot, slot.node.retransmit?.() ?? []);
  }

  /** Asks the node what to do next: compute a gradient (completion scheduled), or wait (timeout scheduled). */
  private activate(slot: NodeSlot): SlotState {
    const plan = slot.node.plan();
    if (plan.kind === 'gradient') {
      this.computeGradients(slot, plan.at, plan.batch);
      slot.state = 'computing';
      slot.token++;
      this.queue.push(this.time + this.computeTime(slot), { type: 'complete', slot, token: slot.token });
      return slot.state;
    }
    if (slot.state === 'waiting') return slot.state;
    slot.state = 'waiting';
    slot.token++;
    this.queue.push(this.time + this.setup.config.retransmitTimeout, { type: 'retransmit', slot, token: slot.token });
    return slot.state;
  }

  private computeGradients(slot: NodeSlot, at: readonly Vector[], batch: 'minibatch' | 'full'): void {
    const { problem, config } = this.setup;
    while (slot.grads.length < at.length) {
      slot.grads.push(config.precision === 'f32' ? new Float32Array(problem.dimension) : new Float64Array(problem.dimension));
    }
    if (slot.grads.length > at.length) slot.grads.length = at.length;
    slot.losses.length = at.length;
    if (at.length === 1) {
      slot.loss = problem.gradient(slot.index, at[0] as Vector, slot.grads[0] as Vector, batch, slot.random);
      slot.losses[0] = slot.loss;
      return;
    }
    // Several points share one minibatch (SYNTHESIS): replay the same sampling stream for each.
    const seed = slot.random.int(2 ** 31);
    at.forEach((point, i) => {
      const loss = problem.gradient(slot.index, point, slot.grads[i] as Vector, batch, createRandom(seed));
      slot.losses[i] = loss;
      if (i === 0) slot.loss = loss;
    });
  }

  private computeTime(slot: NodeSlot): number {
    const { base, jitter } = this.setup.config.compute;
    const noise = 1 + jitter * (2 * slot.random.next() - 1);
    return base * slot.slowness * Math.max(noise, 1e-3);
  }

  private send(from: NodeSlot, messages: readonly OutgoingMessage[]): void {
    const count = messages.length;
    if (count === 0) return;
    this.attackers.get(from.index)?.rewrite(messages);
    // Retain first: messages may share one payload, which must not return to the pool before the last copy.
    for (let i = 0; i < count; i++) this.pool.retain((messages[i] as OutgoingMessage).payload);
    const queues = this.queues;
    if (queues === undefined) {
      for (let i = 0; i < count; i++) this.transmit(from, messages[i] as OutgoingMessage, this.time);
      return;
    }
    const touched = new Set<NodeSlot>();
    for (const m of messages) {
      const to = this.byPeer.get(m.to);
      if (to === undefined || !to.alive) {
        this.transmit(from, m, this.time); // counted as sent and lost, as without shaping
        continue;
      }
      for (const superseded of queues.offer(linkKey(from, to), m)) this.pool.release(superseded.payload);
      touched.add(to);
    }
    for (const to of touched) this.pumpLink(from, to);
  }

  /** Sends what the shaped link from → to may send now, and books the next pump if it still holds some. */
  private pumpLink(from: NodeSlot, to: NodeSlot): void {
    const queues = this.queues as LinkQueues<OutgoingMessage>;
    const key = linkKey(from, to);
    const { departures, next } = queues.pump(key, this.time);
    for (const { message, sentAt } of departures) this.transmit(from, message, sentAt);
    if (next === undefined || (this.pumpsAt.get(key) ?? Number.POSITIVE_INFINITY) <= next) return;
    this.pumpsAt.set(key, next);
    this.queue.push(next, { type: 'pump', from, to });
  }

  private onPump(from: NodeSlot, to: NodeSlot): void {
    const key = linkKey(from, to);
    if (this.pumpsAt.get(key) === this.time) this.pumpsAt.delete(key);
    if (!from.alive) {
      // A departed sender's link is closed: what it held never leaves.
      for (const held of (this.queues as LinkQueues<OutgoingMessage>).drain(key)) {
        this.counters.messagesLost++;
        this.pool.release(held.payload);
      }
      return;
    }
    this.pumpLink(from, to);
  }

  /** One message leaves `from` with its last byte on the wire at `sentAt`: lost, or delivered after the link delay. */
  private transmit(from: NodeSlot, m: OutgoingMessage, sentAt: number): void {
    // A compressed message travels as its encoded bytes (its payload is then empty).
    const bytes = m.encoded?.byteLength ?? m.payload.byteLength;
    this.counters.messagesSent++;
    this.counters.bytesSent += wireBytes(bytes);
    const to = this.byPeer.get(m.to);
    if (to === undefined || !to.alive || this.isLost(from.index, to.index, bytes)) {
      this.counters.messagesLost++;
      this.pool.release(m.payload);
      return;
    }
    const message: IncomingMessage = { from: from.peer, kind: m.kind, epoch: m.epoch, seq: m.seq, echo: m.echo, payload: m.payload, encoded: m.encoded };
    this.queue.push(sentAt + this.network.delay(), { type: 'deliver', from, to, message });
  }

  /** A chunked message is lost when any of its chunks is. */
  private isLost(from: number, to: number, bytes: number): boolean {
    const chunks = chunkCount(bytes);
    let lost = false;
    for (let c = 0; c < chunks; c++) if (this.network.lost(from, to)) lost = true;
    return lost;
  }

  private onMembership(event: MembershipEvent): void {
    const fanOut = this.setup.config.source.fanOut;
    if (event.kind === 'join') {
      const index = this.nextJoinIndex++;
      this.topology = addPeer(this.topology, peerIdOf(index), { fanOut });
      const others = [...this.members];
      const joiner = this.addSlot(index, true);
      this.refreshMembers();
      this.broadcastTopology(others);
      this.activate(joiner);
      return;
    }
    const slot = this.slots[event.node];
    if (slot === undefined || !slot.alive) {
      throw new RangeError(`${event.kind} at time ${event.at}: node ${event.node} is not a member then`);
    }
    slot.alive = false;
    slot.crashed = event.kind === 'crash';
    this.topology = removePeer(this.topology, slot.peer, { fanOut });
    this.refreshMembers();
    this.broadcastTopology(this.members);
  }

  /** Every listed member learns the new epoch; blocked ones re-plan (the new epoch may unblock them). */
  private broadcastTopology(slots: readonly NodeSlot[]): void {
    for (const slot of slots) this.send(slot, slot.node.setTopology(peerView(this.topology, slot.peer)));
    for (const slot of slots) if (slot.state === 'waiting') this.activate(slot);
  }

  private addSlot(index: number, joining: boolean): NodeSlot {
    const { config, problem, learningRate } = this.setup;
    const peer = peerIdOf(index);
    const random = this.nodeRandom.fork();
    const node = createNode(config.source.algorithm, {
      topology: peerView(this.topology, peer),
      x0: problem.start,
      learningRate,
      precision: config.precision,
      random: () => random.next(),
      joinFromParent: joining,
      allocate: this.pool.acquire,
      ...(config.source.compression !== undefined ? { compression: config.source.compression } : {}),
      ...(config.source.params !== undefined ? { params: config.source.params } : {}),
    });
    const straggler = config.compute.stragglers.find((s) => s.node === index);
    const slot: NodeSlot = {
      index,
      peer,
      node,
      random: this.slotRandom.fork(),
      slowness: straggler?.factor ?? 1,
      alive: true,
      crashed: false,
      state: 'idle',
      token: 0,
      grads: [],
      loss: Number.NaN,
      losses: [],
    };
    this.slots[index] = slot;
    this.byPeer.set(peer, slot);
    return slot;
  }

  private refreshMembers(): void {
    this.members = this.slots.filter((s) => s.alive);
    this.memberNodes = this.members.map((s) => s.node);
    const honest = this.members.filter((s) => !this.attackers.has(s.index));
    this.honestNodes = honest.map((s) => s.node);
    this.honestShards = honest.map((s) => s.index);
    const { problem } = this.setup;
    this.optimum = this.setup.config.solveOptimum && isConvex(problem) ? problem.optimum(this.honestShards) : undefined;
  }

  private sample(time: number): void {
    const snapshot = { time, epoch: this.topology.epoch, nodes: this.honestNodes, shards: this.honestShards, counters: this.counters };
    this.samples.push(this.probe.measure(snapshot, this.optimum));
  }
}
