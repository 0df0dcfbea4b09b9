import { describe, expect, it } from 'vitest';
import { JOIN_CODE_PATTERN, JoinCodes, joinCode } from './join-codes';

const key = Buffer.alloc(32, 7);

describe('join codes', () => {
  it('six unambiguous characters, stable for a key, different per room and per key', () => {
    const code = joinCode(key, 'biology');
    expect(code).toMatch(JOIN_CODE_PATTERN);
    expect(code).not.toMatch(/[01ilo]/);
    expect(joinCode(key, 'biology')).toBe(code);
    expect(joinCode(key, 'biology2')).not.toBe(code);
    expect(joinCode(Buffer.alloc(32, 8), 'biology')).not.toBe(code);
  });

  it('resolves codes it handed out, and codes of rooms that exist (after a restart)', async () => {
    const rooms = async () => ['physics'];
    const codes = new JoinCodes(key, rooms);
    const biology = codes.codeFor('biology');
    expect(await codes.roomFor(biology)).toBe('biology');
    const restarted = new JoinCodes(key, rooms);
    expect(await restarted.roomFor(biology)).toBeUndefined(); // never handed out here, no such room
    expect(await restarted.roomFor(joinCode(key, 'physics'))).toBe('physics');
  });

  it('refuses anything that is not a code', async () => {
    const codes = new JoinCodes(key, async () => ['a']);
    for (const bad of ['', 'abc', 'ABCDEF', 'abcdef/', '../../x', 'abcdefg', 'aaaaa0']) expect(await codes.roomFor(bad)).toBeUndefined();
  });
});
