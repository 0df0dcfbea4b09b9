import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { failOverAcross, MAX_SERVERS, signalingServers } from './server-list';

describe('signalingServers', () => {
  it('starts with the page\'s server, then the listed http(s) origins, each once', () => {
    const page = new URL('http://a.example:8080/?room=r&servers=http://b.example:8081/x, https://c.example,http://a.example:8080,ftp://d.example,nonsense,');
    expect(signalingServers(page)).toEqual(['http://a.example:8080', 'http://b.example:8081', 'https://c.example']);
    expect(signalingServers(new URL('http://a.example/?room=r'))).toEqual(['http://a.example']);
  });

  it('takes at most MAX_SERVERS', () => {
    const many = Array.from({ length: 50 }, (_, i) => `http://s${i}.example`).join(',');
    expect(signalingServers(new URL(`http://a.example/?servers=${many}`))).toHaveLength(MAX_SERVERS);
  });
});

describe('failOverAcross', () => {
  it('points each reconnection attempt at the next server, round and round', () => {
    const manager = Object.assign(new EventEmitter(), { uri: 'http://a' });
    const switched: string[] = [];
    failOverAcross(manager, ['http://a', 'http://b', 'http://c'], (s) => switched.push(s));
    for (let attempt = 1; attempt <= 4; attempt++) manager.emit('reconnect_attempt', attempt);
    expect(switched).toEqual(['http://b', 'http://c', 'http://a', 'http://b']);
    expect(manager.uri).toBe('http://b');
  });

  it('leaves a single server alone', () => {
    const manager = Object.assign(new EventEmitter(), { uri: 'http://a' });
    failOverAcross(manager, ['http://a']);
    manager.emit('reconnect_attempt', 1);
    expect(manager.uri).toBe('http://a');
  });
});
