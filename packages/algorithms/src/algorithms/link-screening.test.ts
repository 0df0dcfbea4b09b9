import { describe, expect, it } from 'vitest';
import { LinkScreening, MAX_MODEL_STEPS, MODEL_STEPS, STRIKES, TRACKER_FACTOR, WINDOW } from './link-screening';

describe('LinkScreening', () => {
  it('has no bound before the node knows its own gradient scale, then bounds from it', () => {
    const screening = new LinkScreening(8, 0.1);
    expect(screening.trackerBound).toBe(Number.POSITIVE_INFINITY);
    expect(screening.judge('a', 1e300, screening.trackerBound)).toBe('accept');
    screening.observe(2);
    screening.observe(1); // the largest own gradient so far counts
    screening.observe(Number.NaN);
    expect(screening.trackerBound).toBe(TRACKER_FACTOR * 8 * 2);
    expect(screening.modelBound()).toBeCloseTo(MODEL_STEPS * 0.1 * 2, 12);
    // Older information allows more drift, up to MAX_MODEL_STEPS (a lying echo loosens it only so far).
    expect(screening.modelBound(MODEL_STEPS / 2)).toBeCloseTo(MODEL_STEPS * 0.1 * 2, 12);
    expect(screening.modelBound(3 * MODEL_STEPS)).toBeCloseTo(3 * MODEL_STEPS * 0.1 * 2, 12);
    expect(screening.modelBound(1e9)).toBeCloseTo(MAX_MODEL_STEPS * 0.1 * 2, 12);
  });

  it(`refuses what is over its bound, and quarantines a link after ${STRIKES} refusals within its last ${WINDOW} messages`, () => {
    const screening = new LinkScreening(4, 0.1);
    screening.observe(1);
    const bound = screening.trackerBound;
    expect(screening.judge('a', bound, bound)).toBe('accept');
    expect(screening.judge('a', bound * 2, bound)).toBe('refuse');
    for (let i = 0; i < WINDOW - 1; i++) screening.judge('a', 0, bound); // the first refusal leaves the window
    expect(screening.judge('a', Number.POSITIVE_INFINITY, bound)).toBe('refuse');
    expect(screening.judge('a', bound * 3, bound)).toBe('refuse');
    expect(screening.isQuarantined('a')).toBe(false);
    expect(screening.judge('a', Number.NaN, bound)).toBe('quarantine');
    expect(screening.isQuarantined('a')).toBe(true);
    expect(screening.judge('b', 0, bound)).toBe('accept'); // per link
  });

  it('starts each epoch without strikes or quarantines but keeps its scale', () => {
    const screening = new LinkScreening(4, 0.1);
    screening.observe(3);
    for (let i = 0; i < STRIKES; i++) screening.judge('a', 1e9, screening.trackerBound);
    expect(screening.isQuarantined('a')).toBe(true);
    const next = screening.forEpoch(6);
    expect(next.isQuarantined('a')).toBe(false);
    expect(next.trackerBound).toBe(TRACKER_FACTOR * 6 * 3);
  });
});
