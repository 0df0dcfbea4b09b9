import { describe, expect, it } from 'vitest';
import { ModelGuard } from './model-guard';

const model = (value: number): Float32Array => new Float32Array([value, value]);

describe('ModelGuard', () => {
  it('keeps the latest good model and calls a non-finite or exploded loss a blow-up, keeping the good one', () => {
    const guard = new ModelGuard();
    expect(guard.lastGood).toBeUndefined();
    expect(guard.judge(2.3, model(1))).toBe('good'); // chance on MNIST, the first evaluation
    expect(guard.judge(0.3, model(2))).toBe('good');
    expect(guard.threshold).toBeCloseTo(1.3); // max(3 × 0.3, 0.3 + 1)
    expect(guard.judge(0.7, model(3))).toBe('good'); // a tree repair's dip
    expect(guard.lastGood).toEqual(model(3));
    expect(guard.judge(2.3, model(4))).toBe('exploded'); // back at chance: an attack got through
    expect(guard.judge(Number.NaN, model(5))).toBe('exploded');
    expect(guard.judge(Number.POSITIVE_INFINITY, model(6))).toBe('exploded');
    expect(guard.lastGood).toEqual(model(3));
    expect(guard.recoveries).toBe(3);
  });

  it('scales with the loss: a language model at 2.5 nats explodes above 7.5, and a near-zero best loss leaves a margin', () => {
    const text = new ModelGuard();
    text.judge(2.5, model(1));
    expect(text.judge(7, model(2))).toBe('good');
    expect(text.judge(7.6, model(3))).toBe('exploded');
    const quadratic = new ModelGuard();
    quadratic.judge(1e-6, model(1));
    expect(quadratic.judge(0.5, model(2))).toBe('good');
    expect(quadratic.judge(1.5, model(3))).toBe('exploded');
  });

  it('before any good evaluation nothing finite is an explosion', () => {
    const guard = new ModelGuard();
    expect(guard.judge(1e12, model(1))).toBe('good');
    expect(guard.judge(Number.NaN, model(2))).toBe('exploded');
  });
});
