/**
 * The wire is little-endian. Typed-array views use the host's byte order, which is little-endian on
 * every platform browsers run on; a big-endian host gets byte-swapped copies instead of views.
 */
export const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** A copy of `bytes` with every `width`-byte element reversed (length must be a multiple of width). */
export function swapBytes(bytes: Uint8Array, width: number): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let start = 0; start < bytes.length; start += width) {
    for (let k = 0; k < width; k++) out[start + k] = bytes[start + width - 1 - k]!;
  }
  return out;
}
