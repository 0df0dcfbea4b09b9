import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { turnCredential } from './turn-credentials';

describe('turnCredential', () => {
  it('is the TURN REST pair coturn checks: expiry:peer and base64 HMAC-SHA1 of it', () => {
    const made = turnCredential('s3cret', 'p-abc', 1_700_000_000_500, 3600);
    expect(made.username).toBe('1700003600:p-abc');
    // Independent computation of what coturn's use-auth-secret expects.
    expect(made.credential).toBe(createHmac('sha1', 's3cret').update('1700003600:p-abc').digest('base64'));
  });

  it('differs per peer, per secret and per expiry', () => {
    const base = turnCredential('a', 'p-1', 0, 60);
    expect(turnCredential('b', 'p-1', 0, 60).credential).not.toBe(base.credential);
    expect(turnCredential('a', 'p-2', 0, 60).credential).not.toBe(base.credential);
    expect(turnCredential('a', 'p-1', 0, 61).credential).not.toBe(base.credential);
  });
});
