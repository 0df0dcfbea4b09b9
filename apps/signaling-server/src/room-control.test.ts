import { initialRoomState, type ControlAction, type RoomState } from '@canopy/protocol';
import { describe, expect, it } from 'vitest';
import { applyControl } from './room-control';

const members = new Set(['p-1', 'p-2']);
const isMember = (peer: string): boolean => members.has(peer);

function apply(action: ControlAction, state: RoomState = initialRoomState()): RoomState {
  const result = applyControl(state, action, isMember);
  if (!result.ok) throw new Error(result.error.message);
  return result.value.state;
}

describe('applyControl', () => {
  it('replaces loss settings, keeping overrides and burst when omitted', () => {
    const first = apply({ type: 'loss', p: 0.2, links: [{ from: 'p-1', to: 'p-2', p: 1 }], burst: { pGoodToBad: 0.1, pBadToGood: 0.3, lossGood: 0, lossBad: 1 } });
    const second = apply({ type: 'loss', p: 0.4 }, first);
    expect(second.faults.loss).toEqual({ p: 0.4, links: [{ from: 'p-1', to: 'p-2', p: 1 }], burst: first.faults.loss.burst });
    expect(apply({ type: 'loss', p: 0, burst: null }, second).faults.loss.burst).toBeNull();
  });

  it('sets and clears a straggler (factor 1 removes it)', () => {
    const slow = apply({ type: 'straggler', peer: 'p-2', factor: 5 });
    expect(slow.faults.stragglers).toEqual([{ peer: 'p-2', factor: 5 }]);
    expect(apply({ type: 'straggler', peer: 'p-2', factor: 2 }, slow).faults.stragglers).toEqual([{ peer: 'p-2', factor: 2 }]);
    expect(apply({ type: 'straggler', peer: 'p-2', factor: 1 }, slow).faults.stragglers).toEqual([]);
  });

  it("an algorithm switch gets the room's defaults for that method under the params it names", () => {
    expect(apply({ type: 'algorithm', name: 'synthesis', learningRate: 0.05 }).settings.algorithm.params).toEqual({ delta: 2 });
    expect(apply({ type: 'algorithm', name: 'synthesis', learningRate: 0.05, params: { delta: 9, q: 4 } }).settings.algorithm.params).toEqual({ delta: 9, q: 4 });
    expect(apply({ type: 'algorithm', name: 'adpsgd', learningRate: 0.05 }).settings.algorithm.params).toEqual({});
  });

  it('starts a new run for reset, algorithm, partition and dataset, but not for faults, pause or topology', () => {
    const start = initialRoomState();
    const newRun: ControlAction[] = [
      { type: 'reset' },
      { type: 'algorithm', name: 'adpsgd', learningRate: 0.1 },
      { type: 'partition', partition: { kind: 'dirichlet', alpha: 0.3 } },
      { type: 'dataset', dataset: 'fashion-mnist', model: 'mlp' },
    ];
    for (const action of newRun) expect(apply(action, start).runId).toBe(start.runId + 1);
    const sameRun: ControlAction[] = [{ type: 'pause' }, { type: 'delay', meanMs: 1, jitterMs: 1 }, { type: 'topology', kind: 'exponential' }];
    for (const action of sameRun) expect(apply(action, start).runId).toBe(start.runId);
  });

  it('asks for a rebuild only on a topology action, keeping fanOut when omitted', () => {
    const result = applyControl(initialRoomState(), { type: 'topology', kind: 'ring' }, isMember);
    expect(result).toMatchObject({ ok: true, value: { rebuildTopology: true, state: { settings: { topology: { kind: 'ring', fanOut: 2 } } } } });
    expect(applyControl(initialRoomState(), { type: 'pause' }, isMember)).toMatchObject({ ok: true, value: { rebuildTopology: false } });
  });

  it('refuses peers that are not members and leaves the state untouched', () => {
    const state = initialRoomState();
    expect(applyControl(state, { type: 'straggler', peer: 'p-9', factor: 2 }, isMember)).toMatchObject({ ok: false, error: { code: 'unknown-peer' } });
    expect(state).toEqual(initialRoomState());
  });

  it('never mutates the previous state object', () => {
    const state = initialRoomState();
    const frozen = JSON.stringify(state);
    apply({ type: 'algorithm', name: 'dpsgd', learningRate: 1, params: { a: 1 } }, state);
    apply({ type: 'loss', p: 0.5 }, state);
    expect(JSON.stringify(state)).toBe(frozen);
  });
});
