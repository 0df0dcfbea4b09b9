import { describe, expect, it } from 'vitest';
import { DEFAULT_TURN_PORT, parseCli } from './cli-options';

const parse = (...flags: string[]) => parseCli(['node', 'main.ts', ...flags], {});

describe('parseCli: TURN relay flags', () => {
  it('no relay unless asked', () => {
    expect(parse().turn).toBeUndefined();
  });

  it('--turn starts coturn here and hands tabs its UDP and TCP URLs at the host they used', () => {
    const turn = parse('--turn', '--turn-ttl', '600').turn;
    expect(turn).toMatchObject({ start: true, port: DEFAULT_TURN_PORT, ttlSeconds: 600 });
    expect(turn?.urls).toEqual([`turn:{host}:${DEFAULT_TURN_PORT}?transport=udp`, `turn:{host}:${DEFAULT_TURN_PORT}?transport=tcp`]);
    // A fresh secret each run, long enough to resist guessing.
    expect(turn?.secret.length).toBeGreaterThanOrEqual(32);
    expect(parse('--turn').turn?.secret).not.toBe(turn?.secret);
  });

  it('--turn-url with --turn-secret is a relay run elsewhere (nothing started)', () => {
    const turn = parseCli(['node', 'main.ts', '--turn-url', 'turn:relay.example.org:3478', '--turn-url', 'turns:relay.example.org:5349'], { CANOPY_TURN_SECRET: 'shh' }).turn;
    expect(turn).toMatchObject({ start: false, secret: 'shh', urls: ['turn:relay.example.org:3478', 'turns:relay.example.org:5349'] });
  });

  it('refuses flags that do not fit together, saying what is missing', () => {
    expect(() => parse('--turn-url', 'turn:relay.example.org')).toThrow(/--turn-url needs --turn-secret/);
    expect(() => parse('--turn-secret', 'x')).toThrow(/needs --turn .* or --turn-url/);
    expect(() => parse('--turn-url', 'http://relay.example.org', '--turn-secret', 'x')).toThrow(/turn: or turns: URL/);
  });
});

describe('parseCli: checkpoint budget', () => {
  it('defaults to 256 MB of checkpoints, set in megabytes, refused when not a whole number', () => {
    expect(parse().checkpointBudgetBytes).toBe(256 * 1024 * 1024);
    expect(parse('--checkpoint-budget', '10').checkpointBudgetBytes).toBe(10 * 1024 * 1024);
    expect(() => parse('--checkpoint-budget', '1.5')).toThrow();
  });
});

describe('parseCli: Redis', () => {
  it('rooms in this process unless --redis (or $CANOPY_REDIS_URL) names a redis:// URL', () => {
    expect(parse().redis).toBeUndefined();
    expect(parse('--redis', 'redis://127.0.0.1:6379').redis).toBe('redis://127.0.0.1:6379');
    expect(parseCli(['node', 'main.ts'], { CANOPY_REDIS_URL: 'rediss://cache.example.org:6380' }).redis).toBe('rediss://cache.example.org:6380');
    expect(() => parse('--redis', 'http://127.0.0.1:6379')).toThrow(/redis:\/\/ or rediss:\/\/ URL/);
    expect(() => parse('--redis', 'localhost')).toThrow(/redis:\/\/ or rediss:\/\/ URL/);
    expect([parse().maxRoomsPerAddress, parse('--max-rooms-per-address', '500').maxRoomsPerAddress]).toEqual([16, 500]);
  });
});
