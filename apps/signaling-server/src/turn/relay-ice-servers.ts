/**
 * The ICE servers a join ack hands to one peer: the operator's static list plus, when a TURN relay is
 * configured, that relay's URLs with a credential for this peer alone (turn-credentials.ts).
 */
import type { IceServer } from '@canopy/protocol';
import { turnCredential } from './turn-credentials';

export interface TurnSettings {
  /** Shared with the TURN server (coturn's static-auth-secret). */
  readonly secret: string;
  /** Handed to every tab; `{host}` becomes the host name the tab used to reach this server. */
  readonly urls: readonly string[];
  /** How long a credential works. A relayed connection re-authenticates with it, so it covers a long class. */
  readonly ttlSeconds: number;
}

export const HOST_PLACEHOLDER = '{host}';
/** 12 hours: a working day of training on one join (a rejoin gets a fresh credential). */
export const DEFAULT_TURN_TTL_SECONDS = 12 * 3600;

/**
 * The host name in an HTTP Host header ("10.0.0.5:8080", "[fd00::2]:8080", "canopy.example.org"), or undefined
 * when it is not a plain name or address (the header comes from the client: never paste it anywhere unchecked).
 */
export function hostName(hostHeader: string | undefined): string | undefined {
  if (hostHeader === undefined || hostHeader.length > 255) return undefined;
  const match = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/.exec(hostHeader);
  return match?.[1];
}

export function relayIceServers(
  statics: readonly IceServer[],
  turn: TurnSettings | null,
  peerId: string,
  hostHeader: string | undefined,
  nowMs: number,
): IceServer[] {
  if (turn === null) return [...statics];
  const host = hostName(hostHeader);
  const urls = turn.urls.filter((url) => host !== undefined || !url.includes(HOST_PLACEHOLDER)).map((url) => url.replaceAll(HOST_PLACEHOLDER, host ?? ''));
  if (urls.length === 0) return [...statics];
  return [...statics, { urls, ...turnCredential(turn.secret, peerId, nowMs, turn.ttlSeconds) }];
}
