import { buildTwoTrees } from '@canopy/algorithms';
import { initialRoomState, type MemberInfo } from '@canopy/protocol';
import { describe, expect, it } from 'vitest';
import { NodeStatsTracker } from './node-stats';
import { sample } from './test-samples';

const member = (peerId: string, backend = 'webgl'): MemberInfo => ({ peerId, displayName: `tab ${peerId}`, capabilities: { backend, stepMs: 12 }, joinedAt: 0 });

describe('NodeStatsTracker', () => {
  it('shows each member with its newest report, root flag and straggler factor', () => {
    const tracker = new NodeStatsTracker();
    tracker.observe(sample({ peerId: 'b', at: 1_000, step: 10, loss: 0.7, heldOutAccuracy: 0.8, injectedDrops: 4, backend: 'wasm', delayScale: 0.25, recoveries: 2 }));
    const state = initialRoomState();
    const slowed = { ...state, faults: { ...state.faults, stragglers: [{ peer: 'b', factor: 4 }] } };
    const rows = tracker.rows([member('a'), member('b')], buildTwoTrees(['a', 'b']), slowed);
    expect(rows.map((r) => [r.id, r.isRoot, r.backend, r.step, r.stragglerFactor])).toEqual([
      ['a', true, 'webgl', null, 1],
      ['b', false, 'wasm', 10, 4],
    ]);
    expect(rows[1]).toMatchObject({ displayName: 'tab b', loss: 0.7, heldOutAccuracy: 0.8, injectedDrops: 4, delayScale: 0.25, recoveries: 2 });
    expect(rows[0]?.delayScale).toBeNull(); // no report yet
    expect(rows[0]?.recoveries).toBeNull();
  });

  it('names, for each node, the members whose newest report says they quarantined it', () => {
    const tracker = new NodeStatsTracker();
    tracker.observe(sample({ peerId: 'a', at: 1_000, quarantined: ['c'] }));
    tracker.observe(sample({ peerId: 'b', at: 1_000, quarantined: ['c', 'a'] }));
    const rows = tracker.rows([member('a'), member('b'), member('c')], null, null);
    expect(rows.map((r) => [r.id, r.reportedBy])).toEqual([['a', ['b']], ['b', []], ['c', ['a', 'b']]]);
    tracker.observe(sample({ peerId: 'b', at: 2_000, quarantined: [] })); // a new epoch: b's quarantines are over
    expect(tracker.rows([member('a'), member('b'), member('c')], null, null).map((r) => r.reportedBy)).toEqual([[], [], ['a']]);
  });

  it('measures the step rate over a window of recent reports', () => {
    const tracker = new NodeStatsTracker(2_000);
    [0, 3, 3, 7, 9].forEach((step, i) => tracker.observe(sample({ peerId: 'a', at: i * 500, step })));
    // Window of 2 s ending at 2 000 ms: from (0 ms, 0) to (2 000 ms, 9).
    expect(tracker.rows([member('a')], null, null)[0]?.stepsPerSecond).toBe(4.5);
    tracker.observe(sample({ peerId: 'a', at: 3_000, step: 13 }));
    // (0 ms) and (500 ms) fell out of the window: from (1 000 ms, 3) to (3 000 ms, 13).
    expect(tracker.rows([member('a')], null, null)[0]?.stepsPerSecond).toBe(5);
    tracker.observe(sample({ peerId: 'a', at: 10_000, step: 20 }));
    expect(tracker.rows([member('a')], null, null)[0]?.stepsPerSecond).toBe(1); // a slow reporter keeps a rate
  });

  it('derives the step rate from consecutive reports of the same run only', () => {
    const tracker = new NodeStatsTracker();
    tracker.observe(sample({ peerId: 'a', at: 1_000, step: 10 }));
    tracker.observe(sample({ peerId: 'a', at: 3_000, step: 50 }));
    expect(tracker.rows([member('a')], null, null)[0]?.stepsPerSecond).toBe(20);
    tracker.observe(sample({ peerId: 'a', at: 4_000, step: 2, runId: 2 }));
    expect(tracker.rows([member('a')], null, null)[0]?.stepsPerSecond).toBeNull();
    tracker.observe(sample({ peerId: 'a', at: 3_500, step: 99, runId: 2 })); // older than what is held
    expect(tracker.latest('a')?.step).toBe(2);
  });

  it('lists topology peers while the member list is unknown, and forgets a peer that left', () => {
    const tracker = new NodeStatsTracker();
    tracker.observe(sample({ peerId: 'b', at: 1 }));
    expect(tracker.rows([], buildTwoTrees(['a', 'b']), null).map((r) => r.id)).toEqual(['a', 'b']);
    tracker.forget('b');
    expect(tracker.latest('b')).toBeUndefined();
  });
});
