/**
 * Each socket's rate limiters. Kept beside socket.data, not in it: socket.data crosses server instances
 * (the adapter serializes it for fetchSockets) and must stay plain data.
 */
import { TokenBucket, type RateLimit } from './rate-limit';
import type { SignalingSocket } from './types';

export interface SocketLimits {
  /** All events of the socket. */
  readonly events: TokenBucket;
  /** Its metrics reports. */
  readonly metrics: TokenBucket;
}

const limits = new WeakMap<SignalingSocket, SocketLimits>();

export function attachLimits(socket: SignalingSocket, rates: { readonly events: RateLimit; readonly metrics: RateLimit }): void {
  limits.set(socket, { events: new TokenBucket(rates.events), metrics: new TokenBucket(rates.metrics) });
}

export function limitsOf(socket: SignalingSocket): SocketLimits {
  const found = limits.get(socket);
  if (found === undefined) throw new Error(`socket ${socket.id} has no rate limits (attachLimits first)`);
  return found;
}
