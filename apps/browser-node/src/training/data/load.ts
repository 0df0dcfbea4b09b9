/** Loads a dataset asset in the browser (main thread or worker). */
import type { Dataset } from './dataset';
import { decodeDataset } from './format';

export const MNIST_ASSET = 'data/mnist.bin';

export async function fetchDataset(url: string | URL): Promise<Dataset> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`dataset: GET ${String(url)} failed with HTTP ${response.status}`);
  return decodeDataset(await response.arrayBuffer());
}
