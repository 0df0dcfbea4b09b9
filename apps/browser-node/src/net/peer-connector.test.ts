import { buildTwoTrees, peerView } from '@canopy/algorithms';
import type { PeerId, SignalData } from '@canopy/protocol';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../training/random';
import { DEFAULT_LOW_THRESHOLD, type ChannelEvents, type ChannelState } from './channel';
import { Emitter } from './emitter';
import { FaultInjector } from './fault-injector';
import { Mesh } from './mesh';
import { PeerConnector, type SignalingChannel } from './peer-connector';
import type { SignalingChannelEvents } from './simple-peer-channel';
import type { Timers } from './timers';

class FakeChannel implements SignalingChannel {
  readonly events = new Emitter<ChannelEvents>();
  readonly outgoing = new Emitter<SignalingChannelEvents>();
  readonly lowThreshold = DEFAULT_LOW_THRESHOLD;
  readonly maxMessageSize = 256 * 1024;
  readonly bufferedAmount = 0;
  state: ChannelState = 'connecting';
  readonly route = null;
  readonly received: SignalData[] = [];

  constructor(
    readonly peer: PeerId,
    readonly initiator: boolean,
  ) {}

  signal(data: SignalData): void {
    this.received.push(data);
  }

  diagnostics() {
    return { localCandidates: 0, remoteSignals: this.received.length, iceState: null };
  }

  send(): void {}

  close(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.events.emit('close', 'closed');
  }
}

/** Sleeps that end only when the test says so. */
class ManualTimers implements Timers {
  clock = 0;
  readonly sleeping: { ms: number; wake: () => void }[] = [];
  sleep(ms: number): Promise<void> {
    return new Promise((wake) => this.sleeping.push({ ms, wake }));
  }
  now(): number {
    return this.clock;
  }
  /** Ends every pending sleep of at most `upToMs`, then lets the continuations run. */
  async flush(upToMs = Infinity): Promise<void> {
    const due = this.sleeping.filter((sleep) => sleep.ms <= upToMs);
    this.sleeping.splice(0, this.sleeping.length, ...this.sleeping.filter((sleep) => sleep.ms > upToMs));
    for (const { wake } of due) wake();
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

const offer: SignalData = { type: 'offer', sdp: 'v=0' };

function setup(self: PeerId) {
  const timers = new ManualTimers();
  const mesh = new Mesh({ injector: new FaultInjector(self, seededRandom(1)), timers });
  const channels: FakeChannel[] = [];
  const relayed: { to: PeerId; data: SignalData }[] = [];
  const connector = new PeerConnector({
    self,
    mesh,
    timers,
    relay: (to, data) => relayed.push({ to, data }),
    createChannel: (peer, initiator) => {
      const channel = new FakeChannel(peer, initiator);
      channels.push(channel);
      return channel;
    },
  });
  const live = (peer: PeerId) => mesh.get(peer)?.channel as FakeChannel | undefined;
  return { timers, mesh, channels, relayed, connector, live };
}

/** Peers in join order: p1 is the root, p2 and p3 its children, p4 the child of p2. */
const tree = (epoch: number, peers = ['p1', 'p2', 'p3', 'p4'], fanOut = 2) => buildTwoTrees(peers, { epoch, fanOut });
const LINGER_MS = 10_000; // the default; shorter than the 15 s connect timeout

describe('PeerConnector', () => {
  it('opens one link per neighbour in either tree; the lower peer id is the initiator', () => {
    const { connector, mesh, channels } = setup('p2');
    connector.setTopology(peerView(tree(1), 'p2'));
    expect(mesh.links().map((link) => link.peer).sort()).toEqual(['p1', 'p4']);
    expect(channels.map((c) => [c.peer, c.initiator])).toEqual(expect.arrayContaining([['p1', false], ['p4', true]]));
  });

  it('lists links to neighbours that have not opened, since when, how the last attempt ended and what ICE saw', () => {
    const { connector, timers, live } = setup('p2');
    timers.clock = 1_000;
    connector.setTopology(peerView(tree(1), 'p2'));
    expect(connector.stalledLinks().map((l) => [l.peer, l.tryingSinceMs, l.lastFailure])).toEqual(expect.arrayContaining([['p1', 1_000, null], ['p4', 1_000, null]]));
    expect(connector.stalledLinks().find((l) => l.peer === 'p1')?.diagnostics).toEqual({ localCandidates: 0, remoteSignals: 0, iceState: null });
    const toP1 = live('p1')!;
    toP1.state = 'open';
    toP1.events.emit('open');
    expect(connector.stalledLinks().map((l) => l.peer)).toEqual(['p4']);
    timers.clock = 5_000;
    toP1.state = 'closed';
    toP1.events.emit('close', 'connection failed: Ice connection failed.');
    expect(connector.stalledLinks().find((l) => l.peer === 'p1')).toMatchObject({ tryingSinceMs: 5_000, lastFailure: 'connection failed: Ice connection failed.' });
  });

  it('relays the channel’s signals to its peer', () => {
    const { connector, relayed, live } = setup('p2');
    connector.setTopology(peerView(tree(1), 'p2'));
    live('p4')?.outgoing.emit('signal', offer);
    expect(relayed).toEqual([{ to: 'p4', data: offer }]);
  });

  it('tears a link down when its peer stops being a neighbour, after the linger time', async () => {
    const { connector, mesh, timers } = setup('p1');
    connector.setTopology(peerView(tree(1), 'p1'));
    const toP3 = mesh.get('p3');
    connector.setTopology(peerView(tree(2, ['p1', 'p2']), 'p1'));
    expect(mesh.get('p3')).toBe(toP3); // lingering
    await timers.flush(LINGER_MS);
    expect(mesh.get('p3')).toBeUndefined();
    expect(toP3?.channel.state).toBe('closed');
  });

  it('keeps the same link when a peer is a neighbour again before the linger ends (e.g. a server restart)', async () => {
    const { connector, mesh, timers } = setup('p1');
    connector.setTopology(peerView(tree(1), 'p1'));
    const toP2 = mesh.get('p2');
    connector.setTopology(peerView(tree(2, ['p1']), 'p1')); // first tab back on a restarted server
    connector.setTopology(peerView(tree(3), 'p1')); // everyone back
    await timers.flush(LINGER_MS);
    expect(mesh.get('p2')).toBe(toP2);
    expect(toP2?.channel.state).toBe('connecting');
  });

  it('holds signals from a peer that is not a neighbour yet and applies them when it becomes one', () => {
    const { connector, live } = setup('p3');
    connector.setTopology(peerView(tree(1, ['p1', 'p3']), 'p3'));
    connector.onSignal({ from: 'p5', data: offer }); // p5's topology push arrived before ours
    expect(live('p5')).toBeUndefined();
    connector.setTopology(peerView(tree(2, ['p1', 'p3', 'p5'], 1), 'p3')); // a chain: p1 → p3 → p5
    expect(live('p5')?.received).toEqual([offer]);
  });

  it('starts over on the responder side when the initiator sends a new offer', () => {
    const { connector, live } = setup('p2');
    connector.setTopology(peerView(tree(1), 'p2'));
    const first = live('p1');
    connector.onSignal({ from: 'p1', data: offer });
    expect(live('p1')).toBe(first);
    connector.onSignal({ from: 'p1', data: offer }); // the initiator restarted its side
    const second = live('p1');
    expect(second).not.toBe(first);
    expect(first?.state).toBe('closed');
    expect(second?.received).toEqual([offer]);
  });

  it('has the initiator re-offer after a link to a neighbour closes', async () => {
    const { connector, live, timers } = setup('p1');
    connector.setTopology(peerView(tree(1), 'p1'));
    const first = live('p2');
    first?.close();
    await timers.flush(1_000); // the first retry delay
    expect(live('p2')).not.toBe(first);
    expect(live('p2')?.initiator).toBe(true);
  });
});
