/**
 * 'q-dynamic': the same stochastic quantizer as q8, but each message picks the fewest bits (2, 4, 8 or 16)
 * whose expected error fits a budget: stochastic rounding's error variance is at most step²/4 per value, so
 * the expected relative L2 error is ≤ (step/2)/rms(x); we choose the smallest width with that ≤ errorBudget.
 * Spread-out vectors go at 4–8 bits; heavy-tailed ones (a few extremes among many small values, so the
 * energy is a small part of the range) need 16; constant ones need 0.
 */
import type { PackableBits } from './bit-packing';
import type { Compressor, Values } from './compressor';
import { requireFinite } from './compressor';
import { decodeQuantized, encodeQuantized, quantizationGrid, rangeOf, type Range } from './quantized';

export const DEFAULT_ERROR_BUDGET = 0.05;
const CANDIDATE_BITS: readonly PackableBits[] = [2, 4, 8, 16];

function rms(values: Values): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]! * values[i]!;
  return values.length === 0 ? 0 : Math.sqrt(sum / values.length);
}

/** The fewest bits meeting the budget for these values (16 when none does). */
export function chooseBits(values: Values, range: Range, errorBudget: number): PackableBits {
  if (range.max === range.min) return 0;
  const allowed = errorBudget * rms(values);
  for (const bits of CANDIDATE_BITS) {
    if (quantizationGrid(range, bits).step / 2 <= allowed) return bits;
  }
  return 16;
}

export function createDynamicQuantizer(errorBudget = DEFAULT_ERROR_BUDGET): Compressor {
  if (!(errorBudget > 0 && Number.isFinite(errorBudget))) throw new RangeError(`errorBudget must be positive, got ${errorBudget}`);
  return {
    name: 'q-dynamic',
    encode(values, random) {
      requireFinite(values);
      const range = rangeOf(values);
      return encodeQuantized(values, chooseBits(values, range, errorBudget), random, range);
    },
    decode: decodeQuantized,
  };
}
