/** Machine-readable refusals, answered through acks (or the `refused` event when the client gave no ack). */
export const SIGNALING_ERROR_CODES = [
  'bad-request',
  'unauthorized',
  'rate-limited',
  'room-full',
  'not-neighbour',
  'unknown-peer',
  'not-joined',
  'internal',
  /** The server removed this peer from its room (kicked by the admin, or quarantined by several neighbours). */
  'evicted',
  /** The admin locked the room: only its members (a proven resume of a peer id not banned) may join. */
  'room-locked',
] as const;

export type SignalingErrorCode = (typeof SIGNALING_ERROR_CODES)[number];

export interface SignalingError {
  readonly code: SignalingErrorCode;
  readonly message: string;
}

export function signalingError(code: SignalingErrorCode, message: string): SignalingError {
  return { code, message };
}

/** Outcome of validating or handling something; never thrown. */
export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: SignalingError };

/** What an ack callback receives: the answer's fields on success, the error otherwise. */
export type Ack<T extends object = Record<never, never>> =
  | ({ readonly ok: true } & T)
  | { readonly ok: false; readonly error: SignalingError };

export type AckCallback<T extends object = Record<never, never>> = (response: Ack<T>) => void;
