import { describe, expect, it } from 'vitest';
import { roomAlgorithmParams } from './algorithm-defaults';
import { SIGNALING_LIMITS } from './limits';
import { HyperParamsSchema } from './settings';

describe('roomAlgorithmParams', () => {
  it("fills SYNTHESIS's staleness bound, lets given params win, and adds nothing for other methods", () => {
    expect(roomAlgorithmParams('synthesis')).toEqual({ delta: 2 });
    expect(roomAlgorithmParams('synthesis', { q: 12 })).toEqual({ delta: 2, q: 12 });
    expect(roomAlgorithmParams('synthesis', { delta: 7 })).toEqual({ delta: 7 });
    expect(roomAlgorithmParams('local-sgd', { H: 8 })).toEqual({ H: 8 });
    expect(roomAlgorithmParams('rfast')).toEqual({});
  });

  it('never produces more params than a room state may hold', () => {
    const full = Object.fromEntries(Array.from({ length: SIGNALING_LIMITS.hyperParams }, (_, i) => [`p${i}`, i]));
    const params = roomAlgorithmParams('synthesis', full);
    expect(params).toEqual(full);
    expect(HyperParamsSchema.safeParse(params).success).toBe(true);
  });
});
