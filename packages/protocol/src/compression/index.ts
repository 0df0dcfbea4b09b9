export { COMPRESSOR_CODES, COMPRESSOR_NAMES, COMPRESSOR_BY_CODE, isCompressorName, type CompressorName } from './names';
export {
  COMPRESSION_REJECT_REASONS,
  isCompressionRejection,
  type Compressor,
  type Encoded,
  type Values,
  type CompressionRejection,
  type CompressionRejectReason,
} from './compressor';
export { createCompressor, decoderForCode, type CompressorOptions } from './create';
export {
  encodeKeyframe,
  encodeDelta,
  decodeEnvelope,
  isEnvelope,
  isKeyframeBytes,
  KEYFRAME_HEADER_BYTES,
  DELTA_HEADER_BYTES,
  type Envelope,
  type KeyframePrecision,
} from './envelope';
export { CountSketch, MAX_SKETCH_ROWS } from './count-sketch';
export { SketchErrorAccumulator } from './sketch-error-feedback';
export { topKIndices } from './select';
export { DEFAULT_ERROR_BUDGET } from './q-dynamic';
export { DEFAULT_TOPK_RATIO } from './topk';
export type { SketchOptions } from './sketch';
export {
  DEFAULT_KEYFRAME_EVERY,
  MAX_KEYFRAME_EVERY,
  compresses,
  keyframeEveryOf,
  type CompressionSettings,
} from './settings';
export { keyframeAckPayload, readKeyframeAck, type KeyframeAck } from './keyframe-ack';
