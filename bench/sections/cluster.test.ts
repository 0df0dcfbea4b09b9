import { describe, expect, it } from 'vitest';
import { fakeResult } from '../../apps/demo/src/fake-result';
import { ratio, reachedOf, timeCell, type Reached } from './cluster';

const reached = (seconds: number): Reached => ({ kind: 'reached', seconds });
const notReached = (atLeast: number): Reached => ({ kind: 'not-reached', atLeast });

describe('reachedOf', () => {
  it('takes the root time, or the trained time as a lower bound, or failed', () => {
    expect(reachedOf({ ok: true, result: fakeResult() })).toEqual(reached(10));
    expect(reachedOf({ ok: true, result: fakeResult({ timeToTarget: { root: null, all: null }, trainedS: 180 }) })).toEqual(notReached(180));
    expect(reachedOf({ ok: false, reason: 'timeout', detail: '' })).toEqual({ kind: 'failed' });
  });
});

describe('ratio', () => {
  it('is exact when both runs reached the target', () => {
    expect(ratio(reached(30), reached(60))).toEqual({ text: '0.50', value: 0.5, bound: 'exact' });
  });

  it('is only bounded when one run hit the limit', () => {
    expect(ratio(reached(30), notReached(180))).toMatchObject({ text: '< 0.17', bound: 'upper' });
    expect(ratio(notReached(180), reached(60))).toMatchObject({ text: '> 3.00', bound: 'lower' });
  });

  it('is unknown otherwise', () => {
    expect(ratio(notReached(180), notReached(180)).bound).toBe('unknown');
    expect(ratio(reached(10), { kind: 'failed' }).text).toBe('n/a');
  });
});

describe('timeCell', () => {
  it('prints "> limit" for a run that did not get there', () => {
    expect(timeCell(reached(12.345))).toBe('12.3');
    expect(timeCell(notReached(180.2))).toBe('> 180');
    expect(timeCell({ kind: 'failed' })).toBe('failed');
  });
});
