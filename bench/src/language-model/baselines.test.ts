import { describe, expect, it } from 'vitest';
import { loadDatasetFromDisk } from '../../../apps/browser-node/src/training/data/node-asset';
import type { Dataset } from '../../../apps/browser-node/src/training/data/dataset';
import { contextFreeBaselines } from './baselines';

describe('context-free baselines', () => {
  it('a text where each character fixes the next: bigram near 0 bits, unigram near log2 of the alphabet', () => {
    // ids cycle 0,1,2,3: every window of 5 is 4 targets; 40 train windows, 10 held out.
    const width = 5;
    const count = 50;
    const pixels = Uint8Array.from({ length: count * width }, (_, k) => (Math.floor(k / width) * 4 + (k % width)) % 4);
    const data: Dataset = { count, rows: 1, cols: width, classes: 4, trainCount: 40, pixels, labels: new Uint8Array(count) };
    const { unigram, bigram } = contextFreeBaselines(data, 10);
    expect(unigram).toBeCloseTo(2, 1);
    expect(bigram).toBeLessThan(0.15); // add-one smoothing: 41 of 44 counts
  });

  it('Moby-Dick on the held-out windows a tab evaluates: unigram ~4.4, bigram ~3.5 bits per character', () => {
    const { unigram, bigram } = contextFreeBaselines(loadDatasetFromDisk('moby-dick'), 128);
    expect(unigram).toBeGreaterThan(4.2);
    expect(unigram).toBeLessThan(4.6);
    expect(bigram).toBeGreaterThan(3.2);
    expect(bigram).toBeLessThan(3.8);
  });
});
