/**
 * Per-link compression state for R-FAST (ALGORITHMS.md §3, last bullet): every K-th message on a link is a
 * full-precision KEYFRAME, the others carry Q(target − keyframe) and that keyframe's sequence number, so a lost
 * delta costs only itself.
 *
 * ACKNOWLEDGED KEYFRAMES. Deltas refer only to a keyframe the receiver has acknowledged: it answers a compressed
 * message it accepts with a 'keyframe-ack' naming the newest keyframe it holds, until the sender's deltas show it
 * heard (they refer to that keyframe), so a lost ack costs nothing. Until a link has an acknowledged keyframe
 * (its first round trip, or a peer that never acks) every message is a keyframe, and a new keyframe that is lost
 * spoils no delta: the deltas keep referring to the older acknowledged one until the new one is acknowledged.
 * (Without acks a lost keyframe spoiled every delta that referred to it, in clumps: under 30% loss on paced links,
 * R-FAST + q8 saw ~35% of its tracker messages refused and stalled short of the uncompressed accuracy.)
 * Each end keeps KEPT_KEYFRAMES keyframes: the sender never drops its acknowledged reference, and the receiver
 * never drops the keyframe the sender last used, so a reference can only go missing if every ack of several newer
 * keyframes is lost.
 * Both sides compute keyframe + dequantized delta with the same f64 operations, so the value a receiver
 * reconstructs for a message equals the sender's `decoded` bit for bit (R-FAST's exact invariant).
 */
import {
  decodeEnvelope,
  encodeDelta,
  encodeKeyframe,
  isEnvelope,
  type Compressor,
  type KeyframePrecision,
  type MessageKind,
  type PeerId,
} from '@canopy/protocol';
import type { RejectReason, Vector } from '../node';
import { allFinite } from './vectors';

/** Keyframes each end of a link keeps (sender: sent and not superseded by an acknowledged one; receiver: newest). */
export const KEPT_KEYFRAMES = 4;

export interface LinkEncoding {
  readonly bytes: Uint8Array;
  /** What a receiver of `bytes` reconstructs (read-only: a keyframe's is also the encoder's reference). */
  readonly decoded: Float64Array;
}

interface Keyframe {
  readonly seq: number;
  readonly values: Float64Array;
}

interface SentKeyframe extends Keyframe {
  acknowledged: boolean;
}

export class LinkEncoder {
  /** Oldest first; none older than the newest acknowledged one (those are never referred to again). */
  private keyframes: SentKeyframe[] = [];
  private deltasSinceKeyframe = 0;
  private readonly difference: Float64Array;

  constructor(
    private readonly compressor: Compressor,
    private readonly keyframeEvery: number,
    private readonly precision: KeyframePrecision,
    private readonly random: () => number,
    dimension: number,
  ) {
    this.difference = new Float64Array(dimension);
  }

  /** The receiver holds keyframe `seq` (a keyframe-ack): later deltas may refer to it. Unknown seqs are ignored. */
  acknowledge(seq: number): void {
    const index = this.keyframes.findIndex((keyframe) => keyframe.seq === seq);
    if (index < 0) return;
    (this.keyframes[index] as SentKeyframe).acknowledged = true;
    this.keyframes = this.keyframes.slice(index);
  }

  /**
   * Encodes `target` as message `seq` of this link: a keyframe every K messages, a delta otherwise. A
   * non-finite target (a diverged run) goes out as a keyframe, which receivers refuse as 'non-finite' exactly
   * as they refuse an uncompressed NaN payload.
   */
  encode(target: Vector | Float64Array, seq: number): LinkEncoding {
    const base = this.reference();
    if (base === undefined || this.deltasSinceKeyframe >= this.keyframeEvery - 1 || !allFinite(target)) {
      const encoded = encodeKeyframe(target, this.precision);
      this.keyframes.push({ seq, values: encoded.decoded, acknowledged: false });
      // Full: forget the oldest keyframe the receiver has not acknowledged, never the acknowledged reference.
      if (this.keyframes.length > KEPT_KEYFRAMES) this.keyframes.splice(this.keyframes[0]?.acknowledged === true ? 1 : 0, 1);
      this.deltasSinceKeyframe = 0;
      return encoded;
    }
    this.deltasSinceKeyframe++;
    const keyframe = base.values;
    const difference = this.difference;
    for (let k = 0; k < difference.length; k++) difference[k] = (target[k] as number) - (keyframe[k] as number);
    const { bytes, decoded } = this.compressor.encode(difference, this.random);
    // decoded is a fresh array: turn it into keyframe + delta in place, exactly as LinkDecoder does.
    for (let k = 0; k < decoded.length; k++) decoded[k] = (keyframe[k] as number) + (decoded[k] as number);
    return { bytes: encodeDelta(this.compressor.name, base.seq, bytes), decoded };
  }

  /** The keyframe the next delta refers to: the newest acknowledged one (undefined: the next message is a keyframe). */
  private reference(): Keyframe | undefined {
    const { keyframes } = this;
    for (let i = keyframes.length - 1; i >= 0; i--) if ((keyframes[i] as SentKeyframe).acknowledged) return keyframes[i];
    return undefined;
  }
}

/** The receiving end of one link: holds the newest keyframes and reconstructs deltas against them. */
export class LinkDecoder {
  /** Newest first, at most KEPT_KEYFRAMES. */
  private readonly keyframes: Keyframe[] = [];
  /** The keyframe the last decoded delta referred to: the sender knows we hold it. */
  private lastReference: number | undefined;

  constructor(private readonly length: number) {}

  /**
   * The newest keyframe held, when the sender does not yet refer to it (its last delta used an older one, or
   * none came since): what a keyframe-ack should name. Repeated until the sender shows it heard, so a lost ack
   * costs nothing; undefined once the sender refers to our newest keyframe (no ack needed).
   */
  get keyframeToAcknowledge(): number | undefined {
    const newest = this.keyframes[0]?.seq;
    return newest === this.lastReference ? undefined : newest;
  }

  /** The vector message `seq` carries, or why it cannot be used. */
  decode(seq: number, bytes: Uint8Array): Float64Array | RejectReason {
    const envelope = decodeEnvelope(bytes, this.length);
    if (!isEnvelope(envelope)) return envelope.reason === 'non-finite' ? 'non-finite' : 'bad-encoding';
    if (envelope.type === 'keyframe') {
      this.hold({ seq, values: envelope.values });
      return envelope.values;
    }
    const base = this.keyframes.find((keyframe) => keyframe.seq === envelope.keyframeSeq);
    if (base === undefined) return 'missing-keyframe';
    this.lastReference = base.seq;
    const out = envelope.delta;
    const keyframe = base.values;
    for (let k = 0; k < out.length; k++) out[k] = (keyframe[k] as number) + (out[k] as number);
    return out;
  }

  /**
   * Keeps the newest keyframes by sequence number (a late older one may still fill a slot), and always the one
   * the sender was last seen referring to: it keeps using it until one of our newer acks reaches it.
   */
  private hold(keyframe: Keyframe): void {
    const { keyframes } = this;
    if (keyframes.some((held) => held.seq === keyframe.seq)) return;
    let at = keyframes.findIndex((held) => held.seq < keyframe.seq);
    if (at < 0) at = keyframes.length;
    keyframes.splice(at, 0, keyframe);
    if (keyframes.length <= KEPT_KEYFRAMES) return;
    const oldest = keyframes.length - 1;
    keyframes.splice(keyframes[oldest]?.seq === this.lastReference ? oldest - 1 : oldest, 1);
  }
}

/**
 * One LinkDecoder per (kind, in-neighbour), created on first use. The caller checks the sender is a known
 * in-neighbour first, so the map stays bounded by the node's in-links.
 */
export class InboundDecoders {
  private readonly decoders = new Map<string, LinkDecoder>();

  constructor(private readonly length: number) {}

  decode(kind: MessageKind, from: PeerId, seq: number, bytes: Uint8Array): Float64Array | RejectReason {
    const key = linkKey(kind, from);
    let decoder = this.decoders.get(key);
    if (decoder === undefined) {
      decoder = new LinkDecoder(this.length);
      this.decoders.set(key, decoder);
    }
    return decoder.decode(seq, bytes);
  }

  /** LinkDecoder.keyframeToAcknowledge of the (kind, in-neighbour) link. */
  keyframeToAcknowledge(kind: MessageKind, from: PeerId): number | undefined {
    return this.decoders.get(linkKey(kind, from))?.keyframeToAcknowledge;
  }
}

function linkKey(kind: MessageKind, from: PeerId): string {
  return `${kind}\u0000${from}`;
}
