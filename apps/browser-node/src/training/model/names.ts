/** Model names without importing tfjs (usable from the page bundle and protocol validation). */
export type ModelName = 'mlp' | 'cnn' | 'transformer';
export const MODEL_NAMES: readonly ModelName[] = ['mlp', 'cnn', 'transformer'];

export function isModelName(name: string): name is ModelName {
  return (MODEL_NAMES as readonly string[]).includes(name);
}
