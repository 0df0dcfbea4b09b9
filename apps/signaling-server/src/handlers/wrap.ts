/**
 * The boundary every client event crosses: rate limit, schema validation, the handler, and the answer
 * (through the ack, or a `refused` event when the client gave none). Nothing thrown inside gets out.
 */
import {
  parseClientEvent,
  signalingError,
  type Ack,
  type ClientEventName,
  type ClientEventPayload,
  type Result,
  type SignalingError,
} from '@canopy/protocol';
import type { ServerContext } from '../context';
import { limitsOf } from '../socket-limits';
import type { SignalingSocket } from '../types';

export type EventHandler<E extends ClientEventName, R extends object> = (
  socket: SignalingSocket,
  payload: ClientEventPayload<E>,
) => Result<R> | Promise<Result<R>>;

/** Runs before validation on the raw payload (the admin token check). */
export type Authorize = (payload: unknown) => Result<Record<never, never>>;

export function onEvent<E extends ClientEventName, R extends object>(
  ctx: ServerContext,
  socket: SignalingSocket,
  event: E,
  handler: EventHandler<E, R>,
  authorize?: Authorize,
): void {
  const listener = (payload: unknown, ack: unknown): void => {
    // A store shared by several servers answers asynchronously; a synchronous throw becomes a rejection here.
    new Promise<Result<R>>((resolve) => resolve(handle(ctx, socket, event, handler, payload, authorize)))
      .catch((cause: unknown): Result<R> => {
        ctx.counters.handlerErrors += 1;
        ctx.logger.error(`handler for "${event}" threw`, { socket: socket.id, error: cause });
        return { ok: false, error: signalingError('internal', 'internal error; the request may not have taken effect') };
      })
      .then((result) => respond(ctx, socket, event, ack, result), () => {});
  };
  // The listener takes unknown arguments, which fits every signature of the event map; TypeScript cannot
  // see that through the generic E, so the name is narrowed to one event for the check.
  socket.on(event as 'join', listener);
}

function handle<E extends ClientEventName, R extends object>(
  ctx: ServerContext,
  socket: SignalingSocket,
  event: E,
  handler: EventHandler<E, R>,
  payload: unknown,
  authorize: Authorize | undefined,
): Result<R> | Promise<Result<R>> {
  if (!limitsOf(socket).events.take()) return { ok: false, error: signalingError('rate-limited', 'too many events; slow down') };
  const allowed = authorize?.(payload);
  if (allowed !== undefined && !allowed.ok) return allowed;
  const parsed = parseClientEvent(event, payload);
  if (!parsed.ok) return parsed;
  return handler(socket, parsed.value);
}

function respond<R extends object>(ctx: ServerContext, socket: SignalingSocket, event: string, ack: unknown, result: Result<R>): void {
  if (!result.ok) ctx.counters.refuse(event, result.error.code);
  try {
    if (typeof ack === 'function') {
      const answer: Ack<R> = result.ok ? { ok: true, ...result.value } : { ok: false, error: result.error };
      (ack as (response: Ack<R>) => void)(answer);
    } else if (!result.ok) {
      socket.emit('refused', { event, error: result.error });
    }
  } catch (cause) {
    ctx.logger.error(`answering "${event}" failed`, { socket: socket.id, error: cause });
  }
}

export function refuse(code: SignalingError['code'], message: string): { ok: false; error: SignalingError } {
  return { ok: false, error: signalingError(code, message) };
}

export function accept<R extends object>(value: R): { ok: true; value: R } {
  return { ok: true, value };
}
