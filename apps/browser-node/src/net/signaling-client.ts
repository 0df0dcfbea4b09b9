/**
 * The node's socket.io client. Every server event is validated with the protocol schemas before use (a bad
 * one is refused, counted and warned about, never trusted). Joins with capabilities; after a reconnect (e.g.
 * a server restart) it re-joins with `resume: { peerId, secret }` (the secret its join ack carried) so the server
 * gives it its peer id back and rebuilds the room from the returning tabs, while the open WebRTC links keep
 * working meanwhile. Epochs and run ids are the server's: a resume carries none.
 */
import {
  parseAck,
  parseServerEvent,
  type Capabilities,
  type ClientToServerEvents,
  type JoinAck,
  type MetricsReport,
  type PeerId,
  type PeerTopology,
  type Result,
  type RoomState,
  type ServerEventName,
  type ServerToClientEvents,
  type SignalData,
  type SignalDelivery,
  type SignalingErrorCode,
} from '@canopy/protocol';
import type { Socket } from 'socket.io-client';
import { Emitter } from './emitter';
import { warnOnDecade } from './rate-limited-warn';

export type CanopySocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export type ConnectionState = 'connecting' | 'joined' | 'disconnected';

/** Why the client could not do its job; `code` is machine-readable. */
export interface SignalingClientError {
  readonly code: 'unreachable' | 'join-failed' | 'join-timeout' | 'bad-ack' | 'refused';
  /** The server's code when it refused something. */
  readonly serverCode?: SignalingErrorCode;
  readonly message: string;
}

export type SignalingClientEvents = {
  /** A join (first, or a resume after reconnecting) was accepted. */
  joined: [ack: JoinAck, resumed: boolean];
  topology: [topology: PeerTopology];
  signal: [delivery: SignalDelivery];
  control: [state: RoomState];
  connection: [state: ConnectionState, detail: string];
  error: [error: SignalingClientError];
  /** The admin took this tab out of the room for `seconds` (`rejoin()` afterwards). */
  'stepped-out': [seconds: number];
};

export interface SignalingClientOptions {
  readonly room: string;
  readonly displayName: string;
  /** Read at each (re-)join: the backend and step time may have been measured since. */
  readonly capabilities: () => Capabilities;
  /** How long to wait for the join ack (default 10 s). */
  readonly joinTimeoutMs?: number;
  /**
   * A join that timed out or met a server-side failure ('internal': e.g. its store briefly unreachable) is tried
   * again after this long (default 2 s) while the connection lasts; a refusal for a reason (room full) is not.
   */
  readonly joinRetryMs?: number;
  /** How often a tab refused by a locked room asks again (it joins once the teacher unlocks). */
  readonly lockedRetryMs?: number;
}

/** A locked room is asked again this often: a waiting student's tab joins within seconds of the unlock. */
export const LOCKED_RETRY_MS = 5_000;

export class SignalingClient {
  readonly events = new Emitter<SignalingClientEvents>();
  /** Server events refused by validation, by event name. */
  readonly rejected: Partial<Record<ServerEventName | 'join-ack', number>> = {};
  /** Signals and metrics not sent because the client was not joined at the time. */
  droppedWhileAway = 0;
  #peerId: PeerId | undefined;
  /** Proves #peerId in a resume (from the join ack). */
  #resumeSecret: string | undefined;
  #state: ConnectionState = 'connecting';
  /** A join to try again (#retryJoin). */
  #retry: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly socket: CanopySocket,
    private readonly options: SignalingClientOptions,
  ) {
    socket.on('connect', () => this.#join());
    socket.on('disconnect', (reason) => this.#setState('disconnected', String(reason)));
    socket.on('connect_error', (error) => {
      this.#setState('disconnected', error.message);
      this.events.emit('error', { code: 'unreachable', message: `signaling server unreachable: ${error.message}` });
    });
    // Listeners take `unknown`: nothing from the wire is trusted before its schema says so.
    socket.on('topology', (payload: unknown) => this.#onTopology(payload));
    socket.on('signal', (payload: unknown) => this.#onSignal(payload));
    socket.on('control', (payload: unknown) => this.#onControl(payload));
    socket.on('refused', (payload: unknown) => this.#onRefused(payload));
    socket.on('stepped-out', (payload: unknown) => {
      const parsed = parseServerEvent('stepped-out', payload);
      if (this.#valid('stepped-out', parsed)) this.events.emit('stepped-out', parsed.value.seconds);
    });
    if (socket.connected) this.#join();
  }

  get peerId(): PeerId | undefined {
    return this.#peerId;
  }

  get state(): ConnectionState {
    return this.#state;
  }

  sendSignal(to: PeerId, data: SignalData): void {
    if (this.#state !== 'joined') {
      this.droppedWhileAway++;
      return;
    }
    this.socket.emit('signal', { to, data });
  }

  /** Reports are only worth sending live: while away they are dropped, never queued. */
  sendMetrics(report: MetricsReport): void {
    if (this.#state !== 'joined') {
      this.droppedWhileAway++;
      return;
    }
    this.socket.emit('metrics', report);
  }

  close(): void {
    clearTimeout(this.#retry);
    if (this.#state === 'joined') this.socket.emit('leave', {});
    this.socket.disconnect();
    this.#setState('disconnected', 'closed');
    this.events.removeAllListeners();
  }

  /** Joins again on the same connection (after being stepped out), asking for this tab's id back. */
  rejoin(): void {
    if (this.socket.connected) this.#join();
  }

  #join(): void {
    this.#setState('connecting', 'joining');
    const resume = this.#peerId === undefined || this.#resumeSecret === undefined ? undefined : { peerId: this.#peerId, secret: this.#resumeSecret };
    const request = {
      room: this.options.room,
      displayName: this.options.displayName,
      capabilities: this.options.capabilities(),
      ...(resume === undefined ? {} : { resume }),
    };
    this.socket.timeout(this.options.joinTimeoutMs ?? 10_000).emit('join', request, (error: Error | null, response: unknown) => {
      if (error !== null) {
        this.events.emit('error', { code: 'join-timeout', message: `no answer to join within ${this.options.joinTimeoutMs ?? 10_000} ms` });
        this.#retryJoin();
        return;
      }
      this.#joinAnswered(response, resume !== undefined);
    });
  }

  #joinAnswered(response: unknown, resumed: boolean): void {
    const parsed = parseAck('join', response);
    if (!parsed.ok) {
      const refusedByServer = typeof response === 'object' && response !== null && (response as { ok?: unknown }).ok === false;
      if (refusedByServer) {
        const { code, message } = parsed.error;
        this.events.emit('error', { code: 'join-failed', serverCode: code, message: `join refused (${code}): ${message}` });
        if (code === 'internal') this.#retryJoin();
        if (code === 'room-locked') this.#retryJoin(this.options.lockedRetryMs ?? LOCKED_RETRY_MS);
        return;
      }
      this.#refuse('join-ack', parsed.error.message);
      this.events.emit('error', { code: 'bad-ack', message: `invalid join ack: ${parsed.error.message}` });
      return;
    }
    const ack = parsed.value;
    this.#peerId = ack.peerId;
    this.#resumeSecret = ack.resumeSecret;
    this.#setState('joined', `joined ${ack.room} as ${ack.peerId}`);
    this.events.emit('joined', ack, resumed);
  }

  #retryJoin(afterMs = this.options.joinRetryMs ?? 2000): void {
    clearTimeout(this.#retry);
    this.#retry = setTimeout(() => {
      if (this.socket.connected && this.#state !== 'joined') this.#join();
    }, afterMs);
  }

  #onTopology(payload: unknown): void {
    const parsed = parseServerEvent('topology', payload);
    if (!this.#valid('topology', parsed)) return;
    this.events.emit('topology', parsed.value);
  }

  #onSignal(payload: unknown): void {
    const parsed = parseServerEvent('signal', payload);
    if (this.#valid('signal', parsed)) this.events.emit('signal', parsed.value);
  }

  #onControl(payload: unknown): void {
    const parsed = parseServerEvent('control', payload);
    if (!this.#valid('control', parsed)) return;
    this.events.emit('control', parsed.value);
  }

  #onRefused(payload: unknown): void {
    const parsed = parseServerEvent('refused', payload);
    if (!this.#valid('refused', parsed)) return;
    const { event, error } = parsed.value;
    this.events.emit('error', { code: 'refused', serverCode: error.code, message: `server refused ${event}: ${error.message}` });
  }

  /** Counts and warns about an invalid payload; narrows a valid one. */
  #valid<T>(event: ServerEventName, result: Result<T>): result is { readonly ok: true; readonly value: T } {
    if (result.ok) return true;
    this.#refuse(event, result.error.message);
    return false;
  }

  #refuse(event: ServerEventName | 'join-ack', reason: string): void {
    const count = (this.rejected[event] ?? 0) + 1;
    this.rejected[event] = count;
    warnOnDecade(count, `signaling: refused invalid ${event} event: ${reason}`);
  }

  #setState(state: ConnectionState, detail: string): void {
    this.#state = state;
    this.events.emit('connection', state, detail);
  }
}
