/** One parse helper per event payload, for readers who prefer names to `validate(schema, payload)`. */
import { z } from 'zod';
import { signalingError, type Result } from './errors';
import {
  ACK_SCHEMAS,
  CLIENT_EVENT_SCHEMAS,
  SERVER_EVENT_SCHEMAS,
  SignalingErrorSchema,
  type ClientEventName,
  type ServerEventName,
} from './events';
import { validate } from './validate';

export type ClientEventPayload<E extends ClientEventName> = z.output<(typeof CLIENT_EVENT_SCHEMAS)[E]>;
export type ServerEventPayload<E extends ServerEventName> = z.output<(typeof SERVER_EVENT_SCHEMAS)[E]>;

export function parseClientEvent<E extends ClientEventName>(event: E, payload: unknown): Result<ClientEventPayload<E>> {
  return validate(CLIENT_EVENT_SCHEMAS[event], payload) as Result<ClientEventPayload<E>>;
}

export function parseServerEvent<E extends ServerEventName>(event: E, payload: unknown): Result<ServerEventPayload<E>> {
  return validate(SERVER_EVENT_SCHEMAS[event], payload) as Result<ServerEventPayload<E>>;
}

export const parseJoin = (payload: unknown) => parseClientEvent('join', payload);
export const parseLeave = (payload: unknown) => parseClientEvent('leave', payload);
export const parseSignal = (payload: unknown) => parseClientEvent('signal', payload);
export const parseMetrics = (payload: unknown) => parseClientEvent('metrics', payload);
export const parseWatch = (payload: unknown) => parseClientEvent('watch', payload);
export const parseControl = (payload: unknown) => parseClientEvent('control', payload);

export type AckPayload<E extends ClientEventName> = z.output<(typeof ACK_SCHEMAS)[E]>;

const RefusedAckSchema = z.strictObject({ ok: z.literal(false), error: SignalingErrorSchema });

/**
 * Validates the server's answer to a client event: the answer's fields on success, the server's refusal as
 * the error, or 'bad-request' when the answer itself is malformed. Never throws.
 */
export function parseAck<E extends ClientEventName>(event: E, response: unknown): Result<AckPayload<E>> {
  try {
    if (typeof response === 'object' && response !== null && (response as { ok?: unknown }).ok === true) {
      const { ok: _ok, ...fields } = response as Record<string, unknown>;
      return validate(ACK_SCHEMAS[event], fields) as Result<AckPayload<E>>;
    }
  } catch {
    return { ok: false, error: signalingError('bad-request', `unreadable answer to ${event}`) };
  }
  const refused = validate(RefusedAckSchema, response);
  if (refused.ok) return { ok: false, error: refused.value.error };
  return { ok: false, error: signalingError('bad-request', `malformed answer to ${event}: ${refused.error.message}`) };
}
