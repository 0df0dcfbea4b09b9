/** How a node compresses what it sends (a room setting, a simulator option): the compressor plus keyframe cadence. */
import type { CompressorOptions } from './create';
import type { CompressorName } from './names';

export const DEFAULT_KEYFRAME_EVERY = 8;
export const MAX_KEYFRAME_EVERY = 1024;

export interface CompressionSettings extends CompressorOptions {
  readonly name: CompressorName;
  /** Each link sends a full-precision keyframe every K messages, compressed deltas against it in between (default 8). */
  readonly keyframeEvery?: number;
}

/** Whether the settings ask for any compression at all ('none' keeps the uncompressed path). */
export function compresses(settings: CompressionSettings | undefined): settings is CompressionSettings {
  return settings !== undefined && settings.name !== 'none';
}

/** K, validated (a RangeError names the bad value). */
export function keyframeEveryOf(settings: CompressionSettings): number {
  const k = settings.keyframeEvery ?? DEFAULT_KEYFRAME_EVERY;
  if (!(Number.isInteger(k) && k >= 1 && k <= MAX_KEYFRAME_EVERY)) {
    throw new RangeError(`keyframeEvery must be an integer in 1..${MAX_KEYFRAME_EVERY}, got ${k}`);
  }
  return k;
}
