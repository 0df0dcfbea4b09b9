/** Compressor names and their one-byte wire codes (in the delta envelope). Append only: codes are on the wire. */
export const COMPRESSOR_CODES = {
  none: 0,
  fp16: 1,
  q8: 2,
  'q-dynamic': 3,
  topk: 4,
  sketch: 5,
} as const;

export type CompressorName = keyof typeof COMPRESSOR_CODES;

export const COMPRESSOR_NAMES = Object.keys(COMPRESSOR_CODES) as readonly CompressorName[];

export const COMPRESSOR_BY_CODE: ReadonlyMap<number, CompressorName> = new Map(
  (Object.entries(COMPRESSOR_CODES) as [CompressorName, number][]).map(([name, code]) => [code, name]),
);

export function isCompressorName(value: unknown): value is CompressorName {
  return typeof value === 'string' && Object.hasOwn(COMPRESSOR_CODES, value);
}
