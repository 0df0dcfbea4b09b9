import { describe, expect, it } from 'vitest';
import { fakePolls, fakeResult, sample } from './fake-result';
import { allTimeToTarget, lastAccuracy, lastSample, rootTimeToTarget, summarizeTabs, tabTimeToTarget } from './measures';

describe('time to target', () => {
  const polls = fakePolls();

  it('root: the first poll where the tab that is root then has reached it', () => {
    expect(rootTimeToTarget(polls, 0.9)).toBe(10);
    expect(rootTimeToTarget(polls, 0.99)).toBeNull();
  });

  it('does not credit a non-root tab for the root figure', () => {
    const swapped = polls.map((p) => ({ ...p, tabs: p.tabs.map((s) => (s === null ? null : { ...s, isRoot: !s.isRoot })) }));
    expect(rootTimeToTarget(swapped, 0.9)).toBe(15);
  });

  it('all: the first poll where every tab was read and has reached it', () => {
    expect(allTimeToTarget(polls, 0.9)).toBe(15);
    expect(allTimeToTarget(polls, 0.5)).toBe(10); // at t = 5 tab2 was unreadable
  });

  it('per tab', () => {
    expect(tabTimeToTarget(polls, 1, 0.9)).toBe(15);
    expect(tabTimeToTarget(polls, 5, 0.9)).toBeNull();
  });
});

describe('last values', () => {
  it('keeps the newest accuracy even when the newest sample has none', () => {
    expect(lastSample(fakePolls(), 0)?.step).toBe(200);
    expect(lastAccuracy(fakePolls(), 0)).toBe(0.93);
    expect(lastAccuracy([{ t: 0, tabs: [sample(1, null)] }], 0)).toBeNull();
  });
});

describe('summarizeTabs', () => {
  it('reports role, straggler, final accuracy, rates, counters and time to target per tab', () => {
    const [root, slow] = summarizeTabs(fakeResult());
    expect(root).toMatchObject({ name: 'tab1', role: 'root', straggler: false, accuracy: 0.93, steps: 200, stepsPerSecond: 10, timeToTarget: 10 });
    expect(slow).toMatchObject({ name: 'tab2', role: 'peer', straggler: true, accuracy: 0.92, injectedDrops: 9, bytesSent: 190_000, timeToTarget: 15 });
  });
});
