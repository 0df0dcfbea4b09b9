import { describe, expect, it } from 'vitest';
import { RAMP_DOUBLING, StepRamp } from './step-ramp';

describe('StepRamp', () => {
  it('within an epoch, follows its target both ways', () => {
    const ramp = new StepRamp();
    expect(ramp.take(0.05)).toBe(0.05);
    expect(ramp.take(0.01)).toBe(0.01);
    expect(ramp.take(0.04)).toBe(0.04);
  });

  it('after a restart, a smaller target applies at once', () => {
    const ramp = new StepRamp();
    ramp.take(0.05);
    ramp.restart();
    expect(ramp.take(0.01)).toBe(0.01);
  });

  it('after a restart, rises to a larger target by doubling over RAMP_DOUBLING exchanges, then follows it again', () => {
    const ramp = new StepRamp();
    ramp.take(0.01);
    ramp.restart();
    let step = 0;
    for (let k = 0; k < RAMP_DOUBLING; k++) step = ramp.take(0.04);
    expect(step).toBeCloseTo(0.02, 12);
    for (let k = 0; k < RAMP_DOUBLING; k++) step = ramp.take(0.04);
    expect(step).toBeCloseTo(0.04, 12);
    expect(ramp.take(0.04)).toBe(0.04);
    // Caught up: the ramp is over, and the next rise within the epoch applies at once.
    ramp.take(0.01);
    expect(ramp.take(0.05)).toBe(0.05);
  });

  it('a restart before the first exchange changes nothing', () => {
    const ramp = new StepRamp();
    ramp.restart();
    expect(ramp.take(0.05)).toBe(0.05);
  });

  it('peek says what take would use and changes nothing', () => {
    const ramp = new StepRamp();
    ramp.take(0.01);
    ramp.restart();
    const next = ramp.peek(1);
    expect(next).toBeGreaterThan(0.01);
    expect(next).toBeLessThan(0.0101);
    expect(ramp.peek(1)).toBe(next);
    expect(ramp.take(1)).toBe(next);
  });
});
