/**
 * The payload of a 'keyframe-ack' message: f64 [kind code, keyframe seq], the newest keyframe the receiver of a
 * compressed link holds for messages of that kind (see @canopy/algorithms link-codec.ts). Anything else is refused.
 */
import { MESSAGE_KINDS, MESSAGE_KIND_BY_CODE, type MessageKind } from '../kinds';

export interface KeyframeAck {
  /** The kind of the compressed messages acknowledged (model or tracker). */
  readonly kind: MessageKind;
  readonly keyframeSeq: number;
}

export function keyframeAckPayload(ack: KeyframeAck): Float64Array {
  return Float64Array.of(MESSAGE_KINDS[ack.kind], ack.keyframeSeq);
}

/** The ack a payload carries, or undefined when it is not one (wrong length, unknown kind, seq not a safe non-negative integer). */
export function readKeyframeAck(payload: ArrayLike<number>): KeyframeAck | undefined {
  if (payload.length !== 2) return undefined;
  const kind = MESSAGE_KIND_BY_CODE.get(payload[0] as number);
  const keyframeSeq = payload[1] as number;
  if (kind === undefined || !Number.isSafeInteger(keyframeSeq) || keyframeSeq < 0) return undefined;
  return { kind, keyframeSeq };
}
