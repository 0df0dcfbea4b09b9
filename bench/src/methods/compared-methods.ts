/**
 * The methods the comparison covers: every algorithm of @canopy/algorithms with its default hyper-parameters,
 * plus R-FAST with 8-bit wire compression (the compression seed is one of the compared methods).
 */
import { implementedAlgorithms, type AlgorithmName } from '@canopy/algorithms';
import { DEFAULT_KEYFRAME_EVERY, type CompressionSettings } from '@canopy/protocol';

export interface ComparedMethod {
  /** Row label and plot legend: the algorithm name, "+q8" when compressed. */
  readonly key: string;
  readonly algorithm: AlgorithmName;
  /** undefined: uncompressed. Same keyframe cadence as a room's default, so the simulator and the tabs agree. */
  readonly compression?: CompressionSettings;
}

export const Q8: CompressionSettings = { name: 'q8', keyframeEvery: DEFAULT_KEYFRAME_EVERY };

export function comparedMethods(): ComparedMethod[] {
  return [
    ...implementedAlgorithms().map((algorithm): ComparedMethod => ({ key: algorithm, algorithm })),
    { key: 'rfast+q8', algorithm: 'rfast', compression: Q8 },
  ];
}
