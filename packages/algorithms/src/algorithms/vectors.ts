/** Small allocation-free vector helpers shared by every node (hot loops: plain indexed for-loops). */
import type { Precision, Vector } from '../node';

export function allocVector(length: number, precision: Precision): Vector {
  return precision === 'f32' ? new Float32Array(length) : new Float64Array(length);
}

/** True when every entry is a finite number (a NaN or ±Inf makes a packet malformed). */
export function allFinite(values: Vector): boolean {
  for (let k = 0; k < values.length; k++) {
    // x - x is NaN exactly for NaN and ±Inf; cheaper than Number.isFinite per element.
    const x = values[k] as number;
    if (x - x !== 0) return false;
  }
  return true;
}

/** out ← (out + b) / 2. */
export function averageInto(out: Vector, b: Vector): void {
  for (let k = 0; k < out.length; k++) out[k] = 0.5 * ((out[k] as number) + (b[k] as number));
}

/** ‖a − b‖₂ over the first a.length values. */
export function distance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let k = 0; k < a.length; k++) {
    const d = (a[k] as number) - (b[k] as number);
    sum += d * d;
  }
  return Math.sqrt(sum);
}

export function norm(a: ArrayLike<number>): number {
  let sum = 0;
  for (let k = 0; k < a.length; k++) sum += (a[k] as number) * (a[k] as number);
  return Math.sqrt(sum);
}
