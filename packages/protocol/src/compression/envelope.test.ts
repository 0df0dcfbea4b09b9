import { describe, expect, it } from 'vitest';
import { createCompressor } from './create';
import { decodeEnvelope, encodeDelta, encodeKeyframe, isEnvelope, type Envelope } from './envelope';
import { COMPRESSOR_NAMES } from './names';
import { rejectionOf, seededRandom } from './test-support';

function envelope(bytes: Uint8Array, length: number): Envelope {
  const result = decodeEnvelope(bytes, length);
  if (!isEnvelope(result)) throw new Error(`rejected: ${result.reason} (${result.detail})`);
  return result;
}

describe('compression envelope', () => {
  it('carries an f64 keyframe exactly and an f32 keyframe rounded to float32, saying so in `decoded`', () => {
    const values = Float64Array.from([0.1, -3, 1e-9]);
    const f64 = encodeKeyframe(values, 'f64');
    expect(f64.bytes.length).toBe(2 + 24);
    expect(envelope(f64.bytes, 3)).toEqual({ type: 'keyframe', values: f64.decoded });
    expect(Array.from(f64.decoded)).toEqual(Array.from(values));
    const f32 = encodeKeyframe(values, 'f32');
    expect(f32.bytes.length).toBe(2 + 12);
    expect(Array.from(f32.decoded)).toEqual(Array.from(values, Math.fround));
    expect(envelope(f32.bytes, 3)).toEqual({ type: 'keyframe', values: f32.decoded });
  });

  it.each(COMPRESSOR_NAMES)('carries a %s delta with its keyframe sequence number, decoded bit for bit', (name) => {
    const compressor = createCompressor(name);
    const values = Float64Array.from({ length: 50 }, (_, i) => Math.sin(i) * 10 ** (i % 5));
    const { bytes, decoded } = compressor.encode(values, seededRandom(3));
    const result = envelope(encodeDelta(name, 4_000_000_000, bytes), 50);
    expect(result.type).toBe('delta');
    if (result.type !== 'delta') return;
    expect(result.keyframeSeq).toBe(4_000_000_000);
    expect(Array.from(result.delta)).toEqual(Array.from(decoded));
  });

  it('refuses unknown tags, codes and precisions, and wrong lengths', () => {
    const keyframe = encodeKeyframe(Float64Array.from([1, 2]), 'f64').bytes;
    expect(rejectionOf(decodeEnvelope(keyframe, 3))).toBe('bad-length');
    expect(rejectionOf(decodeEnvelope(Uint8Array.from([0x4b]), 0))).toBe('bad-length');
    expect(rejectionOf(decodeEnvelope(Uint8Array.from([0x58, 0]), 0))).toBe('bad-header');
    expect(rejectionOf(decodeEnvelope(Uint8Array.from([0x4b, 2]), 0))).toBe('bad-header');
    expect(rejectionOf(decodeEnvelope(Uint8Array.from([0x44, 2, 0, 0]), 0))).toBe('bad-length');
    expect(rejectionOf(decodeEnvelope(Uint8Array.from([0x44, 200, 0, 0, 0, 0]), 0))).toBe('unknown-codec');
    const nan = encodeKeyframe(Float64Array.from([1, 2]), 'f64').bytes;
    new DataView(nan.buffer).setFloat64(2, Number.NaN, true);
    expect(rejectionOf(decodeEnvelope(nan, 2))).toBe('non-finite');
  });

  it('a sender bug (keyframe seq out of u32) throws at the sender, not at the receiver', () => {
    expect(() => encodeDelta('q8', -1, new Uint8Array(9))).toThrow(RangeError);
  });
});
