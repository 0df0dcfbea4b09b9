/**
 * Two nodes in Node over REAL WebRTC (@roamhq/wrtc) that may only use TURN relay candidates, through Debian's
 * REAL coturn started as `--turn` starts it and the REAL signaling server handing out per-peer time-limited
 * credentials: the link opens relayed and training converges. With the relay's secret wrong, no relay
 * candidate is gathered and the link never opens (so the first test shows the credentials are what works).
 */
import { createSocket } from 'node:dgram';
import wrtc from '@roamhq/wrtc';
import { io } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { createSignalingServer, silentLogger, type SignalingServer } from '../../../signaling-server/src/index';
import { startCoturn, type RunningCoturn } from '../../../signaling-server/src/turn/coturn';
import { SimplePeerChannel } from '../net/simple-peer-channel';
import type { CanopySocket } from '../net/signaling-client';
import { plainTimers } from '../net/timers';
import { NodeSession } from './node-session';
import { quadraticOptimum, quadraticSetup } from './quadratic-setup';
import { Runner } from './runner';

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

function freeUdpPort(): Promise<number> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    socket.bind(0, '127.0.0.1', () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}

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
  const socket: CanopySocket = io(url, { transports: ['websocket'], forceNew: true });
  const session = new NodeSession({
    socket,
    room: 'relay-test',
    displayName: name,
    setup: quadraticSetup(DIMENSION),
    timers: plainTimers,
    createChannel: (_peer, initiator, ack) => new SimplePeerChannel({ initiator, iceServers: ack.iceServers, iceTransportPolicy: 'relay', wrtc }),
    runner: { chooseShard: (self, topology) => ({ nodes: 2, node: topology.root === self ? 0 : 1 }), evaluationIntervalMs: 200 },
  });
  sessions.push(session);
  return session;
}

async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function distance(session: NodeSession, optimum: Float64Array | number[]): number {
  const model = session.runner instanceof Runner ? session.runner.model : null;
  if (!model) return Infinity;
  let worst = 0;
  for (let k = 0; k < DIMENSION; k++) worst = Math.max(worst, Math.abs((model[k] as number) - (optimum[k] as number)));
  return worst;
}

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
