/** Little-endian packing of quantization levels at 1, 2, 4, 8 or 16 bits each (widths that never straddle a byte). */

export const PACKABLE_BITS = [0, 1, 2, 4, 8, 16] as const;
export type PackableBits = (typeof PACKABLE_BITS)[number];

export function isPackableBits(bits: number): bits is PackableBits {
  return (PACKABLE_BITS as readonly number[]).includes(bits);
}

export function packedBytes(count: number, bits: PackableBits): number {
  return Math.ceil((count * bits) / 8);
}

/** Writes `levels` (each < 2^bits) at `offset` of `out`. */
export function packLevels(levels: Uint16Array, bits: PackableBits, out: Uint8Array, offset: number): void {
  if (bits === 0) return;
  if (bits === 16) {
    for (let i = 0; i < levels.length; i++) {
      const level = levels[i]!;
      out[offset + 2 * i] = level & 0xff;
      out[offset + 2 * i + 1] = level >>> 8;
    }
    return;
  }
  const perByte = 8 / bits;
  out.fill(0, offset, offset + packedBytes(levels.length, bits));
  for (let i = 0; i < levels.length; i++) {
    const byte = offset + Math.floor(i / perByte);
    out[byte] = out[byte]! | (levels[i]! << ((i % perByte) * bits));
  }
}

/** Reads `count` levels from `bytes` at `offset` (the caller has checked the length). */
export function unpackLevels(bytes: Uint8Array, offset: number, count: number, bits: PackableBits): Uint16Array {
  const levels = new Uint16Array(count);
  if (bits === 0) return levels;
  if (bits === 16) {
    for (let i = 0; i < count; i++) levels[i] = bytes[offset + 2 * i]! | (bytes[offset + 2 * i + 1]! << 8);
    return levels;
  }
  const perByte = 8 / bits;
  const mask = (1 << bits) - 1;
  for (let i = 0; i < count; i++) levels[i] = (bytes[offset + Math.floor(i / perByte)]! >>> ((i % perByte) * bits)) & mask;
  return levels;
}
