import { initialRoomState, type RoomState } from '@canopy/protocol';
import { describe, expect, it } from 'vitest';
import { decimate, RunBook, runLabel } from './runs';
import { sample } from './test-samples';

const state = (runId: number, name: RoomState['settings']['algorithm']['name'], p = 0): RoomState => {
  const base = initialRoomState();
  return {
    ...base,
    runId,
    settings: { ...base.settings, algorithm: { ...base.settings.algorithm, name } },
    faults: { ...base.faults, loss: { ...base.faults.loss, p } },
  };
};

describe('RunBook', () => {
  it('groups samples by run and keeps earlier runs when a new one starts', () => {
    const book = new RunBook();
    book.noteState(state(1, 'rfast', 0.3));
    book.add(sample({ runId: 1, peerId: 'a', at: 10 }));
    book.add(sample({ runId: 1, peerId: 'b', at: 12 }));
    book.noteState(state(2, 'naive', 0.3));
    book.add(sample({ runId: 2, peerId: 'a', at: 20 }));
    expect(book.current).toBe(2);
    expect(book.runs().map((r) => [r.runId, r.algorithm, r.samples.length])).toEqual([
      [2, 'naive', 1],
      [1, 'rfast', 2],
    ]);
    expect([...(book.get(1)?.peers ?? [])]).toEqual(['a', 'b']);
    expect(book.get(1)).toMatchObject({ firstAt: 10, lastAt: 12 });
  });

  it('does not count a replayed sample twice', () => {
    const book = new RunBook();
    expect(book.add(sample({ peerId: 'a', at: 10 }))).toBe(true);
    expect(book.add(sample({ peerId: 'a', at: 10 }))).toBe(false);
    expect(book.add(sample({ peerId: 'a', at: 5 }))).toBe(false);
    expect(book.add(sample({ peerId: 'b', at: 5 }))).toBe(true);
    expect(book.get(1)?.samples).toHaveLength(2);
  });

  it('follows the newest run in samples until a room state says which run is in force', () => {
    const book = new RunBook();
    book.add(sample({ runId: 3, at: 1 }));
    book.add(sample({ runId: 5, at: 2 }));
    book.add(sample({ runId: 4, at: 3 }));
    expect(book.current).toBe(5);
    book.noteState(state(4, 'rfast'));
    book.add(sample({ runId: 6, at: 4 })); // a straggling node's report does not override the state
    expect(book.current).toBe(4);
  });

  it('keeps only the newest runs, never dropping the current one', () => {
    const book = new RunBook({ maxRuns: 2, maxSamplesPerRun: 100 });
    book.noteState(state(1, 'rfast'));
    book.add(sample({ runId: 2, at: 1 }));
    book.add(sample({ runId: 3, at: 1 }));
    expect(book.runs().map((r) => r.runId)).toEqual([3, 1]);
  });

  it('halves the resolution of a run past its budget while keeping every peer and its newest sample', () => {
    const book = new RunBook({ maxRuns: 4, maxSamplesPerRun: 10 });
    for (let at = 1; at <= 6; at++) for (const peerId of ['a', 'b']) book.add(sample({ peerId, at }));
    const kept = book.get(1)?.samples ?? [];
    expect(kept.length).toBeLessThanOrEqual(10);
    for (const peer of ['a', 'b']) {
      const ats = kept.filter((s) => s.peerId === peer).map((s) => s.at);
      expect(ats[0]).toBe(1);
      expect(ats.includes(6)).toBe(true);
    }
  });
});

describe('decimate', () => {
  it('thins each peer on its own, so interleaved peers both survive', () => {
    const interleaved = [1, 2, 3, 4].flatMap((at) => [sample({ peerId: 'a', at }), sample({ peerId: 'b', at })]);
    const kept = decimate(interleaved);
    expect(kept.filter((s) => s.peerId === 'a').map((s) => s.at)).toEqual([1, 3, 4]);
    expect(kept.filter((s) => s.peerId === 'b').map((s) => s.at)).toEqual([1, 3, 4]);
  });
});

describe('runLabel', () => {
  it('names the run, its algorithm and its loss when known', () => {
    expect(runLabel({ runId: 2, algorithm: 'naive', lossP: 0.3 })).toBe('run 2 · naive · loss 30%');
    expect(runLabel({ runId: 1, algorithm: null, lossP: null })).toBe('run 1');
  });
});
