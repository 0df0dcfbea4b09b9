import { describe, expect, it } from 'vitest';
import { TEXT_CONTEXT } from '../src/training/data/text';
import { loadDatasetFromDisk } from '../src/training/data/node-asset';
import { splitDataset } from '../src/training/data/dataset';
import { textWindows } from './text-source';

describe('text windows', () => {
  it('cut the ids into windows of context + 1 that share one id, the last tenth held out, labels the last id', () => {
    const ids = Uint8Array.from({ length: 101 }, (_, i) => i % 80);
    const data = textWindows(ids, 4, 0.2);
    // train: ids [0, 81) → 20 windows; held out: ids [81, 101) → 4 windows.
    expect([data.trainCount, data.count, data.cols, data.rows]).toEqual([20, 24, 5, 1]);
    expect([...data.pixels.subarray(0, 10)]).toEqual([0, 1, 2, 3, 4, 4, 5, 6, 7, 8]);
    expect([...data.pixels.subarray(20 * 5, 20 * 5 + 5)]).toEqual([1, 2, 3, 4, 5]); // id 81 = 1 (mod 80)
    expect(data.labels[0]).toBe(4);
  });

  it('the Moby-Dick asset: ~1.19 M characters, 80 classes, held-out windows from the end of the book', () => {
    const data = loadDatasetFromDisk('moby-dick');
    expect([data.rows, data.cols, data.classes]).toEqual([1, TEXT_CONTEXT + 1, 80]);
    expect(data.count * TEXT_CONTEXT).toBeGreaterThan(1_150_000);
    const { heldOut } = splitDataset(data);
    expect(heldOut.count / data.count).toBeCloseTo(0.1, 2);
  });
});
