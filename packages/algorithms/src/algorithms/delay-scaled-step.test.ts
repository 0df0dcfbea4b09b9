import { describe, expect, it } from 'vitest';
import { DelayScaledStep, MIN_SCALE, defaultStableDelay } from './delay-scaled-step';

/** Messages on `link` at the given step counts. */
function hear(scaled: DelayScaledStep, link: string, steps: readonly number[]): void {
  for (const step of steps) scaled.heard(link, step);
}

describe('DelayScaledStep', () => {
  it('is off with D₀ = 0, whatever the gaps', () => {
    const scaled = new DelayScaledStep(0);
    hear(scaled, 'p', [0, 500, 1000]);
    expect(scaled.delay).toBe(500);
    expect(scaled.scale).toBe(1);
  });

  it('defaults D₀ to ⌈5/γ⌉ steps (γ·D₀ ≤ 5), off for a zero step', () => {
    expect(defaultStableDelay(0.1)).toBe(50);
    expect(defaultStableDelay(0.5)).toBe(10);
    expect(defaultStableDelay(0.03)).toBe(167);
    expect(defaultStableDelay(0.05 * 0.5)).toBe(200);
    expect(defaultStableDelay(0)).toBe(0);
  });

  it('needs two messages on a link to know its gap', () => {
    const scaled = new DelayScaledStep(10);
    hear(scaled, 'p', [100]);
    expect(scaled.delay).toBe(0);
    expect(scaled.scale).toBe(1);
  });

  it('leaves γ alone up to D₀ and scales it by D₀ / gap beyond', () => {
    const scaled = new DelayScaledStep(40);
    hear(scaled, 'p', [0, 40]);
    expect(scaled.scale).toBe(1);
    const slow = new DelayScaledStep(40);
    hear(slow, 'p', [0, 160]);
    expect(slow.scale).toBe(0.25);
  });

  it('smooths the gaps (a quarter of each new one) and follows the slowest in-link', () => {
    const scaled = new DelayScaledStep(10);
    hear(scaled, 'fast', [0, 4, 8, 12]);
    hear(scaled, 'slow', [0, 40]);
    expect(scaled.delay).toBe(40);
    hear(scaled, 'slow', [60]); // gap 20: 40 + ¼(20 − 40)
    expect(scaled.delay).toBe(35);
    expect(scaled.scale).toBeCloseTo(10 / 35, 15);
  });

  it('ignores further messages within one step, and a silent link keeps its last estimate', () => {
    const scaled = new DelayScaledStep(10);
    hear(scaled, 'p', [0, 20, 20, 20]);
    expect(scaled.delay).toBe(20);
    expect(scaled.scale).toBe(0.5);
  });

  it('never scales below MIN_SCALE', () => {
    const scaled = new DelayScaledStep(1);
    hear(scaled, 'p', [0, 1e9]);
    expect(scaled.scale).toBe(MIN_SCALE);
  });
});
