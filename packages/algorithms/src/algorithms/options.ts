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
}

export const freshPayload: PayloadAllocator = allocVector;

export function requirePositiveFinite(name: string, value: number): number {
  if (!(Number.isFinite(value) && value > 0)) throw new RangeError(`${name} must be a positive finite number, got ${value}`);
  return value;
}
