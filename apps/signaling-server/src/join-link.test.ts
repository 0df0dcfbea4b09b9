/** The classroom's short link over real HTTP: the dashboard asks for it, a student's browser follows it. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from './logger';
import { createSignalingServer, type SignalingServer } from './server';
import { TestPeer } from './testing/clients';

let server: SignalingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

interface JoinLink {
  room: string;
  code: string;
  path: string;
  lanOrigins: string[];
}

const joinLinkOf = async (base: string, room: string): Promise<JoinLink> => (await (await fetch(`${base}/api/rooms/${room}/join-link`)).json()) as JoinLink;

describe('short join links', () => {
  it('the dashboard gets /j/CODE, which redirects to the room (keeping a name), for a room nobody has joined yet', async () => {
    server = await createSignalingServer({ host: '127.0.0.1', logger: silentLogger, staticDir: null });
    const link = await joinLinkOf(server.url, 'biology-3');
    expect(link).toMatchObject({ room: 'biology-3', path: `/j/${link.code}` });
    expect(link.lanOrigins).toEqual([]); // listening on loopback only: nothing another machine could open

    const followed = await fetch(`${server.url}${link.path}?name=Ada`, { redirect: 'manual' });
    expect(followed.status).toBe(302);
    expect(followed.headers.get('location')).toBe('/?room=biology-3&name=Ada');
  });

  it('a code survives a restart on the same state directory once its room exists', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'canopy-join-'));
    server = await createSignalingServer({ host: '127.0.0.1', logger: silentLogger, staticDir: null, stateDir });
    const { code } = await joinLinkOf(server.url, 'physics');
    await server.close();
    server = await createSignalingServer({ host: '127.0.0.1', logger: silentLogger, staticDir: null, stateDir });
    expect((await fetch(`${server.url}/j/${code}`, { redirect: 'manual' })).status).toBe(404); // no such room yet
    const peer = await TestPeer.join(server.url, 'physics');
    try {
      const followed = await fetch(`${server.url}/j/${code}`, { redirect: 'manual' });
      expect(followed.headers.get('location')).toBe('/?room=physics');
    } finally {
      peer.close();
    }
  });

  it('unknown or malformed codes and bad room names get clear errors', async () => {
    server = await createSignalingServer({ host: '127.0.0.1', logger: silentLogger, staticDir: null });
    const unknown = await fetch(`${server.url}/j/abcdef`, { redirect: 'manual' });
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toMatch(/Unknown join code/);
    expect((await fetch(`${server.url}/j/..%2f..%2fetc`, { redirect: 'manual' })).status).toBe(404);
    expect((await fetch(`${server.url}/api/rooms/not%20a%20room/join-link`)).status).toBe(400);
  });

  it('on every interface, the link names the LAN addresses students can open', async () => {
    server = await createSignalingServer({ host: '0.0.0.0', logger: silentLogger, staticDir: null });
    const link = await joinLinkOf(server.url, 'lan');
    for (const origin of link.lanOrigins) expect(origin).toMatch(new RegExp(`^http://[^/]+:${server.port}$`));
    expect(link.lanOrigins.some((origin) => origin.includes('127.0.0.1') || origin.includes('localhost'))).toBe(false);
  });
});
