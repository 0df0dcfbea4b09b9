import { randomBytes } from 'node:crypto';
import type { PeerId } from '@canopy/protocol';

/** A fresh id not yet used in the room (48 random bits: collisions are astronomically rare, but checked). */
export function newPeerId(taken: (id: PeerId) => boolean): PeerId {
  for (;;) {
    const id = `p-${randomBytes(6).toString('hex')}`;
    if (!taken(id)) return id;
  }
}
