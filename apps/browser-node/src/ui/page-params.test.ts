import { describe, expect, it } from 'vitest';
import { parsePageParams } from './page-params';

describe('parsePageParams', () => {
  it('reads the room, a forced backend and a display name', () => {
    expect(parsePageParams('?room=class-1&backend=wasm&name=Ada', 'tab')).toEqual({ ok: true, params: { room: 'class-1', backend: 'wasm', displayName: 'Ada' } });
  });

  it('falls back to a generated name when none (or an invalid one) is given', () => {
    expect(parsePageParams('?room=r', 'tab-42')).toEqual({ ok: true, params: { room: 'r', displayName: 'tab-42' } });
    expect(parsePageParams('?room=r&name=%07bell', 'tab-42')).toMatchObject({ ok: true, params: { displayName: 'tab-42' } });
  });

  it('explains a missing or invalid room and an unknown backend', () => {
    expect(parsePageParams('', 't')).toMatchObject({ ok: false, problem: expect.stringContaining('?room=NAME') });
    expect(parsePageParams('?room=a/b', 't')).toMatchObject({ ok: false, problem: expect.stringContaining('not valid') });
    expect(parsePageParams('?room=r&backend=gpu', 't')).toMatchObject({ ok: false, problem: expect.stringContaining('Unknown backend') });
  });
});
