/**
 * Binary layout of a labelled image dataset asset (public/data/mnist.bin), little-endian:
 *
 *   offset  size            field
 *   0       4               magic "CNDS" (ASCII)
 *   4       2  uint16       version (1)
 *   6       2  uint16       classes (10): every label is < classes
 *   8       4  uint32       count: number of samples
 *   12      4  uint32       rows (28)
 *   16      4  uint32       cols (28)
 *   20      4  uint32       trainCount: samples [0, trainCount) are training, [trainCount, count) held out
 *   24      count·rows·cols uint8 pixels, sample-major then row-major, 0 = background, 255 = ink
 *   ...     count           uint8 labels
 *
 * The file size must be exactly HEADER_BYTES + count·(rows·cols + 1).
 */
import type { Dataset } from './dataset';

export const DATASET_MAGIC = 'CNDS';
export const DATASET_VERSION = 1;
export const HEADER_BYTES = 24;

export type DatasetFormatReason =
  | 'too-short'
  | 'bad-magic'
  | 'unsupported-version'
  | 'bad-dimensions'
  | 'size-mismatch'
  | 'bad-label';

/** A malformed dataset asset; `reason` is machine-readable, the message says what was expected. */
export class DatasetFormatError extends Error {
  constructor(
    readonly reason: DatasetFormatReason,
    message: string,
  ) {
    super(`dataset: ${message}`);
    this.name = 'DatasetFormatError';
  }
}

export function encodeDataset(dataset: Dataset): Uint8Array {
  const { count, rows, cols, classes, trainCount, pixels, labels } = dataset;
  checkDimensions(count, rows, cols, classes, trainCount);
  if (pixels.length !== count * rows * cols || labels.length !== count) {
    throw new DatasetFormatError('size-mismatch', `expected ${count * rows * cols} pixels and ${count} labels`);
  }
  const out = new Uint8Array(HEADER_BYTES + count * (rows * cols + 1));
  const view = new DataView(out.buffer);
  for (let i = 0; i < 4; i++) out[i] = DATASET_MAGIC.charCodeAt(i);
  view.setUint16(4, DATASET_VERSION, true);
  view.setUint16(6, classes, true);
  view.setUint32(8, count, true);
  view.setUint32(12, rows, true);
  view.setUint32(16, cols, true);
  view.setUint32(20, trainCount, true);
  out.set(pixels, HEADER_BYTES);
  out.set(labels, HEADER_BYTES + pixels.length);
  return out;
}

/** Parses and validates an asset; the returned arrays are views on `buffer` (no copy). */
export function decodeDataset(buffer: ArrayBuffer | Uint8Array): Dataset {
  const bytes = buffer instanceof Uint8Array ? buffer : new Uint8Array(buffer);
  if (bytes.length < HEADER_BYTES) {
    throw new DatasetFormatError('too-short', `${bytes.length} bytes is shorter than the ${HEADER_BYTES}-byte header`);
  }
  const magic = String.fromCharCode(bytes[0] ?? 0, bytes[1] ?? 0, bytes[2] ?? 0, bytes[3] ?? 0);
  if (magic !== DATASET_MAGIC) {
    throw new DatasetFormatError('bad-magic', `magic is ${JSON.stringify(magic)}, expected "${DATASET_MAGIC}"`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint16(4, true);
  if (version !== DATASET_VERSION) {
    throw new DatasetFormatError('unsupported-version', `version ${version}, this reader supports ${DATASET_VERSION}`);
  }
  const classes = view.getUint16(6, true);
  const count = view.getUint32(8, true);
  const rows = view.getUint32(12, true);
  const cols = view.getUint32(16, true);
  const trainCount = view.getUint32(20, true);
  checkDimensions(count, rows, cols, classes, trainCount);
  const pixelBytes = count * rows * cols;
  const expected = HEADER_BYTES + pixelBytes + count;
  if (bytes.length !== expected) {
    throw new DatasetFormatError(
      'size-mismatch',
      `${bytes.length} bytes, but the header (${count} samples of ${rows}x${cols}) implies ${expected}`,
    );
  }
  const pixels = bytes.subarray(HEADER_BYTES, HEADER_BYTES + pixelBytes);
  const labels = bytes.subarray(HEADER_BYTES + pixelBytes, expected);
  for (let i = 0; i < count; i++) {
    const label = labels[i] as number;
    if (label >= classes) throw new DatasetFormatError('bad-label', `label ${label} at sample ${i} is not < ${classes}`);
  }
  return { count, rows, cols, classes, trainCount, pixels, labels };
}

function checkDimensions(count: number, rows: number, cols: number, classes: number, trainCount: number): void {
  // 4096x4096 bounds any sane image; the check stops a corrupt header from asking for absurd sizes.
  const ok =
    count > 0 && rows > 0 && cols > 0 && rows <= 4096 && cols <= 4096 && classes >= 2 && classes <= 256 &&
    trainCount > 0 && trainCount < count;
  if (!ok) {
    throw new DatasetFormatError(
      'bad-dimensions',
      `invalid header: count=${count} rows=${rows} cols=${cols} classes=${classes} trainCount=${trainCount}`,
    );
  }
}
