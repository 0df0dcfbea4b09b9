/**
 * Test support for the Node WebRTC integration tests: quadratic-objective nodes over real WebRTC (@roamhq/wrtc
 * through simple-peer), joined to a real signaling server, and the waits those tests share.
 */
import wrtc from '@roamhq/wrtc';
import { io } from 'socket.io-client';
import type { CanopySocket } from '../net/signaling-client';
import { SimplePeerChannel } from '../net/simple-peer-channel';
import { plainTimers } from '../net/timers';
import { NodeSession } from './node-session';
import { quadraticSetup } from './quadratic-setup';
import { Runner } from './runner';

export interface WrtcNodeOptions {
  readonly url: string;
  readonly room: string;
  readonly name: string;
  readonly dimension: number;
  /** 'relay' allows TURN relay candidates only. */
  readonly iceTransportPolicy?: RTCIceTransportPolicy;
}

/** A node of a two-node room: the root takes shard 0, the other shard 1. */
export function openWrtcNode(options: WrtcNodeOptions): NodeSession {
  const socket: CanopySocket = io(options.url, { transports: ['websocket'], forceNew: true });
  const policy = options.iceTransportPolicy === undefined ? {} : { iceTransportPolicy: options.iceTransportPolicy };
  return new NodeSession({
    socket,
    room: options.room,
    displayName: options.name,
    setup: quadraticSetup(options.dimension),
    timers: plainTimers,
    createChannel: (_peer, initiator, ack) => new SimplePeerChannel({ initiator, iceServers: ack.iceServers, wrtc, ...policy }),
    runner: { chooseShard: (self, topology) => ({ nodes: 2, node: topology.root === self ? 0 : 1 }), evaluationIntervalMs: 200 },
  });
}

export async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Largest coordinate distance between a node's model and `optimum` (Infinity before it has a model). */
export function distanceTo(session: NodeSession, optimum: ArrayLike<number>): number {
  const model = session.runner instanceof Runner ? session.runner.model : null;
  if (!model) return Infinity;
  let worst = 0;
  for (let k = 0; k < optimum.length; k++) worst = Math.max(worst, Math.abs((model[k] as number) - (optimum[k] as number)));
  return worst;
}
