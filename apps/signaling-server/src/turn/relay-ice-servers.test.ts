import { IceServersSchema, validate } from '@canopy/protocol';
import { describe, expect, it } from 'vitest';
import { hostName, relayIceServers, type TurnSettings } from './relay-ice-servers';
import { turnCredential } from './turn-credentials';

const turn: TurnSettings = { secret: 'k', urls: ['turn:{host}:3478?transport=udp'], ttlSeconds: 600 };
const stun = { urls: 'stun:stun.example.org:3478' };

describe('hostName', () => {
  it('takes the name or address out of a Host header', () => {
    expect(hostName('10.0.0.5:8080')).toBe('10.0.0.5');
    expect(hostName('canopy.example.org')).toBe('canopy.example.org');
    expect(hostName('[fd00::2]:8080')).toBe('[fd00::2]');
  });

  it('refuses anything that is not a plain host (it comes from the client)', () => {
    for (const hostile of [undefined, '', 'a b', 'x?transport=tcp', 'evil.org/turn', 'a:1:2', 'h@x', 'x'.repeat(300)]) {
      expect(hostName(hostile)).toBeUndefined();
    }
  });
});

describe('relayIceServers', () => {
  it('without a relay is the static list', () => {
    expect(relayIceServers([stun], null, 'p-1', '10.0.0.5:80', 0)).toEqual([stun]);
  });

  it('adds the relay at the host the tab used, with a credential for this peer', () => {
    const servers = relayIceServers([stun], turn, 'p-1', '10.0.0.5:8080', 1_000_000);
    expect(servers).toEqual([stun, { urls: ['turn:10.0.0.5:3478?transport=udp'], ...turnCredential('k', 'p-1', 1_000_000, 600) }]);
    expect(validate(IceServersSchema, servers).ok).toBe(true);
  });

  it('leaves out host-relative URLs when the Host header is unusable, keeps fixed ones', () => {
    const mixed: TurnSettings = { ...turn, urls: ['turn:{host}:3478', 'turn:relay.example.org:3478'] };
    expect(relayIceServers([], mixed, 'p-1', 'x/y', 0)).toEqual([{ urls: ['turn:relay.example.org:3478'], ...turnCredential('k', 'p-1', 0, 600) }]);
    expect(relayIceServers([stun], turn, 'p-1', undefined, 0)).toEqual([stun]);
  });
});
