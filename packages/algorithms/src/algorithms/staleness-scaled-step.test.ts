import { describe, expect, it } from 'vitest';
import { MIN_SCALE } from './delay-scaled-step';
import {
  CURVATURE_STALENESS_BUDGET,
  DEFAULT_STALENESS_BUDGET,
  defaultStaleAge,
  echoAge,
  echoOf,
  MAX_ECHO_AGE,
  StalenessScaledStep,
  staleAgeForCurvature,
} from './staleness-scaled-step';

describe('echoes', () => {
  it('name the newest accepted seq (+1, mod 2¹⁶); 0 means none', () => {
    expect(echoOf(undefined)).toBe(0);
    expect(echoOf(0)).toBe(1);
    expect(echoOf(41)).toBe(42);
    expect(echoOf(0x1_0003)).toBe(4);
  });

  it('give the steps since the echoed message was sent, across the 16-bit wrap', () => {
    expect(echoAge(echoOf(10), 11)).toBe(1);
    expect(echoAge(echoOf(10), 310)).toBe(300);
    expect(echoAge(echoOf(0x1_fff0), 0x2_0010)).toBe(0x20);
  });

  it('are ignored when absent, malformed or impossible (a message not sent yet, or half the range old)', () => {
    for (const echo of [undefined, 0, -1, 1.5, 0x1_0000, Number.NaN]) expect(echoAge(echo, 100)).toBeUndefined();
    expect(echoAge(echoOf(100), 100)).toBeUndefined(); // names the message this node has not sent yet
    expect(echoAge(echoOf(150), 100)).toBeUndefined(); // from the future: wraps to an age ≥ MAX_ECHO_AGE
    expect(echoAge(echoOf(0), MAX_ECHO_AGE)).toBeUndefined();
    expect(echoAge(echoOf(0), MAX_ECHO_AGE - 1)).toBe(MAX_ECHO_AGE - 1);
  });
});

describe('StalenessScaledStep', () => {
  it('is 1 until echoes come back and while the age stays within A₀', () => {
    const step = new StalenessScaledStep(40, 2);
    expect(step.scale).toBe(1);
    step.measured('a', 20);
    expect(step.age).toBe(40);
    expect(step.scale).toBe(1);
  });

  it('scales by A₀ / (depth × the largest smoothed round trip)', () => {
    const step = new StalenessScaledStep(40, 2);
    step.measured('a', 10);
    step.measured('b', 100);
    expect(step.age).toBe(200);
    expect(step.scale).toBeCloseTo(40 / 200, 12);
    step.measured('b', 20); // smoothed: 100 + ¼(20 − 100) = 80
    expect(step.age).toBe(160);
    expect(step.scale).toBeCloseTo(40 / 160, 12);
  });

  it('is off at A₀ = 0 and never below MIN_SCALE (a peer claiming ancient echoes only slows this node so far)', () => {
    const off = new StalenessScaledStep(0, 3);
    off.measured('a', MAX_ECHO_AGE - 1);
    expect(off.scale).toBe(1);
    const on = new StalenessScaledStep(1, 3);
    on.measured('a', MAX_ECHO_AGE - 1);
    expect(on.scale).toBe(MIN_SCALE);
  });

  it('defaults: A₀ = ⌈B/η⌉ without a curvature, ⌈1/(L·η)⌉ with one', () => {
    expect(defaultStaleAge(0.05)).toBe(Math.ceil(DEFAULT_STALENESS_BUDGET / 0.05));
    expect(defaultStaleAge(0)).toBe(0);
    expect(staleAgeForCurvature(2, 0.05)).toBe(Math.ceil(CURVATURE_STALENESS_BUDGET / 0.1));
    expect(staleAgeForCurvature(0, 0.05)).toBe(0);
    expect(staleAgeForCurvature(1e6, 1)).toBe(1);
  });
});
