/** The datasets this build serves, by room-settings name (scripts/build-dataset.ts writes their assets). */
export interface DatasetEntry {
  readonly name: string;
  readonly label: string;
  /** Path of the asset relative to the app's root. */
  readonly asset: string;
}

export const DATASETS: readonly DatasetEntry[] = [
  { name: 'mnist', label: 'MNIST digits', asset: 'data/mnist.bin' },
  { name: 'fashion-mnist', label: 'Fashion-MNIST clothes', asset: 'data/fashion-mnist.bin' },
];

export function datasetAsset(name: string): string | undefined {
  return DATASETS.find((entry) => entry.name === name)?.asset;
}
