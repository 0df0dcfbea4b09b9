/** Loads a dataset asset in the browser (main thread or worker). */
import type { Dataset } from './dataset';
import { datasetAsset } from './datasets';
import { decodeDataset } from './format';

/** The default room's dataset (what the benchmark page loads too). */
export const MNIST_ASSET = datasetAsset('mnist') as string;

export async function fetchDataset(url: string | URL): Promise<Dataset> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`dataset: GET ${String(url)} failed with HTTP ${response.status}`);
  return decodeDataset(await response.arrayBuffer());
}
