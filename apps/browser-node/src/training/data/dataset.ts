/** In-memory labelled images: uint8 pixels and labels, plus the fixed train / held-out split. */

export interface LabelledImages {
  readonly count: number;
  readonly rows: number;
  readonly cols: number;
  readonly classes: number;
  /** count·rows·cols bytes, sample-major, 0..255. */
  readonly pixels: Uint8Array;
  /** count labels in [0, classes). */
  readonly labels: Uint8Array;
}

/** A whole asset: samples [0, trainCount) train, the rest is the held-out set every node evaluates on. */
export interface Dataset extends LabelledImages {
  readonly trainCount: number;
}

export interface DatasetSplit {
  readonly train: LabelledImages;
  readonly heldOut: LabelledImages;
}

/** The fixed split stored in the asset (MNIST: first 8,000 train, last 2,000 held out). Views, no copy. */
export function splitDataset(dataset: Dataset): DatasetSplit {
  const size = dataset.rows * dataset.cols;
  const part = (from: number, to: number): LabelledImages => ({
    count: to - from,
    rows: dataset.rows,
    cols: dataset.cols,
    classes: dataset.classes,
    pixels: dataset.pixels.subarray(from * size, to * size),
    labels: dataset.labels.subarray(from, to),
  });
  return { train: part(0, dataset.trainCount), heldOut: part(dataset.trainCount, dataset.count) };
}

/** Features scaled to [0, 1] and labels for the given sample indices, ready to become tensors. */
export interface Batch {
  readonly size: number;
  /** size·rows·cols floats in [0, 1]. */
  readonly features: Float32Array;
  readonly labels: Int32Array;
}

export function makeBatch(images: LabelledImages, indices: ArrayLike<number>): Batch {
  const size = images.rows * images.cols;
  const features = new Float32Array(indices.length * size);
  const labels = new Int32Array(indices.length);
  for (let b = 0; b < indices.length; b++) {
    const index = indices[b] as number;
    if (!(index >= 0 && index < images.count)) throw new RangeError(`sample index ${index} outside [0, ${images.count})`);
    const source = images.pixels.subarray(index * size, (index + 1) * size);
    const offset = b * size;
    for (let p = 0; p < size; p++) features[offset + p] = (source[p] as number) / 255;
    labels[b] = images.labels[index] as number;
  }
  return { size: indices.length, features, labels };
}

/** Samples [from, to) in order (evaluation walks the held-out set in chunks). */
export function rangeBatch(images: LabelledImages, from: number, to: number): Batch {
  const indices = new Int32Array(to - from);
  for (let i = 0; i < indices.length; i++) indices[i] = from + i;
  return makeBatch(images, indices);
}
