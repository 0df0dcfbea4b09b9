/** 'q8': 8-bit stochastic quantization with a per-message float32 range (9 + n bytes; see ./quantized). */
import type { Compressor } from './compressor';
import { decodeQuantized, encodeQuantized } from './quantized';

export const q8Compressor: Compressor = {
  name: 'q8',
  encode: (values, random) => encodeQuantized(values, 8, random),
  decode: decodeQuantized,
};
