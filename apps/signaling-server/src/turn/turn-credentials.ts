/**
 * Time-limited TURN credentials, "TURN REST API" style (draft-uberti-behave-turn-rest, coturn's
 * `use-auth-secret`): username = "<expiry unix seconds>:<peer id>", credential = base64(HMAC-SHA1(secret, username)).
 * The TURN server checks them with the same shared secret and refuses them after the expiry, so a credential
 * copied out of one tab is worth nothing tomorrow and the server never stores per-peer passwords.
 */
import { createHmac } from 'node:crypto';

export interface TurnCredential {
  readonly username: string;
  readonly credential: string;
}

export function turnCredential(secret: string, peerId: string, nowMs: number, ttlSeconds: number): TurnCredential {
  const expiry = Math.floor(nowMs / 1000) + ttlSeconds;
  const username = `${expiry}:${peerId}`;
  return { username, credential: createHmac('sha1', secret).update(username).digest('base64') };
}
