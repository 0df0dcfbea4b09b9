/** Where a tracking node (R-FAST, naive) keeps x, x⁺, v, z and g: in a VectorArena when it pays, else plain arrays. */
import type { Precision, Vector } from '../node';
import { allocVector } from '../algorithms/vectors';
import { VectorArena } from './vector-arena';

/** Below this many parameters the JavaScript loops are cheap enough, and an arena's pages would be mostly empty. */
export const MIN_ARENA_ELEMENTS = 4096;

export interface TrackingVectors {
  readonly x: Vector;
  readonly xNext: Vector;
  readonly v: Vector;
  /** Float64 whatever the model precision: z − g carries the tracked mass. */
  readonly z: Float64Array;
  readonly g: Float64Array;
  /** Set when the vectors above live in it (then the SIMD kernels update them). */
  readonly arena: VectorArena | undefined;
  /** Where a float32 gradient is copied for the kernel (with an arena). */
  readonly gradStage: Float32Array | undefined;
}

export function trackingVectors(dimension: number, precision: Precision, kernels: 'auto' | 'js'): TrackingVectors {
  const f32 = dimension * 4;
  const f64 = dimension * 8;
  const eligible = kernels === 'auto' && precision === 'f32' && dimension >= MIN_ARENA_ELEMENTS;
  const arena = eligible ? VectorArena.create(VectorArena.bytesFor([f32, f32, f32, f32, f64, f64])) : undefined;
  if (arena !== undefined) {
    return { x: arena.float32(dimension), xNext: arena.float32(dimension), v: arena.float32(dimension), gradStage: arena.float32(dimension), z: arena.float64(dimension), g: arena.float64(dimension), arena };
  }
  return {
    x: allocVector(dimension, precision),
    xNext: allocVector(dimension, precision),
    v: allocVector(dimension, precision),
    z: new Float64Array(dimension),
    g: new Float64Array(dimension),
    arena: undefined,
    gradStage: undefined,
  };
}
