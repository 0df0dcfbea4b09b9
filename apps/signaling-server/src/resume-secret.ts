/**
 * A peer id is bound to the room and to this server's key: the secret is HMAC-SHA256(key, room, peer id), so a
 * server restarted with the same key (its state directory) recognises a returning tab without having stored it,
 * and nobody else can take that id over.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { PeerId } from '@canopy/protocol';

export const SERVER_KEY_BYTES = 32;

export function newServerKey(): Buffer {
  return randomBytes(SERVER_KEY_BYTES);
}

export function resumeSecret(key: Buffer, room: string, peerId: PeerId): string {
  return createHmac('sha256', key).update(room).update('\u0000').update(peerId).digest('base64url');
}

/** Constant-time check of a secret presented in a resume. */
export function resumeSecretMatches(key: Buffer, room: string, peerId: PeerId, secret: string): boolean {
  const expected = Buffer.from(resumeSecret(key, room, peerId));
  const given = Buffer.from(secret);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
