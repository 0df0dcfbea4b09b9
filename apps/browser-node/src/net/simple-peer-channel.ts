/**
 * A FrameChannel over one simple-peer connection (one RTCDataChannel). simple-peer exposes no drain event
 * of its own for raw send(), so the adapter listens for `bufferedamountlow` on the underlying channel with
 * its own threshold (addEventListener leaves simple-peer's own handler in place).
 */
import type { IceServer, SignalData } from '@canopy/protocol';
import SimplePeer from 'simple-peer';
import { DEFAULT_LOW_THRESHOLD, type ChannelEvents, type ChannelState, type FrameChannel, type LinkRoute } from './channel';
import { Emitter } from './emitter';
import type { ChannelDiagnostics } from './link-diagnosis';
import { routeFromStats } from './link-route';

/** Chromium↔Chromium SCTP limit; a larger send throws. */
const DEFAULT_MAX_MESSAGE_SIZE = 256 * 1024;

export interface SimplePeerChannelOptions {
  readonly initiator: boolean;
  /** From the join ack (none by default: host candidates only). */
  readonly iceServers: readonly IceServer[];
  /** A WebRTC implementation for Node (e.g. @roamhq/wrtc); browsers use their own. */
  readonly wrtc?: SimplePeer.Options['wrtc'];
  readonly lowThreshold?: number;
  /** Reliable and ordered unless told otherwise (R-FAST also tolerates unreliable channels). */
  readonly channelConfig?: RTCDataChannelInit;
  /** 'relay' uses TURN candidates only (to test a relay, or to hide addresses); 'all' by default. */
  readonly iceTransportPolicy?: RTCIceTransportPolicy;
}

export type SignalingChannelEvents = { signal: [data: SignalData] };

/** Minimal view of the RTCDataChannel simple-peer keeps privately. */
interface RawDataChannel {
  bufferedAmountLowThreshold?: number;
  addEventListener(type: 'bufferedamountlow', listener: () => void): void;
}

/** Where a channel has no bufferedamountlow (@roamhq/wrtc in Node), the buffer is polled this often. */
const DRAIN_POLL_MS = 10;

interface RawPeerConnection {
  readonly sctp?: { readonly maxMessageSize?: number } | null;
  getStats(): Promise<{ values(): Iterable<{ id: string; type: string }> }>;
}

/** The selected candidate pair can change (ICE restart, a better pair nominated later): look again this often. */
const ROUTE_REFRESH_MS = 5_000;

export class SimplePeerChannel implements FrameChannel {
  readonly events = new Emitter<ChannelEvents>();
  /** Signals to relay to the remote peer through the signaling server. */
  readonly outgoing = new Emitter<SignalingChannelEvents>();
  readonly lowThreshold: number;
  #maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;
  #state: ChannelState = 'connecting';
  readonly #peer: SimplePeer.Instance;
  /** The buffer went above the low threshold since the last drain (only tracked when polling). */
  #aboveThreshold = false;
  #drainPoll: ReturnType<typeof setInterval> | undefined;
  #localCandidates = 0;
  #relayCandidates = 0;
  readonly #relayConfigured: boolean;
  #remoteSignals = 0;
  #iceState: string | null = null;
  #route: LinkRoute | null = null;
  #routeTimer: ReturnType<typeof setInterval> | undefined;

  constructor(options: SimplePeerChannelOptions) {
    this.lowThreshold = options.lowThreshold ?? DEFAULT_LOW_THRESHOLD;
    this.#relayConfigured = options.iceServers.some((server) => [server.urls].flat().some((url) => /^turns?:/.test(url)));
    this.#peer = new SimplePeer({
      initiator: options.initiator,
      config: {
        iceServers: options.iceServers.map((server) => ({ ...server })),
        ...(options.iceTransportPolicy === undefined ? {} : { iceTransportPolicy: options.iceTransportPolicy }),
      },
      channelConfig: options.channelConfig ?? {},
      trickle: true,
      ...(options.wrtc === undefined ? {} : { wrtc: options.wrtc }),
    });
    this.#peer.on('signal', (data) => {
      if ((data as SignalData).type === 'candidate') {
        this.#localCandidates++;
        if (/ typ relay/.test(JSON.stringify(data))) this.#relayCandidates++;
      }
      this.outgoing.emit('signal', data as SignalData);
    });
    this.#peer.on('iceStateChange', (state: string) => {
      this.#iceState = state;
    });
    this.#peer.on('connect', () => this.#opened());
    this.#peer.on('data', (data: unknown) => this.events.emit('data', data));
    this.#peer.on('close', () => this.#closed('connection closed'));
    this.#peer.on('error', (error: Error) => this.#closed(`connection failed: ${error.message}`));
  }

  get state(): ChannelState {
    return this.#state;
  }

  get route(): LinkRoute | null {
    return this.#route;
  }

  get bufferedAmount(): number {
    return this.#peer.bufferSize;
  }

  get maxMessageSize(): number {
    return this.#maxMessageSize;
  }

  /** What this connection attempt saw, for link-diagnosis.ts. */
  diagnostics(): ChannelDiagnostics {
    return {
      localCandidates: this.#localCandidates,
      remoteSignals: this.#remoteSignals,
      iceState: this.#iceState,
      relayConfigured: this.#relayConfigured,
      relayCandidates: this.#relayCandidates,
    };
  }

  /** Applies a signal relayed from the remote peer. Never throws (a bad SDP closes the channel). */
  signal(data: SignalData): void {
    if (this.#state === 'closed') return;
    this.#remoteSignals++;
    try {
      this.#peer.signal(data as SimplePeer.SignalData);
    } catch (error) {
      this.#closed(`bad signal: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  send(frame: Uint8Array): void {
    this.#peer.send(frame);
    if (this.#peer.bufferSize > this.lowThreshold) this.#aboveThreshold = true;
  }

  close(): void {
    this.#closed('closed locally');
  }

  #opened(): void {
    if (this.#state !== 'connecting') return;
    const internals = this.#peer as unknown as { _channel?: RawDataChannel | null; _pc?: RawPeerConnection | null };
    const channel = internals._channel;
    if (channel && typeof channel.bufferedAmountLowThreshold === 'number') {
      channel.bufferedAmountLowThreshold = this.lowThreshold;
      channel.addEventListener('bufferedamountlow', () => {
        if (this.#state === 'open') this.events.emit('drain');
      });
    } else {
      this.#drainPoll = setInterval(() => this.#pollDrain(), DRAIN_POLL_MS);
    }
    const remoteLimit = internals._pc?.sctp?.maxMessageSize;
    if (typeof remoteLimit === 'number' && remoteLimit > 0) this.#maxMessageSize = Math.min(remoteLimit, DEFAULT_MAX_MESSAGE_SIZE);
    this.#state = 'open';
    this.#watchRoute(internals._pc ?? null);
    this.events.emit('open');
  }

  #watchRoute(pc: RawPeerConnection | null): void {
    if (pc === null || typeof pc.getStats !== 'function') return;
    const look = (): void => {
      pc.getStats().then(
        (report) => {
          if (this.#state === 'open') this.#route = routeFromStats(report.values()) ?? this.#route;
        },
        () => undefined, // a closing connection: the route no longer matters
      );
    };
    look();
    setTimeout(look, 1_000); // the pair is sometimes reported a moment after the channel opens
    this.#routeTimer = setInterval(look, ROUTE_REFRESH_MS);
  }

  #pollDrain(): void {
    if (!this.#aboveThreshold || this.#state !== 'open' || this.#peer.bufferSize > this.lowThreshold) return;
    this.#aboveThreshold = false;
    this.events.emit('drain');
  }

  #closed(reason: string): void {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    if (this.#drainPoll !== undefined) clearInterval(this.#drainPoll);
    if (this.#routeTimer !== undefined) clearInterval(this.#routeTimer);
    this.#peer.destroy();
    this.events.emit('close', reason);
  }
}
