/** Node only (tests, benchmarks, headless peers): dataset assets from disk, generated first if missing. */
import { readFileSync } from 'node:fs';
import { ensureDatasetAsset } from '../../../scripts/build-dataset';
import { DATASET_SOURCES } from '../../../scripts/dataset-sources';
import type { Dataset } from './dataset';
import { decodeDataset } from './format';

/** The asset of a room dataset name ('mnist', 'fashion-mnist'). */
export function datasetAssetBytes(name: string): Uint8Array {
  const source = DATASET_SOURCES.find((s) => s.name === name);
  if (source === undefined) throw new Error(`unknown dataset "${name}" (known: ${DATASET_SOURCES.map((s) => s.name).join(', ')})`);
  return new Uint8Array(readFileSync(ensureDatasetAsset(source).path));
}

export function loadDatasetFromDisk(name: string): Dataset {
  return decodeDataset(datasetAssetBytes(name));
}

export function loadMnistFromDisk(): Dataset {
  return loadDatasetFromDisk('mnist');
}
