/**
 * Two nodes in Node over REAL WebRTC (@roamhq/wrtc) that may only use TURN relay candidates, through Debian's
 * REAL coturn started as `--turn` starts it and the REAL signaling server handing out per-peer time-limited
 * credentials: the link opens relayed and training converges. With the relay's secret wrong, no relay
 * candidate is gathered and the link never opens (so the first test shows the credentials are what works).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createSignalingServer, silentLogger, type SignalingServer } from '../../../signaling-server/src/index';
import { startCoturn, type RunningCoturn } from '../../../signaling-server/src/turn/coturn';
import type { NodeSession } from './node-session';
import { quadraticOptimum } from './quadratic-setup';
import { distanceTo, openWrtcNode, until } from './wrtc-nodes';
import { freeUdpPort } from '../../../signaling-server/src/testing/udp-port';

const DIMENSION = 20_000;
const SECRET = 'relay-test-secret';

let server: SignalingServer | undefined;
let relay: RunningCoturn | undefined;
const sessions: NodeSession[] = [];

afterEach(async () => {
  for (const session of sessions.splice(0)) session.close();
  await server?.close();
  await relay?.stop();
  server = undefined;
  relay = undefined;
});

async function relayRoom(serverSecret: string): Promise<string> {
  const port = await freeUdpPort();
  // Everything is on 127.0.0.1 here, and coturn refuses loopback peers unless told (the product never tells it).
  relay = await startCoturn({ port, secret: SECRET, allowLoopbackPeers: true });
  server = await createSignalingServer({
    port: 0,
    host: '127.0.0.1',
    staticDir: null,
    logger: silentLogger,
    turn: { secret: serverSecret, urls: [`turn:{host}:${port}?transport=udp`], ttlSeconds: 600 },
  });
  return server.url;
}

function openNode(url: string, name: string): NodeSession {
  const session = openWrtcNode({ url, room: 'relay-test', name, dimension: DIMENSION, iceTransportPolicy: 'relay' });
  sessions.push(session);
  return session;
}

const distance = (session: NodeSession, optimum: ArrayLike<number>): number => distanceTo(session, optimum);

describe('two nodes through a TURN relay only (real coturn, real credentials)', () => {
  it('the link opens relayed and both models reach the optimum', async () => {
    const url = await relayRoom(SECRET);
    const a = openNode(url, 'a');
    await until(() => a.peerId !== undefined, 10_000, 'a to join');
    const b = openNode(url, 'b');
    await until(() => [a, b].every((s) => s.status().links.some((link) => link.state === 'open' && link.route !== null)), 20_000, 'the relayed link to open');
    const optimum = quadraticOptimum(1, 2, DIMENSION);
    await until(() => distance(a, optimum) < 0.05 && distance(b, optimum) < 0.05, 30_000, 'both models to reach the optimum');
    for (const session of [a, b]) {
      const [link] = session.status().links;
      expect(link?.route).toBe('relayed');
      expect(link?.bytesReceived).toBeGreaterThan(100_000);
      expect(session.status().malformedFrames).toBe(0);
    }
  }, 70_000);

  it('with credentials the relay does not accept, no link opens', async () => {
    const url = await relayRoom('not-the-relay-secret');
    const a = openNode(url, 'a');
    await until(() => a.peerId !== undefined, 10_000, 'a to join');
    const b = openNode(url, 'b');
    await until(() => b.peerId !== undefined, 10_000, 'b to join');
    await new Promise((resolve) => setTimeout(resolve, 8_000));
    for (const session of [a, b]) expect(session.status().links.filter((link) => link.state === 'open')).toEqual([]);
  }, 40_000);
});
