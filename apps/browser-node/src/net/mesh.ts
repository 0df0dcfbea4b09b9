/**
 * All of this node's links, keyed by neighbour. Outgoing messages pass the fault injector (dropped whole,
 * or delayed on a worker timer), are encoded into frames at once (a snapshot of the vector), and are
 * offered to the link's latest-wins sender. Incoming frames are reassembled per link and emitted whole.
 */
import type { IncomingMessage, OutgoingMessage } from '@canopy/algorithms';
import { DEFAULT_MAX_CHUNK_BYTES, encodeMessage, type PeerId, type ReassemblerOptions } from '@canopy/protocol';
import type { ChannelState, FrameChannel } from './channel';
import { Emitter } from './emitter';
import type { FaultInjector } from './fault-injector';
import { Link } from './link';
import type { EncodedMessage } from './link-sender';
import { addLinkStats, emptyLinkStats, type LinkStats } from './link-stats';
import { warnOnDecade } from './rate-limited-warn';
import type { Timers } from './timers';

export type MeshEvents = {
  message: [message: IncomingMessage, link: Link];
  'link-state': [peer: PeerId, state: ChannelState];
};

export interface MeshOptions {
  readonly injector: FaultInjector;
  readonly timers: Timers;
  /** Largest frame, header included (default 64 KiB; always capped by the channel's max message size). */
  readonly maxChunkBytes?: number;
  readonly reassembler?: ReassemblerOptions;
}

/** The frame flags value of a run (see Mesh.#runTag). */
export function runTagOf(runId: number): number {
  return runId & 0x7f;
}

export class Mesh {
  readonly events = new Emitter<MeshEvents>();
  /** Messages addressed to a peer we have no link to (a topology race): dropped and counted. */
  unroutable = 0;
  /** Counters of links already torn down, so the node's totals never go backwards. */
  readonly retired: LinkStats = emptyLinkStats();
  /**
   * Carried in every frame's flags byte: the room's run id modulo 128 (bit 7 stays free, e.g. to mark a
   * compressed envelope later). Sequence numbers restart with each run, so without it a peer that has not
   * seen a reset yet would poison the latest-wins mailboxes.
   */
  #runTag = 0;
  readonly #links = new Map<PeerId, Link>();

  constructor(private readonly options: MeshOptions) {}

  get injector(): FaultInjector {
    return this.options.injector;
  }

  setRunId(runId: number): void {
    this.#runTag = runTagOf(runId);
  }

  links(): Link[] {
    return [...this.#links.values()];
  }

  get(peer: PeerId): Link | undefined {
    return this.#links.get(peer);
  }

  /** Adds (or replaces) the link to `peer` over `channel`. */
  attach(peer: PeerId, channel: FrameChannel): Link {
    this.detach(peer);
    const link = new Link(peer, channel, this.options.reassembler);
    this.#links.set(peer, link);
    channel.events.on('open', () => this.events.emit('link-state', peer, 'open'));
    channel.events.on('close', () => this.events.emit('link-state', peer, 'closed'));
    channel.events.on('data', (data) => {
      const message = link.receiver.push(data, this.options.timers.now(), this.#runTag);
      if (message !== undefined) this.events.emit('message', message, link);
    });
    return link;
  }

  detach(peer: PeerId): void {
    const link = this.#links.get(peer);
    if (link === undefined) return;
    this.#links.delete(peer);
    addLinkStats(this.retired, link.stats);
    link.dispose();
    this.events.emit('link-state', peer, 'closed');
  }

  /** Sends through the fault injector; never throws. */
  send(message: OutgoingMessage): void {
    const link = this.#links.get(message.to);
    if (link === undefined) {
      this.unroutable++;
      return;
    }
    if (message.encoded !== undefined) {
      // Compressed envelopes need an opaque-bytes frame type that @canopy/protocol's frames do not have yet.
      link.stats.sendErrors++;
      warnOnDecade(link.stats.sendErrors, `mesh: cannot send a compressed ${message.kind} to ${message.to}: no frame type for encoded bytes yet`);
      return;
    }
    const decision = this.options.injector.decide(message.to);
    if (decision.drop) {
      link.stats.injectedDrops++;
      return;
    }
    const encoded = this.#encode(message, link);
    if (encoded === undefined) return;
    if (decision.delayMs <= 0) {
      link.sender.offer(encoded);
      return;
    }
    link.stats.injectedDelays++;
    void this.options.timers.sleep(decision.delayMs).then(() => {
      if (this.#links.get(message.to) === link) link.sender.offer(encoded);
    });
  }

  /** Forgets every unsent message (a new run starts). */
  clearPending(): void {
    for (const link of this.#links.values()) link.sender.clear();
  }

  close(): void {
    for (const peer of [...this.#links.keys()]) this.detach(peer);
  }

  /** Frames the message now: later changes to the algorithm's vector cannot leak into what is sent. */
  #encode(message: OutgoingMessage, link: Link): EncodedMessage | undefined {
    const maxChunkBytes = Math.min(this.options.maxChunkBytes ?? DEFAULT_MAX_CHUNK_BYTES, link.channel.maxMessageSize);
    // Running sums stay Float64 on the wire (ALGORITHMS.md, "Precision"); models go as f32.
    const dtype = message.payload instanceof Float64Array ? 'f64' : 'f32';
    try {
      const frames = encodeMessage(
        { kind: message.kind, epoch: message.epoch, seq: message.seq, dtype, flags: this.#runTag },
        message.payload,
        { messageId: link.nextMessageId(), maxChunkBytes },
      );
      return { kind: message.kind, epoch: message.epoch, seq: message.seq, frames };
    } catch (error) {
      // Out-of-range header fields are a sender bug; count it rather than crash the training loop.
      link.stats.sendErrors++;
      console.error(`mesh: cannot encode ${message.kind} #${message.seq} for ${message.to}:`, error);
      return undefined;
    }
  }
}
