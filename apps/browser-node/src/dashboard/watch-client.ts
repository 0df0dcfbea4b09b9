/**
 * The dashboard's socket.io side: `watch` the room (again after every reconnect), turn each server event into
 * a DashboardEvent once its schema says it is valid, and send control actions with the admin token. Invalid
 * payloads are counted by event and reported, never thrown; control answers are validated like the rest.
 */
import {
  parseAck,
  parseServerEvent,
  type ControlAction,
  type RoomState,
  type ServerEventName,
  type SignalingErrorCode,
} from '@canopy/protocol';
import type { DashboardEvent } from './store';

/** The part of a socket.io-client Socket this client uses (a fake one in tests). */
export interface WatchSocket {
  readonly connected: boolean;
  on(event: string, listener: (...args: never[]) => void): unknown;
  timeout(ms: number): { emit(event: 'watch' | 'control', payload: object, ack: (error: Error | null, response: unknown) => void): unknown };
  disconnect(): unknown;
}

export type ControlFailureCode = SignalingErrorCode | 'timeout' | 'disconnected';

export type ControlResult =
  | { readonly ok: true; readonly state: RoomState }
  | { readonly ok: false; readonly error: { readonly code: ControlFailureCode; readonly message: string } };

export interface WatchProblem {
  readonly code: 'unreachable' | 'watch-refused' | 'watch-timeout' | 'invalid-event' | 'refused';
  readonly message: string;
}

export interface WatchHandlers {
  event(event: DashboardEvent): void;
  connection(connected: boolean, detail: string): void;
  problem(problem: WatchProblem): void;
}

const ACK_TIMEOUT_MS = 8_000;
/** Server events a dashboard receives; `topology` and `signal` are for peers and never sent here. */
const WATCHED = ['room-topology', 'metrics', 'control', 'refused'] as const satisfies readonly ServerEventName[];

export class WatchClient {
  /** Invalid payloads refused, by event (server events, and the acks of watch and control). */
  readonly rejected: Partial<Record<ServerEventName | 'watch-ack' | 'control-ack', number>> = {};

  constructor(
    private readonly socket: WatchSocket,
    private readonly room: string,
    private readonly handlers: WatchHandlers,
  ) {
    socket.on('connect', () => this.#watch());
    socket.on('disconnect', (reason: string) => handlers.connection(false, String(reason)));
    socket.on('connect_error', (error: Error) => {
      handlers.connection(false, error.message);
      handlers.problem({ code: 'unreachable', message: `signaling server unreachable: ${error.message}` });
    });
    for (const name of WATCHED) socket.on(name, (payload: unknown) => this.#receive(name, payload));
    if (socket.connected) this.#watch();
  }

  /** Never rejects: a refusal, a timeout or a malformed answer comes back as `ok: false` with a code. */
  control(token: string, action: ControlAction): Promise<ControlResult> {
    if (!this.socket.connected) return Promise.resolve({ ok: false, error: { code: 'disconnected', message: 'not connected to the server' } });
    return new Promise((resolve) => {
      this.socket.timeout(ACK_TIMEOUT_MS).emit('control', { room: this.room, token, action }, (error, response) => {
        if (error !== null) {
          resolve({ ok: false, error: { code: 'timeout', message: `no answer to ${action.type} within ${ACK_TIMEOUT_MS / 1000} s` } });
          return;
        }
        const parsed = parseAck('control', response);
        if (parsed.ok) {
          resolve({ ok: true, state: parsed.value.state });
          return;
        }
        if (!isRefusal(response)) this.#count('control-ack');
        resolve({ ok: false, error: parsed.error });
      });
    });
  }

  close(): void {
    this.socket.disconnect();
  }

  #watch(): void {
    this.socket.timeout(ACK_TIMEOUT_MS).emit('watch', { room: this.room }, (error, response) => {
      if (error !== null) {
        this.handlers.problem({ code: 'watch-timeout', message: 'the server did not answer the watch request' });
        return;
      }
      const parsed = parseAck('watch', response);
      if (!parsed.ok) {
        if (!isRefusal(response)) this.#count('watch-ack');
        this.handlers.problem({ code: 'watch-refused', message: `watching ${this.room} failed (${parsed.error.code}): ${parsed.error.message}` });
        return;
      }
      this.handlers.connection(true, `watching ${this.room}`);
      this.handlers.event({ type: 'snapshot', snapshot: parsed.value });
    });
  }

  #receive(name: (typeof WATCHED)[number], payload: unknown): void {
    switch (name) {
      case 'room-topology': {
        const parsed = parseServerEvent('room-topology', payload);
        if (parsed.ok) this.handlers.event({ type: 'topology', update: parsed.value });
        else this.#invalid(name, parsed.error.message);
        return;
      }
      case 'metrics': {
        const parsed = parseServerEvent('metrics', payload);
        if (parsed.ok) this.handlers.event({ type: 'metrics', sample: parsed.value });
        else this.#invalid(name, parsed.error.message);
        return;
      }
      case 'control': {
        const parsed = parseServerEvent('control', payload);
        if (parsed.ok) this.handlers.event({ type: 'state', state: parsed.value });
        else this.#invalid(name, parsed.error.message);
        return;
      }
      case 'refused': {
        const parsed = parseServerEvent('refused', payload);
        if (parsed.ok) this.handlers.problem({ code: 'refused', message: `server refused ${parsed.value.event} (${parsed.value.error.code}): ${parsed.value.error.message}` });
        else this.#invalid(name, parsed.error.message);
        return;
      }
    }
  }

  #invalid(name: ServerEventName, reason: string): void {
    this.#count(name);
    this.handlers.problem({ code: 'invalid-event', message: `ignored an invalid ${name} event: ${reason}` });
  }

  #count(name: ServerEventName | 'watch-ack' | 'control-ack'): void {
    this.rejected[name] = (this.rejected[name] ?? 0) + 1;
  }
}

/** An answer shaped as the server's refusal (as opposed to a malformed answer). */
function isRefusal(response: unknown): boolean {
  return typeof response === 'object' && response !== null && (response as { ok?: unknown }).ok === false;
}
