export {
  FRAME_MAGIC,
  FRAME_VERSION,
  FRAME_HEADER_BYTES,
  DTYPES,
  DTYPE_CODES,
  DTYPE_BY_CODE,
  DTYPE_ELEMENT_BYTES,
  Q8_HEADER_BYTES,
  DEFAULT_MAX_CHUNK_BYTES,
  CROSS_BROWSER_MAX_CHUNK_BYTES,
  DEFAULT_MAX_MESSAGE_BYTES,
  payloadBytesFor,
  VECTOR_DTYPES,
  type Dtype,
  type VectorDtype,
} from './layout';
export { FRAME_REJECT_REASONS, type FrameRejectReason, type Rejection } from './reasons';
export type { MessageHeader, VectorMessageHeader, FrameHeader } from './header';
export { MIN_CHUNK_BYTES } from './chunking';
export { encodeVector, decodeVector, decodePayload, type Vector, type EncodeVectorOptions } from './payload';
export { allFinite, rangeFinite } from './finite';
export { FINITE_SCAN_MODES, type FiniteScanMode } from './checked-copy';
export { isSimdFiniteScanAvailable, finiteScanModule, type FiniteScanExports, type FiniteScanModule } from './simd/finite-scan-module';
export { simdRangeFinite } from './simd/simd-range';
export { WasmPayloadMemories } from './simd/wasm-payloads';
export { hostWasmApi, loadMemoryModule, type MemoryModule, WASM_PAGE_BYTES, type WasmApi, type WasmInstance, type WasmMemory, type WasmModule } from './simd/wasm-api';
export { toHalfBits, halfBitsToNumber } from './float16';
export { encodeMessage, encodeFrames, type FrameOptions, type EncodeMessageOptions } from './encode';
export { sendMessage, sendEncodedMessage, type FrameSink } from './send-frames';
export { FrameEncoder, type FrameEncoderOptions } from './frame-encoder';
export { decodeFrame, type Frame, type DecodeResult, type DecodeOptions } from './decode';
export {
  Reassembler,
  DEFAULT_MAX_BUFFERED_BYTES,
  type ReassemblerOptions,
  type ReassemblerCounters,
  type ReassemblyResult,
  type ReceivedMessage,
  type ReceivedVectorMessage,
  type ReceivedBytesMessage,
} from './reassembler';
