/** Helpers shared by this folder's tests (not exported from the package). */
import { expect } from 'vitest';
import type { CompressionRejection, Compressor, Encoded } from './compressor';

export { seededRandom } from '../frame/test-support';

/** Encodes, then checks the receiver's decode gives `decoded` bit for bit (the contract error feedback relies on). */
export function roundTrip(compressor: Compressor, values: Float32Array | Float64Array, random: () => number): Encoded {
  const encoded = compressor.encode(values, random);
  const received = compressor.decode(encoded.bytes, values.length);
  expect(received).toBeInstanceOf(Float64Array);
  // A loop, not toEqual: vitest's deep equality is slow on long arrays; Object.is also tells −0 from +0.
  const same = (received as Float64Array).length === encoded.decoded.length && encoded.decoded.every((v, i) => Object.is(v, (received as Float64Array)[i]));
  expect(same).toBe(true);
  return encoded;
}

export function rejectionOf(result: Float64Array | CompressionRejection | object): string {
  return 'reason' in result ? (result as CompressionRejection).reason : 'accepted';
}

export function maxAbs(values: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < values.length; i++) max = Math.max(max, Math.abs(values[i]!));
  return max;
}
