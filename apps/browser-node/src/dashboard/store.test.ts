import { addPeer, buildTwoTrees, removePeer } from '@canopy/algorithms';
import { initialRoomState, type MemberInfo, type RoomState, type Topology } from '@canopy/protocol';
import { describe, expect, it } from 'vitest';
import { DashboardStore, type DashboardEvent } from './store';
import { sample } from './test-samples';

const member = (peerId: string): MemberInfo => ({ peerId, displayName: peerId, capabilities: { backend: 'wasm', stepMs: null }, joinedAt: 0 });
const topologyEvent = (topology: Topology | null, room = 'r1'): DashboardEvent => ({
  type: 'topology',
  update: { room, topology, members: (topology?.peers ?? []).map(member) },
});
const stateEvent = (runId: number, name: RoomState['settings']['algorithm']['name'] = 'rfast', paused = false): DashboardEvent => {
  const base = initialRoomState();
  return { type: 'state', state: { ...base, runId, paused, settings: { ...base.settings, algorithm: { ...base.settings.algorithm, name } } } };
};
const link = (peer: string, messagesSent: number, injectedDrops: number) => ({
  peer,
  state: 'open' as const,
  bytesSent: 0,
  bytesReceived: 0,
  messagesSent,
  messagesReceived: 0,
  injectedDrops,
  malformedFrames: 0,
});

function store(): DashboardStore {
  let now = 0;
  return new DashboardStore('r1', true, () => (now += 1));
}

describe('DashboardStore', () => {
  it('starts from a watch snapshot: nodes, both trees, root, epoch, run and samples', () => {
    const s = store();
    const topology = buildTwoTrees(['a', 'b', 'c'], { epoch: 4 });
    const changes = s.apply([
      {
        type: 'snapshot',
        snapshot: { room: 'r1', topology, members: topology.peers.map(member), state: initialRoomState(), metrics: [sample({ peerId: 'b', at: 5, step: 3 })] },
      },
    ]);
    expect(changes).toEqual({ topology: true, metrics: true, state: true, runs: false });
    const view = s.view();
    expect(view).toMatchObject({ epoch: 4, root: 'a', topologyKind: 'two-trees', runId: 1, paused: false, algorithm: 'rfast' });
    expect(view.nodes.map((n) => [n.id, n.isRoot, n.step])).toEqual([
      ['a', true, null],
      ['b', false, 3],
      ['c', false, null],
    ]);
    expect(view.edges.pull.map((e) => `${e.from}>${e.to}`)).toEqual(['a>b', 'a>c']);
    expect(view.edges.push.map((e) => `${e.from}>${e.to}`)).toEqual(['b>a', 'c>a']);
    expect(view.nodes.every((n) => n.x !== null && n.y !== null)).toBe(true);
  });

  it('keeps node positions and forgets departed peers on a topology change', () => {
    const s = store();
    let topology = buildTwoTrees(['a', 'b', 'c']);
    s.apply([topologyEvent(topology)]);
    const bAt = s.layout.positions.get('b');
    s.apply([{ type: 'metrics', sample: sample({ peerId: 'c', at: 1, links: [link('a', 1, 0)] }) }]);
    topology = removePeer(addPeer(topology, 'd'), 'c');
    s.apply([topologyEvent(topology)]);
    expect(s.layout.positions.get('b')).toEqual(bAt);
    expect(s.view().nodes.map((n) => n.id)).toEqual(['a', 'b', 'd']);
    expect(s.nodes.latest('c')).toBeUndefined();
  });

  it('starts a new run on a new runId and puts the previous one on the overlay list', () => {
    const s = store();
    s.apply([stateEvent(1, 'rfast'), { type: 'metrics', sample: sample({ runId: 1, at: 1 }) }]);
    const changes = s.apply([stateEvent(2, 'naive')]);
    expect(changes.runs).toBe(true);
    expect(s.view().runs.map((r) => [r.runId, r.algorithm, r.current, r.overlaid])).toEqual([
      [2, 'naive', true, false],
      [1, 'rfast', false, true],
    ]);
    s.setOverlay(1, false);
    s.setOverlay(2, true); // the current run is never its own overlay
    expect([...s.overlays]).toEqual([]);
  });

  it('derives per-edge rates and loss from consecutive reports', () => {
    const s = store();
    s.apply([topologyEvent(buildTwoTrees(['a', 'b']))]);
    s.apply([
      { type: 'metrics', sample: sample({ peerId: 'a', at: 1_000, links: [link('b', 10, 0)] }) },
      { type: 'metrics', sample: sample({ peerId: 'a', at: 2_000, links: [link('b', 17, 3)] }) },
    ]);
    expect(s.view().edges.pull[0]).toEqual({ from: 'a', to: 'b', messagesPerSecond: 7, loss: 0.3 });
  });

  it('ignores events of another room and replays of samples it holds', () => {
    const s = store();
    const changes = s.apply([topologyEvent(buildTwoTrees(['x']), 'other'), { type: 'metrics', sample: sample({ room: 'other' }) }]);
    expect(changes).toEqual({ topology: false, metrics: false, state: false, runs: false });
    expect(s.ignored).toBe(2);
    s.apply([{ type: 'metrics', sample: sample({ at: 3 }) }]);
    expect(s.apply([{ type: 'metrics', sample: sample({ at: 3 }) }]).metrics).toBe(false);
  });

  it('shows pause from the room state and an empty room as no topology', () => {
    const s = store();
    s.apply([stateEvent(1, 'rfast', true), topologyEvent(null)]);
    expect(s.view()).toMatchObject({ paused: true, epoch: null, root: null, nodes: [] });
  });
});
