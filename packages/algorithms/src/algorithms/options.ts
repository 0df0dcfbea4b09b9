/** What the node constructors accept beyond the shared NodeOptions contract. */
import type { NodeOptions, Precision, Vector } from '../node';
import { allocVector } from './vectors';

/**
 * Where outgoing payloads come from. Every payload a node returns is a buffer it obtained here and never
 * touches again, so a caller may queue, encode or pool it freely. The default allocates a fresh array;
 * the simulator passes a pool.
 */
export type PayloadAllocator = (length: number, precision: Precision) => Vector;

export interface NodeRuntimeOptions extends NodeOptions {
  readonly allocate?: PayloadAllocator;
  /**
   * 'auto' (default): a float32 node of at least MIN_ARENA_ELEMENTS parameters keeps its hot vectors in a
   * WebAssembly arena and updates them with SIMD kernels where available (bit-for-bit the JavaScript
   * results); 'js' always uses the JavaScript loops (tests compare the two).
   */
  readonly kernels?: 'auto' | 'js';
}

export const freshPayload: PayloadAllocator = allocVector;

export function requirePositiveFinite(name: string, value: number): number {
  if (!(Number.isFinite(value) && value > 0)) throw new RangeError(`${name} must be a positive finite number, got ${value}`);
  return value;
}
