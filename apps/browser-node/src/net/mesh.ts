/**
 * All of this node's links, keyed by neighbour. Outgoing messages pass the fault injector (dropped whole,
 * or delayed on a worker timer) and are offered, as header + payload, to the link's latest-wins, paced
 * sender, which frames them only when it sends, as views of the payload (nodes hand over their payloads:
 * PayloadAllocator in @canopy/algorithms); compressed messages (R-FAST with a room compression setting) go
 * as opaque 'bytes' frames. Incoming frames are reassembled per link and emitted whole.
 */
import type { IncomingMessage, OutgoingMessage } from '@canopy/algorithms';
import { DEFAULT_MAX_CHUNK_BYTES, sendEncodedMessage, sendMessage, type MessageKind, type PeerId, type ReassemblerOptions } from '@canopy/protocol';
import type { ChannelState, FrameChannel } from './channel';
import { Emitter } from './emitter';
import type { FaultInjector } from './fault-injector';
import { Link } from './link';
import type { PendingMessage } from './link-sender';
import { addLinkStats, countReject, emptyLinkStats, type LinkStats, type ReceiveRejectReason } from './link-stats';
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
  /**
   * Least time between two sends of one latest-wins kind (model, tracker) on one link; default
   * DEFAULT_MIN_SEND_INTERVAL_MS. Without it a link sends at full channel capacity, and WebRTC's SCTP/DTLS
   * work then takes the cores from training (results/bench-browser.md). 0 disables pacing.
   */
  readonly minSendIntervalMs?: number;
}

/** Chosen with `pnpm bench browser`: linked/bare step 4.7 (0 ms), 6.0 (100), 3.2 (200), 1.6 (400) on a shared 2-core machine. */
export const DEFAULT_MIN_SEND_INTERVAL_MS = 400;

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
  /** When each kind was last handed to each link (before faults: a delayed message counts as offered). */
  readonly #lastOffered = new Map<PeerId, Map<MessageKind, number>>();

  constructor(private readonly options: MeshOptions) {}

  get injector(): FaultInjector {
    return this.options.injector;
  }

  /** Least time between two sends of one paced kind on a link. */
  get minSendIntervalMs(): number {
    return this.options.minSendIntervalMs ?? DEFAULT_MIN_SEND_INTERVAL_MS;
  }

  /** The run tag incoming frames must carry (runTagOf the current run id). */
  get runTag(): number {
    return this.#runTag;
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
    const link = new Link(peer, channel, {
      encode: (message, target, send) => this.#send(message, target, send),
      now: () => this.options.timers.now(),
      minSendIntervalMs: this.minSendIntervalMs,
      ...(this.options.reassembler === undefined ? {} : { reassembler: this.options.reassembler }),
    });
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
    this.#lastOffered.delete(peer);
    addLinkStats(this.retired, link.stats);
    link.dispose();
    this.events.emit('link-state', peer, 'closed');
  }

  /** Whole incoming messages, without the link (RunnerMesh). */
  onMessage(listener: (message: IncomingMessage) => void): void {
    this.events.on('message', (message) => listener(message));
  }

  /** Counts a message the algorithm refused on the link it came from (gone links: not counted). */
  countReject(peer: PeerId, reason: ReceiveRejectReason): void {
    const link = this.#links.get(peer);
    if (link !== undefined) countReject(link.stats, reason);
  }

  /**
   * Whether a message of `kind` to `peer` sent now would go out rather than be superseded (NodeOptions.sendsNow):
   * R-FAST with compression produces a message for a link only then, since its deltas refer to keyframes.
   */
  sendsNow(peer: PeerId, kind: MessageKind): boolean {
    const link = this.#links.get(peer);
    return link !== undefined && link.sender.readyFor(kind, this.#lastOffered.get(peer)?.get(kind));
  }

  /** Sends through the fault injector; never throws. */
  send(message: OutgoingMessage): void {
    const link = this.#links.get(message.to);
    if (link === undefined) {
      this.unroutable++;
      return;
    }
    this.#noteOffered(message.to, message.kind);
    const decision = this.options.injector.decide(message.to);
    if (decision.drop) {
      link.stats.injectedDrops++;
      return;
    }
    const { kind, epoch, seq, echo, payload, encoded } = message;
    const pending: PendingMessage = { kind, epoch, seq, flags: this.#runTag, echo: echo ?? 0, payload, ...(encoded === undefined ? {} : { encoded }) };
    if (decision.delayMs <= 0) {
      link.sender.offer(pending);
      return;
    }
    link.stats.injectedDelays++;
    void this.options.timers.sleep(decision.delayMs).then(() => {
      if (this.#links.get(message.to) === link) link.sender.offer(pending);
    });
  }

  /** Sends what pacing held back and is now due; the runner calls it every loop iteration (no timers). */
  pump(): void {
    for (const link of this.#links.values()) link.sender.pump();
  }

  /** Forgets every unsent message (a new run starts). */
  clearPending(): void {
    for (const link of this.#links.values()) link.sender.clear();
  }

  #noteOffered(peer: PeerId, kind: MessageKind): void {
    let kinds = this.#lastOffered.get(peer);
    if (kinds === undefined) {
      kinds = new Map();
      this.#lastOffered.set(peer, kinds);
    }
    kinds.set(kind, this.options.timers.now());
  }

  close(): void {
    for (const peer of [...this.#links.keys()]) this.detach(peer);
  }

  /**
   * Frames a message as its link sends it, each chunk after the first as a view of the payload (the
   * channel copies it); a header out of range throws (the sender counts a send error).
   */
  #send(message: PendingMessage, link: Link, send: (frame: Uint8Array) => void): void {
    const maxChunkBytes = Math.min(this.options.maxChunkBytes ?? DEFAULT_MAX_CHUNK_BYTES, link.channel.maxMessageSize);
    const { kind, epoch, seq, flags, echo, encoded } = message;
    const frameOptions = { messageId: link.nextMessageId(), maxChunkBytes };
    // A compression envelope travels as opaque bytes; the receiving node decodes and validates it.
    if (encoded !== undefined) {
      sendEncodedMessage({ kind, epoch, seq, dtype: 'bytes', flags, echo }, encoded, frameOptions, send);
      return;
    }
    // Running sums stay Float64 on the wire (ALGORITHMS.md, "Precision"); models go as f32.
    const dtype = message.payload instanceof Float64Array ? 'f64' : 'f32';
    sendMessage({ kind, epoch, seq, dtype, flags, echo }, message.payload, frameOptions, send);
  }
}
