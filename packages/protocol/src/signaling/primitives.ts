import { z } from 'zod';
import { SIGNALING_LIMITS } from './limits';

/** Room names end up in URLs, socket.io room names and CSV file names: a strict alphabet. */
export const RoomNameSchema = z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'room name must be 1-64 of [a-zA-Z0-9_-]');

/**
 * Peer ids are issued by the server. The first character is alphanumeric so that an id can never be
 * `__proto__` (ids are keys of Topology.links).
 */
export const PeerIdSchema = z
  .string()
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9_-]{0,63}$/, 'peer id must be 1-64 of [a-zA-Z0-9_-], starting alphanumeric');

/** Free text shown to people: no control characters, bounded. */
export const DisplayNameSchema = z
  .string()
  .min(1)
  .max(SIGNALING_LIMITS.displayName)
  .regex(/^[^\u0000-\u001f\u007f]*$/, 'display name must not contain control characters');

/** Short lowercase identifiers (backend, dataset, model names): safe in CSV and URLs. */
export const IdentifierSchema = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,31}$/, 'identifier must be 1-32 of [a-z0-9._-]');

/** Data-plane frames carry the epoch as a u32, so that is the schema's bound (and the server's). */
export const MAX_EPOCH = 0xffff_ffff;
export const EpochSchema = z.number().int().min(0).max(MAX_EPOCH);
export const RunIdSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
export const CounterSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
export const ProbabilitySchema = z.number().min(0).max(1);
/** Durations in milliseconds: finite, non-negative, at most a day. */
export const MillisecondsSchema = z.number().min(0).max(86_400_000);
export const TokenSchema = z.string().min(1).max(SIGNALING_LIMITS.token);
