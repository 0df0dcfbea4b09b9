import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DATASETS } from '../src/training/data/datasets';
import { decodeDataset } from '../src/training/data/format';
import { ensureDatasetAsset, TRAIN_COUNT } from './build-dataset';
import { DATASET_SOURCES, FASHION_MNIST_SOURCE, FASHION_PER_CLASS, MNIST_SOURCE } from './dataset-sources';

const dir = mkdtempSync(join(tmpdir(), 'canopy-dataset-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function classCounts(labels: Uint8Array): number[] {
  const counts = new Array<number>(10).fill(0);
  for (const label of labels) counts[label] = (counts[label] as number) + 1;
  return counts;
}

describe('dataset assets', () => {
  it('Fashion-MNIST: 1,000 clothes per class, 8,000 train / 2,000 held out with every class on both sides', () => {
    const output = join(dir, 'fashion.bin');
    expect(ensureDatasetAsset(FASHION_MNIST_SOURCE, { output, force: true }).rebuilt).toBe(true);
    const data = decodeDataset(readFileSync(output));
    expect(data.count).toBe(10 * FASHION_PER_CLASS);
    expect(data.trainCount).toBe(TRAIN_COUNT);
    expect(classCounts(data.labels)).toEqual(new Array(10).fill(FASHION_PER_CLASS));
    for (const count of classCounts(data.labels.subarray(TRAIN_COUNT))) expect(count).toBeGreaterThan(150);
    expect(data.pixels.reduce((max, p) => Math.max(max, p), 0)).toBe(255);
    // Not up to date only by its own mtime: an unchanged asset is kept, and a forced rebuild is byte-identical.
    expect(ensureDatasetAsset(FASHION_MNIST_SOURCE, { output }).rebuilt).toBe(false);
    const again = join(dir, 'fashion-again.bin');
    ensureDatasetAsset(FASHION_MNIST_SOURCE, { output: again, force: true });
    expect(Buffer.compare(readFileSync(output), readFileSync(again))).toBe(0);
  });

  it('builds exactly the datasets the app serves, and the two sets differ', () => {
    expect(DATASET_SOURCES.map((s) => s.name)).toEqual(DATASETS.map((d) => d.name));
    const mnist = decodeDataset(readFileSync(ensureDatasetAsset(MNIST_SOURCE, { output: join(dir, 'mnist.bin') }).path));
    const fashion = decodeDataset(readFileSync(ensureDatasetAsset(FASHION_MNIST_SOURCE, { output: join(dir, 'fashion.bin') }).path));
    expect(Buffer.compare(Buffer.from(mnist.pixels), Buffer.from(fashion.pixels))).not.toBe(0);
  });
});
