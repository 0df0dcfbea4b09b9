/**
 * What a link needs from a data channel: binary send, the buffered amount, and a drain signal. Implemented
 * by a real WebRTC channel (simple-peer-channel.ts) and by an in-memory pair (memory-channel.ts) for tests.
 */
import type { Emitter } from './emitter';

export type ChannelState = 'connecting' | 'open' | 'closed';

/** How an open link's packets travel: straight between the two browsers, or through a TURN relay. */
export type LinkRoute = 'direct' | 'relayed';

export type ChannelEvents = {
  open: [];
  /** One received data-channel message, as it arrived (validated by the link's receiver). */
  data: [payload: unknown];
  /** bufferedAmount fell to or below the low threshold (RTCDataChannel `bufferedamountlow`). */
  drain: [];
  close: [reason: string];
};

export interface FrameChannel {
  readonly state: ChannelState;
  /** null until known (a WebRTC channel asks its connection's stats shortly after it opens). */
  readonly route: LinkRoute | null;
  /** Bytes queued by send() and not yet handed to the network. */
  readonly bufferedAmount: number;
  /** The threshold at or below which `drain` fires. */
  readonly lowThreshold: number;
  /** Largest single message the channel accepts (Chromium↔Chromium: 256 KiB). */
  readonly maxMessageSize: number;
  readonly events: Emitter<ChannelEvents>;
  /**
   * Sends one binary message, copying its bytes before returning (as RTCDataChannel.send does): senders
   * pass views of live payloads. Throws if the channel is not open (the caller checks state first).
   */
  send(frame: Uint8Array): void;
  close(): void;
}

/** 256 KiB: a link sends its next message once no more than this is queued in the channel. */
export const DEFAULT_LOW_THRESHOLD = 256 * 1024;
