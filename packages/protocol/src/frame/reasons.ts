/** Why a frame or a reassembled message was refused: machine-readable, one counter each. */
export const FRAME_REJECT_REASONS = [
  /** Not a Uint8Array / ArrayBuffer / typed-array view (e.g. a string on the data channel). */
  'not-binary',
  /** Shorter than the 32-byte header. */
  'too-short',
  'bad-magic',
  'bad-version',
  'unknown-kind',
  'unknown-dtype',
  /** Reserved header bytes are not zero. */
  /** Frame length ≠ header + chunk bytes, or total bytes impossible for the dtype. */
  'bad-length',
  /** Chunk index/count/size inconsistent with the total (see the layout's chunking rule). */
  'bad-chunk',
  /** Message larger than the receiver's cap. */
  'too-large',
  /** A NaN or ±Inf in the decoded payload (or in a q8 min/step). */
  'non-finite',
  /** A chunk whose header disagrees with earlier chunks of the same message id. */
  'inconsistent-chunk',
] as const;

export type FrameRejectReason = (typeof FRAME_REJECT_REASONS)[number];

export interface Rejection {
  readonly ok: false;
  readonly reason: FrameRejectReason;
  /** Human-readable explanation, for logs. */
  readonly detail: string;
}

export function reject(reason: FrameRejectReason, detail: string): Rejection {
  return { ok: false, reason, detail };
}
