import { describe, expect, it } from 'vitest';
import { DROP_POINT, TrafficAnimator } from './traffic';

const options = { maxPerSecond: 5, travelMs: 1_000, fallMs: 500, maxParticles: 1_000 };

function run(animator: TrafficAnimator, ms: number, frameMs = 16): void {
  for (let t = 0; t < ms; t += frameMs) animator.advance(frameMs);
}

describe('TrafficAnimator', () => {
  it('samples a busy link down to the cap, with exactly the measured share of drops', () => {
    const animator = new TrafficAnimator(options);
    animator.setRates([{ from: 'a', to: 'b', messagesPerSecond: 70, dropsPerSecond: 30 }]);
    run(animator, 10_000, 10);
    expect(animator.spawned).toBeGreaterThanOrEqual(49);
    expect(animator.spawned).toBeLessThanOrEqual(50);
    expect(Math.abs(animator.droppedSpawned - 0.3 * animator.spawned)).toBeLessThanOrEqual(1);
  });

  it('shows a quiet link at its real rate and drops nothing without loss', () => {
    const animator = new TrafficAnimator(options);
    animator.setRates([{ from: 'a', to: 'b', messagesPerSecond: 2, dropsPerSecond: 0 }]);
    run(animator, 5_000, 10);
    expect(animator.spawned).toBe(10);
    expect(animator.droppedSpawned).toBe(0);
  });

  it('moves dots from sender to receiver and removes them on arrival', () => {
    const animator = new TrafficAnimator(options);
    animator.setRates([{ from: 'a', to: 'b', messagesPerSecond: 1, dropsPerSecond: 0 }]);
    run(animator, 1_100, 100); // the first dot starts once a whole one is due
    expect(animator.particles()).toHaveLength(1);
    animator.setRates([]);
    animator.advance(200);
    animator.advance(200);
    expect(animator.particles()[0]?.progress).toBeCloseTo(0.4);
    run(animator, 1_000, 100);
    expect(animator.particles()).toHaveLength(0);
  });

  it('stops a dropped dot halfway and lets it fall off', () => {
    const animator = new TrafficAnimator(options);
    animator.setRates([{ from: 'a', to: 'b', messagesPerSecond: 0, dropsPerSecond: 1 }]);
    run(animator, 1_100, 100);
    animator.setRates([]);
    run(animator, 800, 100);
    const [dot] = animator.particles();
    expect(dot).toMatchObject({ dropped: true, progress: DROP_POINT });
    expect(dot?.fall).toBeGreaterThan(0);
    run(animator, 600, 100);
    expect(animator.particles()).toHaveLength(0);
  });

  it('keeps the number of live dots bounded', () => {
    const animator = new TrafficAnimator({ ...options, maxParticles: 20 });
    animator.setRates(Array.from({ length: 50 }, (_, i) => ({ from: `p${i}`, to: 'root', messagesPerSecond: 100, dropsPerSecond: 0 })));
    run(animator, 2_000);
    expect(animator.particles().length).toBeLessThanOrEqual(20);
  });
});
