/**
 * Text from a character model: each next character is drawn from the softmax of the model's logits at the
 * last position it has (temperature < 1 sharpens it), the context sliding over the last `context` characters.
 * Causal attention means the zero padding after the last real position changes nothing before it.
 */
import { decodeText, encodeText } from '../data/text';
import type { Model } from './model';

export interface GenerateOptions {
  readonly prompt: string;
  readonly length: number;
  readonly random: () => number;
  readonly temperature?: number;
}

export async function generateText(model: Model, params: Float32Array, options: GenerateOptions): Promise<string> {
  const context = model.targetsPerSample;
  if (context < 2) throw new RangeError(`${model.name} is not a language model`);
  const ids = [...encodeText(options.prompt)];
  const temperature = options.temperature ?? 0.8;
  const features = new Float32Array(model.inputSize);
  for (let n = 0; n < options.length; n++) {
    const window = ids.slice(-context);
    features.fill(0);
    window.forEach((id, i) => (features[i] = id / 255));
    const logits = await model.logitsRow(params, features, window.length - 1);
    ids.push(drawFrom(logits, temperature, options.random));
  }
  return decodeText(ids.slice(ids.length - options.length));
}

/** An index drawn with probability softmax(logits / temperature). */
export function drawFrom(logits: Float32Array, temperature: number, random: () => number): number {
  let max = -Infinity;
  for (const value of logits) max = Math.max(max, value);
  const weights = Array.from(logits, (value) => Math.exp((value - max) / temperature));
  const total = weights.reduce((a, b) => a + b, 0);
  let u = random() * total;
  for (let i = 0; i < weights.length; i++) {
    u -= weights[i] as number;
    if (u <= 0) return i;
  }
  return weights.length - 1;
}
