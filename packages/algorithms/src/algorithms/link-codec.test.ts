import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createCompressor, decodeEnvelope, isEnvelope } from '@canopy/protocol';
import { KEPT_KEYFRAMES, LinkDecoder, LinkEncoder, type LinkEncoding } from './link-codec';

function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** A drifting vector: what a model or a running sum looks like from one message to the next. */
function stream(count: number, dimension: number): Float64Array[] {
  return Array.from({ length: count }, (_, t) => Float64Array.from({ length: dimension }, (_, k) => Math.sin(k + 0.1 * t) * (1 + t)));
}

/** Encodes the stream, the receiver acknowledging every keyframe as soon as it is sent (a lossless, instant link). */
function encodeAll(vectors: readonly Float64Array[], keyframeEvery: number, name: 'q8' | 'topk' | 'fp16' = 'q8'): LinkEncoding[] {
  const encoder = new LinkEncoder(createCompressor(name), keyframeEvery, 'f64', seeded(1), vectors[0]!.length);
  return vectors.map((v, seq) => {
    const encoding = encoder.encode(v, seq);
    if (shape(encoding.bytes, v.length) === 'K') encoder.acknowledge(seq);
    return encoding;
  });
}

/** 'K' for a keyframe, else the keyframe seq the delta refers to. */
function shape(bytes: Uint8Array, length: number): string | number {
  const envelope = decodeEnvelope(bytes, length);
  if (!isEnvelope(envelope)) throw new Error(envelope.detail);
  return envelope.type === 'keyframe' ? 'K' : envelope.keyframeSeq;
}

describe('LinkEncoder', () => {
  it('sends keyframes until one is acknowledged, then deltas against it and a new keyframe every K messages', () => {
    const vectors = stream(12, 4);
    const encoder = new LinkEncoder(createCompressor('q8'), 4, 'f64', seeded(1), 4);
    const shapes: (string | number)[] = [];
    vectors.forEach((v, seq) => {
      if (seq === 2) encoder.acknowledge(1); // keyframe 0 was lost, 1 arrived
      if (seq === 8) encoder.acknowledge(5); // keyframe 5 arrived
      if (seq === 10) encoder.acknowledge(77); // never sent: ignored
      shapes.push(shape(encoder.encode(v, seq).bytes, 4));
    });
    // 9 is not acknowledged yet: deltas keep referring to 5, which the receiver holds.
    expect(shapes).toEqual(['K', 'K', 1, 1, 1, 'K', 1, 1, 5, 'K', 5, 5]);
  });

  it('never forgets its acknowledged reference, however many newer keyframes go unacknowledged', () => {
    const encoder = new LinkEncoder(createCompressor('q8'), 2, 'f64', seeded(1), 4);
    const vectors = stream(20, 4);
    encoder.encode(vectors[0]!, 0);
    encoder.acknowledge(0);
    const references = vectors.slice(1).map((v, i) => shape(encoder.encode(v, i + 1).bytes, 4));
    expect(references.filter((r) => r !== 'K').every((r) => r === 0)).toBe(true);
    expect(references.filter((r) => r === 'K').length).toBeGreaterThan(KEPT_KEYFRAMES);
  });

  it('sends a non-finite vector as a keyframe the receiver refuses, instead of throwing', () => {
    const encoder = new LinkEncoder(createCompressor('q8'), 8, 'f64', seeded(1), 2);
    encoder.encode(Float64Array.from([1, 2]), 0);
    encoder.acknowledge(0);
    const broken = encoder.encode(Float64Array.from([Number.NaN, 2]), 1);
    expect(broken.bytes[0]).toBe(0x4b); // 'K'
    expect(new LinkDecoder(2).decode(1, broken.bytes)).toBe('non-finite');
  });

  it('K = 1 sends only keyframes, i.e. no compression at all', () => {
    const sent = encodeAll(stream(3, 4), 1);
    expect(sent.map((m) => shape(m.bytes, 4))).toEqual(['K', 'K', 'K']);
    expect(Array.from(sent[2]!.decoded)).toEqual(Array.from(stream(3, 4)[2]!));
  });
});

describe('LinkDecoder', () => {
  it('reconstructs exactly what the sender says it sent, whatever is lost and in whatever order the rest arrives', () => {
    const vectors = stream(40, 6);
    fc.assert(
      fc.property(fc.constantFrom('q8' as const, 'topk' as const, 'fp16' as const), fc.integer({ min: 2, max: 8 }), fc.array(fc.nat(), { minLength: 40, maxLength: 40 }), (name, k, keys) => {
        const sent = encodeAll(vectors, k, name);
        // A random arrival order in which about a third of the messages are lost.
        const order = keys.map((key, seq) => ({ key, seq })).filter((e) => e.key % 3 !== 0).sort((a, b) => a.key - b.key);
        const decoder = new LinkDecoder(6);
        const delivered = new Set<number>();
        for (const { seq } of order) {
          const bytes = sent[seq]!.bytes;
          const reference = shape(bytes, 6);
          const result = decoder.decode(seq, bytes);
          if (reference === 'K') delivered.add(seq);
          if (typeof result !== 'string') expect(Array.from(result)).toEqual(Array.from(sent[seq]!.decoded));
          else expect(result).toBe('missing-keyframe');
          // A keyframe always decodes; a delta whose keyframe never arrived never does.
          if (reference === 'K') expect(result).toBeInstanceOf(Float64Array);
          else if (!delivered.has(reference as number)) expect(result).toBe('missing-keyframe');
        }
      }),
      { seed: 5, numRuns: 80 },
    );
  });

  it('over a link with 30% loss both ways (messages and acks), a lost keyframe spoils no delta', () => {
    const vectors = stream(400, 5);
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 16 }), fc.integer(), (k, seed) => {
        const random = seeded(seed);
        const lost = () => random() < 0.3;
        const encoder = new LinkEncoder(createCompressor('q8'), k, 'f64', seeded(3), 5);
        const decoder = new LinkDecoder(5);
        let keyframesLost = 0;
        vectors.forEach((v, seq) => {
          const { bytes, decoded } = encoder.encode(v, seq);
          if (lost()) {
            if (shape(bytes, 5) === 'K') keyframesLost++;
            return;
          }
          const result = decoder.decode(seq, bytes);
          expect(result).toBeInstanceOf(Float64Array);
          expect(Array.from(result as Float64Array)).toEqual(Array.from(decoded));
          const ack = decoder.keyframeToAcknowledge;
          if (ack !== undefined && !lost()) encoder.acknowledge(ack);
        });
        expect(keyframesLost).toBeGreaterThan(0);
      }),
      { seed: 11, numRuns: 60 },
    );
  });

  it('asks for an ack only until the sender refers to its newest keyframe', () => {
    const encoder = new LinkEncoder(createCompressor('q8'), 4, 'f64', seeded(1), 3);
    const decoder = new LinkDecoder(3);
    const vectors = stream(6, 3);
    expect(decoder.keyframeToAcknowledge).toBeUndefined();
    decoder.decode(0, encoder.encode(vectors[0]!, 0).bytes);
    expect(decoder.keyframeToAcknowledge).toBe(0);
    decoder.decode(1, encoder.encode(vectors[1]!, 1).bytes); // the ack was lost: another keyframe
    expect(decoder.keyframeToAcknowledge).toBe(1);
    encoder.acknowledge(1);
    decoder.decode(2, encoder.encode(vectors[2]!, 2).bytes); // a delta against 1: the sender heard
    expect(decoder.keyframeToAcknowledge).toBeUndefined();
  });

  it('refuses undecodable bytes and non-finite keyframes with machine-readable reasons', () => {
    const decoder = new LinkDecoder(2);
    expect(decoder.decode(0, Uint8Array.from([1, 2, 3]))).toBe('bad-encoding');
    const nan = new Uint8Array(18);
    nan[0] = 0x4b;
    nan[1] = 1;
    new DataView(nan.buffer).setFloat64(2, Number.NaN, true);
    expect(decoder.decode(0, nan)).toBe('non-finite');
    const wrongLength = encodeAll(stream(1, 3), 8)[0]!.bytes;
    expect(decoder.decode(0, wrongLength)).toBe('bad-encoding');
  });
});
