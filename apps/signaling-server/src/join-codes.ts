/**
 * Short join links for a classroom (`/j/k7mq2x` instead of `/?room=biology-tuesday-3`): a code is six characters
 * of HMAC(server key, room) in an alphabet without look-alikes, so it is stable across restarts (the key lives
 * in the state directory), nobody can pick the code of someone else's room, and nothing has to be stored: a code
 * seen before resolves from memory, any other from the rooms that exist.
 */
import { createHmac } from 'node:crypto';

/** No 0/o, 1/l/i: a code is read off a projector and typed on a phone. */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
export const JOIN_CODE_LENGTH = 6;
export const JOIN_CODE_PATTERN = new RegExp(`^[${ALPHABET}]{${JOIN_CODE_LENGTH}}$`);

export function joinCode(key: Buffer, room: string): string {
  const digest = createHmac('sha256', key).update('join-code\u0000').update(room).digest();
  let code = '';
  for (let i = 0; i < JOIN_CODE_LENGTH; i++) code += ALPHABET[(digest[i] ?? 0) % ALPHABET.length];
  return code;
}

export class JoinCodes {
  readonly #rooms = new Map<string, string>();

  constructor(
    private readonly key: Buffer,
    /** Names of the rooms that exist now (for codes this process has not handed out yet). */
    private readonly existingRooms: () => Promise<Iterable<string>>,
  ) {}

  codeFor(room: string): string {
    const code = joinCode(this.key, room);
    this.#rooms.set(code, room);
    return code;
  }

  /** The room behind a code, or undefined (malformed, or no such room known). */
  async roomFor(code: string): Promise<string | undefined> {
    if (!JOIN_CODE_PATTERN.test(code)) return undefined;
    const known = this.#rooms.get(code);
    if (known !== undefined) return known;
    for (const room of await this.existingRooms()) if (this.codeFor(room) === code) return room;
    return undefined;
  }
}
