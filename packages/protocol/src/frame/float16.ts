/**
 * IEEE 754 binary16 conversion (Float16Array is not available in Node 20).
 * Encoding rounds to nearest, ties to even; overflow gives ±Inf, NaN stays NaN.
 * Float64 input is first rounded to float32 (double rounding can differ from a direct f64→f16 rounding
 * only on exact float32 ties, which is far below half precision's own error).
 */

const scratch = new ArrayBuffer(4);
const scratchF32 = new Float32Array(scratch);
const scratchU32 = new Uint32Array(scratch);

/** Half-precision bits of a float32 bit pattern. */
function halfFromFloat32Bits(bits: number): number {
  const sign = (bits >>> 16) & 0x8000;
  const abs = bits & 0x7fff_ffff;
  if (abs >= 0x4780_0000) {
    // |x| ≥ 65536 (after rounding already Inf in half), Inf or NaN.
    return sign | (abs > 0x7f80_0000 ? 0x7e00 : 0x7c00);
  }
  if (abs < 0x3880_0000) {
    // Below the smallest normal half: adding 0.5 lines the half's subnormal bits up with the float's
    // low mantissa bits and lets the FPU do the round-to-nearest-even.
    scratchU32[0] = abs;
    scratchF32[0] = scratchF32[0]! + 0.5;
    return sign | (scratchU32[0]! - 0x3f00_0000);
  }
  const mantissaOdd = (abs >>> 13) & 1;
  // Re-bias the exponent (127 → 15) and add the rounding bias; a mantissa carry correctly bumps the exponent.
  return sign | ((abs - 0x3800_0000 + 0x0fff + mantissaOdd) >>> 13);
}

/** Half-precision bits of one number (rounded to float32 first). */
export function toHalfBits(value: number): number {
  scratchF32[0] = value;
  return halfFromFloat32Bits(scratchU32[0]!);
}

let halfTable: Float32Array | undefined;

/** All 65536 half values as float32: decoding is then one table lookup per element. */
function getHalfTable(): Float32Array {
  if (halfTable === undefined) {
    const table = new Float32Array(65536);
    for (let h = 0; h < 65536; h++) table[h] = halfBitsToNumber(h);
    halfTable = table;
  }
  return halfTable;
}

/** The value of a half-precision bit pattern. */
export function halfBitsToNumber(bits: number): number {
  const exponent = (bits >>> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  let magnitude: number;
  if (exponent === 0) magnitude = mantissa * 2 ** -24;
  else if (exponent === 0x1f) magnitude = mantissa === 0 ? Infinity : NaN;
  else magnitude = (1024 + mantissa) * 2 ** (exponent - 25);
  return bits & 0x8000 ? -magnitude : magnitude;
}

/** Writes the half-precision bits of `values` into `out` (same length). */
export function encodeHalfInto(values: Float32Array | Float64Array, out: Uint16Array): void {
  const asFloat32 = values instanceof Float32Array ? values : new Float32Array(values);
  const bits = new Uint32Array(asFloat32.buffer, asFloat32.byteOffset, asFloat32.length);
  for (let i = 0; i < bits.length; i++) out[i] = halfFromFloat32Bits(bits[i]!);
}

/** Decodes half-precision bits into float32 values (same length). */
export function decodeHalfInto(bits: Uint16Array, out: Float32Array): void {
  const table = getHalfTable();
  for (let i = 0; i < bits.length; i++) out[i] = table[bits[i]!]!;
}
