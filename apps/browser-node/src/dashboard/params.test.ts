import { describe, expect, it } from 'vitest';
import { parseDashboardParams } from './params';

describe('parseDashboardParams', () => {
  it('reads the room and the token', () => {
    expect(parseDashboardParams('?room=class-1&token=abc')).toEqual({ ok: true, value: { room: 'class-1', token: 'abc' } });
  });

  it('treats a missing or empty token as read-only', () => {
    expect(parseDashboardParams('?room=r1')).toEqual({ ok: true, value: { room: 'r1', token: null } });
    expect(parseDashboardParams('?room=r1&token=')).toEqual({ ok: true, value: { room: 'r1', token: null } });
  });

  it('refuses a missing or malformed room with a reason', () => {
    const missing = parseDashboardParams('');
    expect(missing.ok).toBe(false);
    const bad = parseDashboardParams('?room=a%20b');
    expect(bad).toMatchObject({ ok: false, reason: expect.stringContaining('bad room name') });
  });
});
