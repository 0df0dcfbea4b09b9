/** Node only (tests, benchmarks, headless peers): the MNIST asset from disk, generated first if missing. */
import { readFileSync } from 'node:fs';
import { ensureMnistAsset } from '../../../scripts/build-dataset';
import type { Dataset } from './dataset';
import { decodeDataset } from './format';

export function mnistAssetBytes(): Uint8Array {
  return new Uint8Array(readFileSync(ensureMnistAsset().path));
}

export function loadMnistFromDisk(): Dataset {
  return decodeDataset(mnistAssetBytes());
}
