/**
 * Deterministic initial parameters x⁰: every node derives the same vector from the session seed.
 * Uniform He (ReLU layers) / Glorot (output layer) limits; biases start at zero.
 */
import { seededRandom } from '../random';
import type { ParamLayout } from './layout';

export function initialParameters(layout: ParamLayout, seed: number): Float32Array {
  const random = seededRandom(seed);
  const flat = new Float32Array(layout.parameterCount);
  for (const slot of layout.slots) {
    if (slot.init === 'zeros') continue;
    const limit = slot.init === 'he' ? Math.sqrt(6 / slot.fanIn) : Math.sqrt(6 / (slot.fanIn + slot.fanOut));
    for (let i = slot.offset; i < slot.offset + slot.size; i++) flat[i] = (2 * random() - 1) * limit;
  }
  return flat;
}
