/**
 * Per-link compression state for R-FAST (ALGORITHMS.md §3, last bullet). Without acks, loss tolerance comes
 * from KEYFRAMES: the first two and then every K-th message on a link are the full-precision vector; the others carry
 * Q(target − keyframe) and that keyframe's sequence number. A delta never depends on another delta, so one
 * lost delta costs only itself. Deltas alternate between the latest keyframe and the one before it (the
 * receiver holds both): a lost keyframe then costs every other delta of its period instead of all K − 1 in a
 * row, which matters because long bursts of staleness slow R-FAST far more than the same loss spread out;
 * the first delta after a keyframe uses the older one, so a delta that overtakes its keyframe still decodes.
 * A link starts with two keyframes so that this holds from its first period on (and a paced browser link sends
 * only a few messages per second, so a period is long).
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

export interface LinkEncoding {
  readonly bytes: Uint8Array;
  /** What a receiver of `bytes` reconstructs (read-only: a keyframe's is also the encoder's reference). */
  readonly decoded: Float64Array;
}

interface Keyframe {
  readonly seq: number;
  readonly values: Float64Array;
}

export class LinkEncoder {
  private latest: Keyframe | undefined;
  private previous: Keyframe | undefined;
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

  /**
   * Encodes `target` as message `seq` of this link: a keyframe every K messages, a delta otherwise. A
   * non-finite target (a diverged run) goes out as a keyframe, which receivers refuse as 'non-finite' exactly
   * as they refuse an uncompressed NaN payload.
   */
  encode(target: Vector | Float64Array, seq: number): LinkEncoding {
    // The first TWO messages of a link are keyframes: deltas alternate between two references, and with only
    // one a single lost keyframe would leave every delta of the first period undecodable.
    const { latest, previous } = this;
    if (latest === undefined || previous === undefined || this.deltasSinceKeyframe >= this.keyframeEvery - 1 || !allFinite(target)) {
      const encoded = encodeKeyframe(target, this.precision);
      this.previous = this.latest;
      this.latest = { seq, values: encoded.decoded };
      this.deltasSinceKeyframe = 0;
      return encoded;
    }
    this.deltasSinceKeyframe++;
    const base = this.deltasSinceKeyframe % 2 === 1 ? previous : latest;
    const keyframe = base.values;
    const difference = this.difference;
    for (let k = 0; k < difference.length; k++) difference[k] = (target[k] as number) - (keyframe[k] as number);
    const { bytes, decoded } = this.compressor.encode(difference, this.random);
    // decoded is a fresh array: turn it into keyframe + delta in place, exactly as LinkDecoder does.
    for (let k = 0; k < decoded.length; k++) decoded[k] = (keyframe[k] as number) + (decoded[k] as number);
    return { bytes: encodeDelta(this.compressor.name, base.seq, bytes), decoded };
  }
}

/** The receiving end of one link: holds the two latest keyframes and reconstructs deltas against them. */
export class LinkDecoder {
  private latest: Keyframe | undefined;
  private previous: Keyframe | undefined;

  constructor(private readonly length: number) {}

  /** The vector message `seq` carries, or why it cannot be used. */
  decode(seq: number, bytes: Uint8Array): Float64Array | RejectReason {
    const envelope = decodeEnvelope(bytes, this.length);
    if (!isEnvelope(envelope)) return envelope.reason === 'non-finite' ? 'non-finite' : 'bad-encoding';
    if (envelope.type === 'keyframe') {
      this.hold({ seq, values: envelope.values });
      return envelope.values;
    }
    const reference = envelope.keyframeSeq;
    const base = this.latest?.seq === reference ? this.latest : this.previous?.seq === reference ? this.previous : undefined;
    if (base === undefined) return 'missing-keyframe';
    const out = envelope.delta;
    const keyframe = base.values;
    for (let k = 0; k < out.length; k++) out[k] = (keyframe[k] as number) + (out[k] as number);
    return out;
  }

  /** Keeps the two newest keyframes by sequence number (a late older one may still fill the second slot). */
  private hold(keyframe: Keyframe): void {
    const { latest, previous } = this;
    if (latest === undefined || keyframe.seq > latest.seq) {
      this.previous = latest;
      this.latest = keyframe;
    } else if (keyframe.seq < latest.seq && (previous === undefined || keyframe.seq > previous.seq)) {
      this.previous = keyframe;
    }
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
    const key = `${kind}\u0000${from}`;
    let decoder = this.decoders.get(key);
    if (decoder === undefined) {
      decoder = new LinkDecoder(this.length);
      this.decoders.set(key, decoder);
    }
    return decoder.decode(seq, bytes);
  }
}
