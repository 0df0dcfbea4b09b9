import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createCompressor, decodeEnvelope, isEnvelope } from '@canopy/protocol';
import { LinkDecoder, LinkEncoder, type LinkEncoding } from './link-codec';

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

function encodeAll(vectors: readonly Float64Array[], keyframeEvery: number, name: 'q8' | 'topk' | 'fp16' = 'q8'): LinkEncoding[] {
  const encoder = new LinkEncoder(createCompressor(name), keyframeEvery, 'f64', seeded(1), vectors[0]!.length);
  return vectors.map((v, seq) => encoder.encode(v, seq));
}

/** 'K' for a keyframe, else the keyframe seq the delta refers to. */
function shape(bytes: Uint8Array, length: number): string | number {
  const envelope = decodeEnvelope(bytes, length);
  if (!isEnvelope(envelope)) throw new Error(envelope.detail);
  return envelope.type === 'keyframe' ? 'K' : envelope.keyframeSeq;
}

describe('LinkEncoder', () => {
  it('sends two keyframes first, then one every K messages; deltas alternate between the previous and the latest keyframe', () => {
    const sent = encodeAll(stream(13, 4), 4);
    expect(sent.map((m) => shape(m.bytes, 4))).toEqual(['K', 'K', 0, 1, 0, 'K', 1, 5, 1, 'K', 5, 9, 5]);
  });

  it('sends a non-finite vector as a keyframe the receiver refuses, instead of throwing', () => {
    const encoder = new LinkEncoder(createCompressor('q8'), 8, 'f64', seeded(1), 2);
    encoder.encode(Float64Array.from([1, 2]), 0);
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
          // The decoder holds the two newest keyframes it has received (older deltas are stale anyway).
          const held: (string | number)[] = [...delivered].sort((x, y) => y - x).slice(0, 2);
          if (reference === 'K' || held.includes(reference)) {
            expect(result).toBeInstanceOf(Float64Array);
            expect(Array.from(result as Float64Array)).toEqual(Array.from(sent[seq]!.decoded));
          } else expect(result).toBe('missing-keyframe');
          if (reference === 'K') delivered.add(seq);
        }
      }),
      { seed: 5, numRuns: 80 },
    );
  });

  it('a lost keyframe costs only the deltas that refer to it (every other one of its period)', () => {
    const sent = encodeAll(stream(17, 3), 8); // keyframes at 0, 1, 9
    const decoder = new LinkDecoder(3);
    const outcomes = sent.map((m, seq) => (seq === 9 ? 'lost' : typeof decoder.decode(seq, m.bytes) === 'string' ? 'refused' : 'ok'));
    expect(outcomes.slice(9)).toEqual(['lost', 'ok', 'refused', 'ok', 'refused', 'ok', 'refused', 'ok']);
  });

  it('survives the loss of either of the first two keyframes: the deltas that refer to the other one decode', () => {
    for (const lost of [0, 1]) {
      const sent = encodeAll(stream(9, 3), 8);
      const decoder = new LinkDecoder(3);
      const outcomes = sent.map((m, seq) => (seq === lost ? 'lost' : typeof decoder.decode(seq, m.bytes) === 'string' ? 'refused' : 'ok'));
      expect(outcomes.filter((o) => o === 'ok').length).toBeGreaterThanOrEqual(4);
    }
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
