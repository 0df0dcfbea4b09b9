import { describe, expect, it } from 'vitest';
import { decodeDataset, DatasetFormatError, encodeDataset, HEADER_BYTES, type DatasetFormatReason } from './format';
import { splitDataset, type Dataset } from './dataset';
import { loadMnistFromDisk } from './node-asset';

function tinyDataset(): Dataset {
  const count = 5;
  const pixels = Uint8Array.from({ length: count * 2 * 3 }, (_, i) => (i * 37) % 256);
  return { count, rows: 2, cols: 3, classes: 4, trainCount: 3, pixels, labels: Uint8Array.of(0, 3, 1, 2, 3) };
}

function expectFormatError(bytes: Uint8Array, reason: DatasetFormatReason, text: RegExp): void {
  try {
    decodeDataset(bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(DatasetFormatError);
    expect((error as DatasetFormatError).reason).toBe(reason);
    expect((error as Error).message).toMatch(text);
    return;
  }
  throw new Error(`expected a ${reason} error`);
}

describe('dataset asset format', () => {
  it('round-trips header, pixels and labels exactly', () => {
    const original = tinyDataset();
    const bytes = encodeDataset(original);
    expect(bytes.length).toBe(HEADER_BYTES + 5 * (6 + 1));
    const decoded = decodeDataset(bytes.buffer as ArrayBuffer);
    expect(decoded).toMatchObject({ count: 5, rows: 2, cols: 3, classes: 4, trainCount: 3 });
    expect(Array.from(decoded.pixels)).toEqual(Array.from(original.pixels));
    expect(Array.from(decoded.labels)).toEqual(Array.from(original.labels));
  });

  it('rejects a buffer shorter than the header', () => {
    expectFormatError(new Uint8Array(10), 'too-short', /10 bytes/);
  });

  it('rejects a wrong magic', () => {
    const bytes = encodeDataset(tinyDataset());
    bytes[0] = 'X'.charCodeAt(0);
    expectFormatError(bytes, 'bad-magic', /"XNDS"/);
  });

  it('rejects an unknown version', () => {
    const bytes = encodeDataset(tinyDataset());
    new DataView(bytes.buffer).setUint16(4, 9, true);
    expectFormatError(bytes, 'unsupported-version', /version 9/);
  });

  it('rejects a truncated or padded file', () => {
    const bytes = encodeDataset(tinyDataset());
    expectFormatError(bytes.subarray(0, bytes.length - 1), 'size-mismatch', /implies/);
    const padded = new Uint8Array(bytes.length + 3);
    padded.set(bytes);
    expectFormatError(padded, 'size-mismatch', /implies/);
  });

  it('rejects impossible dimensions and out-of-range labels', () => {
    const zeroRows = encodeDataset(tinyDataset());
    new DataView(zeroRows.buffer).setUint32(12, 0, true);
    expectFormatError(zeroRows, 'bad-dimensions', /rows=0/);
    const badSplit = encodeDataset(tinyDataset());
    new DataView(badSplit.buffer).setUint32(20, 5, true);
    expectFormatError(badSplit, 'bad-dimensions', /trainCount=5/);
    const badLabel = encodeDataset(tinyDataset());
    badLabel[badLabel.length - 1] = 4;
    expectFormatError(badLabel, 'bad-label', /label 4 at sample 4/);
  });
});

describe('the generated MNIST asset', () => {
  const mnist = loadMnistFromDisk();

  it('holds 10,000 28x28 digits split 8,000 / 2,000', () => {
    expect(mnist).toMatchObject({ count: 10_000, rows: 28, cols: 28, classes: 10, trainCount: 8000 });
    const { train, heldOut } = splitDataset(mnist);
    expect([train.count, heldOut.count]).toEqual([8000, 2000]);
    expect(heldOut.labels[0]).toBe(mnist.labels[8000]);
  });

  it('has every class well represented in both parts (the fixed order is shuffled, not class-sorted)', () => {
    const { train, heldOut } = splitDataset(mnist);
    for (const part of [train, heldOut]) {
      const counts = new Array<number>(10).fill(0);
      for (const label of part.labels) counts[label] = (counts[label] ?? 0) + 1;
      for (const c of counts) expect(c / part.count).toBeGreaterThan(0.06);
    }
  });

  it('stores real digits: ink pixels exist, background dominates', () => {
    let ink = 0;
    for (const p of mnist.pixels) if (p > 128) ink++;
    const fraction = ink / mnist.pixels.length;
    expect(fraction).toBeGreaterThan(0.05);
    expect(fraction).toBeLessThan(0.3);
  });
});
