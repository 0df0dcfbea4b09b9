/**
 * Keeps one WebRTC connection per tree edge in step with the topology: on each epoch, links to peers that
 * are no longer neighbours are torn down and links to new neighbours are created (the lower peer id offers).
 * Links to peers that stay neighbours are left alone, so a new epoch, or a signaling server restart, does
 * not interrupt them. Signals are relayed through the signaling server; signals from a peer that is not a
 * neighbour yet (its topology push arrived first) are held briefly, bounded.
 */
import type { PeerId, PeerTopology, SignalData, SignalDelivery } from '@canopy/protocol';
import type { FrameChannel } from './channel';
import type { Emitter } from './emitter';
import type { ChannelDiagnostics, StalledLink } from './link-diagnosis';
import type { Mesh } from './mesh';
import { isInitiator, neighboursOf } from './neighbours';
import type { SignalingChannelEvents } from './simple-peer-channel';
import type { Timers } from './timers';

/** A FrameChannel that is set up by exchanging signals (SimplePeerChannel, or a fake in tests). */
export interface SignalingChannel extends FrameChannel {
  readonly outgoing: Emitter<SignalingChannelEvents>;
  signal(data: SignalData): void;
  /** What the connection attempt saw (SimplePeerChannel); absent in fakes. */
  diagnostics?(): ChannelDiagnostics;
}

export interface PeerConnectorOptions {
  readonly self: PeerId;
  readonly mesh: Mesh;
  readonly timers: Timers;
  /** Relays a signal to `to` through the signaling server. */
  readonly relay: (to: PeerId, data: SignalData) => void;
  readonly createChannel: (peer: PeerId, initiator: boolean) => SignalingChannel;
  /** An offer not answered with an open channel by then is retried (default 15 s). */
  readonly connectTimeoutMs?: number;
  /** Wait before re-offering after a link to a neighbour closed (default 1 s, doubling up to 16 s). */
  readonly retryDelayMs?: number;
  /**
   * How long a link to a peer that stopped being a neighbour is kept before it is torn down (default 10 s).
   * While a restarted server rebuilds the room from returning tabs, topologies pass through partial states:
   * a link that is needed again shortly afterwards is kept instead of renegotiated. The algorithm ignores
   * a non-neighbour's messages meanwhile.
   */
  readonly lingerMs?: number;
}

interface Connection {
  readonly channel: SignalingChannel;
  readonly initiator: boolean;
  /** Whether the responder side has already been given an offer (a second one means the peer restarted). */
  offered: boolean;
  attempt: number;
}

interface HeldSignal {
  readonly data: SignalData;
  readonly at: number;
}

const HELD_SIGNAL_MAX_AGE_MS = 30_000;
const HELD_SIGNALS_PER_PEER = 64;
const HELD_PEERS = 32;

export class PeerConnector {
  readonly #connections = new Map<PeerId, Connection>();
  readonly #held = new Map<PeerId, HeldSignal[]>();
  #neighbours = new Set<PeerId>();
  #closed = false;
  /** Signals dropped because they came from a peer that never became a neighbour in time. */
  droppedSignals = 0;
  /** Per neighbour whose link is not open: since when it has been trying (cleared when it opens). */
  readonly #tryingSince = new Map<PeerId, number>();
  /** Per neighbour: how its last attempt ended. */
  readonly #lastFailure = new Map<PeerId, string>();

  constructor(private readonly options: PeerConnectorOptions) {}

  get neighbours(): ReadonlySet<PeerId> {
    return this.#neighbours;
  }

  setTopology(topology: PeerTopology): void {
    this.#neighbours = neighboursOf(topology);
    for (const [peer, connection] of this.#connections) {
      if (!this.#neighbours.has(peer)) void this.#linger(peer, connection);
    }
    for (const peer of this.#neighbours) {
      if (!this.#connections.has(peer)) this.#connect(peer, 0);
    }
  }

  /** A signal relayed from `delivery.from`. */
  onSignal(delivery: SignalDelivery): void {
    const { from, data } = delivery;
    const connection = this.#connections.get(from);
    if (connection === undefined) {
      this.#hold(from, data);
      return;
    }
    if (data.type === 'offer' && !connection.initiator) {
      // A second offer, or one for a link we saw close, means the initiator started over: so do we.
      if (connection.offered || connection.channel.state === 'closed') {
        this.#connect(from, 0).offered = true;
      } else {
        connection.offered = true;
      }
    }
    this.#connections.get(from)?.channel.signal(data);
  }

  /** Links to current neighbours that are not open, with what is known of why (link-diagnosis.ts). */
  stalledLinks(): StalledLink[] {
    const stalled: StalledLink[] = [];
    for (const [peer, since] of this.#tryingSince) {
      const connection = this.#connections.get(peer);
      if (!this.#neighbours.has(peer) || connection?.channel.state === 'open') continue;
      stalled.push({ peer, tryingSinceMs: since, lastFailure: this.#lastFailure.get(peer) ?? null, diagnostics: connection?.channel.diagnostics?.() ?? null });
    }
    return stalled;
  }

  close(): void {
    this.#closed = true;
    for (const peer of [...this.#connections.keys()]) this.#disconnect(peer);
    this.#held.clear();
  }

  #connect(peer: PeerId, attempt: number): Connection {
    const initiator = isInitiator(this.options.self, peer);
    const channel = this.options.createChannel(peer, initiator);
    const connection: Connection = { channel, initiator, offered: false, attempt };
    this.#connections.set(peer, connection);
    this.options.mesh.attach(peer, channel);
    channel.outgoing.on('signal', (data) => this.options.relay(peer, data));
    if (!this.#tryingSince.has(peer)) this.#tryingSince.set(peer, this.options.timers.now());
    channel.events.on('open', () => {
      this.#tryingSince.delete(peer);
      this.#lastFailure.delete(peer);
    });
    channel.events.on('close', (reason) => {
      if (this.#connections.get(peer) === connection && this.#neighbours.has(peer)) {
        this.#lastFailure.set(peer, reason);
        if (!this.#tryingSince.has(peer)) this.#tryingSince.set(peer, this.options.timers.now());
      }
      void this.#onClosed(peer, connection);
    });
    for (const held of this.#takeHeld(peer)) this.onSignal({ from: peer, data: held.data });
    if (initiator) void this.#watchConnect(peer, connection);
    return connection;
  }

  /** Tears the link down unless the peer became a neighbour again in the meantime. */
  async #linger(peer: PeerId, connection: Connection): Promise<void> {
    const lingerMs = this.options.lingerMs ?? 10_000;
    if (lingerMs > 0) await this.options.timers.sleep(lingerMs);
    if (this.#connections.get(peer) === connection && !this.#neighbours.has(peer)) this.#disconnect(peer);
  }

  #disconnect(peer: PeerId): void {
    this.#connections.delete(peer);
    this.#tryingSince.delete(peer);
    this.#lastFailure.delete(peer);
    this.options.mesh.detach(peer);
  }

  /** The initiator retries a connection that does not open in time. */
  async #watchConnect(peer: PeerId, connection: Connection): Promise<void> {
    await this.options.timers.sleep(this.options.connectTimeoutMs ?? 15_000);
    if (this.#connections.get(peer) === connection && connection.channel.state === 'connecting') {
      console.warn(`link ${peer}: no connection after ${this.options.connectTimeoutMs ?? 15_000} ms; retrying`);
      connection.channel.close(); // → #onClosed → retry
    }
  }

  async #onClosed(peer: PeerId, connection: Connection): Promise<void> {
    if (this.#closed || this.#connections.get(peer) !== connection || !connection.initiator) return;
    const delay = Math.min(16_000, (this.options.retryDelayMs ?? 1_000) * 2 ** connection.attempt);
    await this.options.timers.sleep(delay);
    if (this.#closed || this.#connections.get(peer) !== connection || !this.#neighbours.has(peer)) return;
    this.#connect(peer, connection.attempt + 1);
  }

  #hold(from: PeerId, data: SignalData): void {
    const now = this.options.timers.now();
    const list = (this.#held.get(from) ?? []).filter((held) => now - held.at < HELD_SIGNAL_MAX_AGE_MS);
    if (data.type === 'offer') list.length = 0; // a new offer supersedes an older attempt's signals
    list.push({ data, at: now });
    if (list.length > HELD_SIGNALS_PER_PEER) {
      list.shift();
      this.droppedSignals++;
    }
    this.#held.delete(from);
    this.#held.set(from, list);
    while (this.#held.size > HELD_PEERS) {
      const oldest = this.#held.keys().next().value as PeerId;
      this.droppedSignals += this.#held.get(oldest)?.length ?? 0;
      this.#held.delete(oldest);
    }
  }

  #takeHeld(peer: PeerId): HeldSignal[] {
    const list = this.#held.get(peer) ?? [];
    this.#held.delete(peer);
    const now = this.options.timers.now();
    return list.filter((held) => now - held.at < HELD_SIGNAL_MAX_AGE_MS);
  }
}
