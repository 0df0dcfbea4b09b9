/** The datasets this build serves, by room-settings name (scripts/build-dataset.ts writes their assets). */
import type { ModelName } from '../model/names';

export interface DatasetEntry {
  readonly name: string;
  readonly label: string;
  /** Path of the asset relative to the app's root. */
  readonly asset: string;
  /** The models that read this data (the first is the default). */
  readonly models: readonly [ModelName, ...ModelName[]];
  /** Step size and per-tab batch a new run on this data starts with (plain SGD on a transformer wants a larger step). */
  readonly learningRate: number;
  readonly batchSize: number;
}

export const DATASETS: readonly DatasetEntry[] = [
  { name: 'mnist', label: 'MNIST digits', asset: 'data/mnist.bin', models: ['mlp', 'cnn'], learningRate: 0.05, batchSize: 32 },
  { name: 'fashion-mnist', label: 'Fashion-MNIST clothes', asset: 'data/fashion-mnist.bin', models: ['mlp', 'cnn'], learningRate: 0.05, batchSize: 32 },
  // The pnpm sim / bench task 'moby-dick-transformer' (packages/protocol tasks.ts) has the same step and batch.
  { name: 'moby-dick', label: 'Moby-Dick text (characters)', asset: 'data/moby-dick.bin', models: ['transformer'], learningRate: 0.3, batchSize: 16 },
];

export function datasetAsset(name: string): string | undefined {
  return DATASETS.find((entry) => entry.name === name)?.asset;
}

export function datasetEntry(name: string): DatasetEntry | undefined {
  return DATASETS.find((entry) => entry.name === name);
}
