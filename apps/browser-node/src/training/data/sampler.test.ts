import { describe, expect, it } from 'vitest';
import { MinibatchSampler } from './sampler';

const shard = Int32Array.from({ length: 50 }, (_, i) => 1000 + i);

describe('MinibatchSampler', () => {
  it('serves full batches that visit each sample at most once per epoch (random reshuffling)', () => {
    const sampler = new MinibatchSampler(shard, 8, 1);
    for (let epoch = 0; epoch < 3; epoch++) {
      const seen = new Set<number>();
      for (let b = 0; b < 6; b++) {
        const batch = sampler.next();
        expect(batch.length).toBe(8);
        for (const i of batch) {
          expect(shard).toContain(i);
          expect(seen.has(i)).toBe(false);
          seen.add(i);
        }
      }
      expect(seen.size).toBe(48); // 50 = 6 full batches + a tail of 2 left for a later epoch
    }
  });

  it('reshuffles between epochs and is reproducible from its seed', () => {
    const a = new MinibatchSampler(shard, 25, 9);
    const b = new MinibatchSampler(shard, 25, 9);
    const epochA = [...a.next(), ...a.next()];
    const epochA2 = [...a.next(), ...a.next()];
    expect([...b.next(), ...b.next()]).toEqual(epochA);
    expect(epochA2).not.toEqual(epochA);
    expect([...epochA2].sort()).toEqual([...epochA].sort());
    expect([...new MinibatchSampler(shard, 25, 10).next()]).not.toEqual(epochA.slice(0, 25));
  });

  it('refuses a shard smaller than one batch', () => {
    expect(() => new MinibatchSampler(shard.subarray(0, 4), 8, 1)).toThrow(/cannot fill a batch/);
  });
});
