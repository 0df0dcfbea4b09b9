/**
 * Deterministic initial parameters x⁰: every node derives the same vector from the session seed.
 * Uniform He (ReLU layers) / Glorot (output layer) limits; biases start at zero, layer-norm gains at one.
 */
import { seededRandom } from '../random';
import type { InitScheme, ParamLayout } from './layout';

/** Half-width of each uniform scheme (a uniform on ±a has standard deviation a/√3). */
const LIMITS: Readonly<Record<Exclude<InitScheme, 'zeros' | 'ones'>, (fanIn: number, fanOut: number) => number>> = {
  he: (fanIn) => Math.sqrt(6 / fanIn),
  glorot: (fanIn, fanOut) => Math.sqrt(6 / (fanIn + fanOut)),
  small: () => 0.02 * Math.sqrt(3),
  unit: () => Math.sqrt(3),
};

export function initialParameters(layout: ParamLayout, seed: number): Float32Array {
  const random = seededRandom(seed);
  const flat = new Float32Array(layout.parameterCount);
  for (const slot of layout.slots) {
    if (slot.init === 'zeros') continue;
    if (slot.init === 'ones') {
      flat.fill(1, slot.offset, slot.offset + slot.size);
      continue;
    }
    const limit = LIMITS[slot.init](slot.fanIn, slot.fanOut);
    for (let i = slot.offset; i < slot.offset + slot.size; i++) flat[i] = (2 * random() - 1) * limit;
  }
  return flat;
}
