import { describe, expect, it } from 'vitest';
import { REMEMBERED_NAME_KEY, rememberedName, urlWithName } from './name-field';

describe('name field helpers', () => {
  it('remembers only a valid display name', () => {
    const storage = (value: string | null) => ({ getItem: (key: string) => (key === REMEMBERED_NAME_KEY ? value : null) });
    expect(rememberedName(storage('Ada L.'))).toBe('Ada L.');
    expect(rememberedName(storage(null))).toBeUndefined();
    expect(rememberedName(storage('bad\u0007name'))).toBeUndefined();
    expect(rememberedName(storage('x'.repeat(65)))).toBeUndefined();
    expect(rememberedName(undefined)).toBeUndefined();
  });

  it('sets ?name= and keeps the other parameters', () => {
    const url = new URL(urlWithName('http://h:8080/?room=r1&backend=wasm&name=old', 'Grace H.'));
    expect(url.searchParams.get('room')).toBe('r1');
    expect(url.searchParams.get('backend')).toBe('wasm');
    expect(url.searchParams.get('name')).toBe('Grace H.');
  });
});
