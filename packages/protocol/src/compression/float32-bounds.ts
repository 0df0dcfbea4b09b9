/** The float32 values just below / above a double: quantization ranges are sent as f32 but must still cover the data. */
const scratch = new Float32Array(1);
const bits = new Int32Array(scratch.buffer);

/** Moves a finite float32 one ulp towards +∞ (up = true) or −∞. */
function step(f: number, up: boolean): number {
  if (f === 0) return up ? 2 ** -149 : -(2 ** -149);
  scratch[0] = f;
  // For positive floats a larger bit pattern is a larger value; for negative ones it is the opposite.
  bits[0] = bits[0]! + ((f > 0) === up ? 1 : -1);
  return scratch[0]!;
}

/** The largest float32 ≤ x. */
export function float32AtMost(x: number): number {
  const f = Math.fround(x);
  return f > x ? step(f, false) : f;
}

/** The smallest float32 ≥ x. */
export function float32AtLeast(x: number): number {
  const f = Math.fround(x);
  return f < x ? step(f, true) : f;
}
