/** Compressors by name, and decoding by wire code (a receiver needs no options: every parameter is in the bytes). */
import type { CompressionRejection, Compressor } from './compressor';
import { decodeFp16, fp16Compressor } from './fp16';
import { COMPRESSOR_BY_CODE, type CompressorName } from './names';
import { createDynamicQuantizer } from './q-dynamic';
import { q8Compressor } from './q8';
import { decodeQuantized } from './quantized';
import { rawCompressor } from './raw';
import { createSketch, decodeSketch } from './sketch';
import { createTopK, decodeTopK } from './topk';

/** Codec tuning; each compressor reads only its own fields. */
export interface CompressorOptions {
  /** topk and sketch: fraction of coordinates kept (defaults 0.1 and 0.01). */
  readonly ratio?: number;
  /** q-dynamic: expected relative L2 error allowed per message (default 0.05). */
  readonly errorBudget?: number;
  /** sketch: hash rows (default 5) and buckets per row (default 10k). */
  readonly rows?: number;
  readonly columns?: number;
}

export function createCompressor(name: CompressorName, options: CompressorOptions = {}): Compressor {
  switch (name) {
    case 'none':
      return rawCompressor;
    case 'fp16':
      return fp16Compressor;
    case 'q8':
      return q8Compressor;
    case 'q-dynamic':
      return createDynamicQuantizer(options.errorBudget);
    case 'topk':
      return createTopK(options.ratio);
    case 'sketch':
      return createSketch(options);
  }
}

type Decoder = (bytes: Uint8Array, length: number) => Float64Array | CompressionRejection;

const DECODERS: Readonly<Record<CompressorName, Decoder>> = {
  none: rawCompressor.decode,
  fp16: decodeFp16,
  q8: decodeQuantized,
  'q-dynamic': decodeQuantized,
  topk: decodeTopK,
  sketch: decodeSketch,
};

/** The decoder of a compressor code from the wire; undefined for a code this build does not know. */
export function decoderForCode(code: number): Decoder | undefined {
  const name = COMPRESSOR_BY_CODE.get(code);
  return name === undefined ? undefined : DECODERS[name];
}
