/** One link to one neighbour: its channel, its latest-wins sender, its reassembling receiver, its counters. */
import type { PeerId, ReassemblerOptions } from '@canopy/protocol';
import type { FrameChannel } from './channel';
import { LinkReceiver } from './link-receiver';
import { LinkSender, type LinkSenderOptions, type PendingMessage } from './link-sender';
import { emptyLinkStats, type LinkStats } from './link-stats';

export interface LinkOptions extends Omit<LinkSenderOptions, 'encode'> {
  readonly reassembler?: ReassemblerOptions;
  /** Frames a message when the sender actually sends it (message ids come from the link). */
  readonly encode: (message: PendingMessage, link: Link, send: (frame: Uint8Array) => void) => void;
}

export class Link {
  readonly stats: LinkStats = emptyLinkStats();
  readonly sender: LinkSender;
  readonly receiver: LinkReceiver;
  #messageId: number;

  constructor(
    readonly peer: PeerId,
    readonly channel: FrameChannel,
    options: LinkOptions,
  ) {
    const { reassembler = {}, encode, ...pacing } = options;
    this.sender = new LinkSender(channel, this.stats, { ...pacing, encode: (message, send) => encode(message, this, send) });
    this.receiver = new LinkReceiver(peer, this.stats, reassembler);
    // A random start keeps ids of a re-created link from colliding with late chunks of the previous one.
    this.#messageId = Math.floor(Math.random() * 0x1_0000_0000);
  }

  /** A fresh u32 id for the next outgoing message's chunks. */
  nextMessageId(): number {
    this.#messageId = (this.#messageId + 1) >>> 0;
    return this.#messageId;
  }

  dispose(): void {
    this.sender.dispose();
    this.channel.events.removeAllListeners();
    this.channel.close();
  }
}
