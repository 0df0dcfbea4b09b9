/**
 * Hostile input: 10,000 random byte strings plus 10,000 mutations of valid messages, through the envelope
 * decoder and every codec's decoder. Nothing may throw; an accepted result must have the expected length
 * and be entirely finite; a refusal must carry a known reason.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { COMPRESSION_REJECT_REASONS, type CompressionRejection } from './compressor';
import { createCompressor, decoderForCode } from './create';
import { decodeEnvelope, encodeDelta, encodeKeyframe, isEnvelope } from './envelope';
import { COMPRESSOR_CODES, COMPRESSOR_NAMES } from './names';
import { seededRandom } from './test-support';

const LENGTHS = [0, 1, 3, 8, 17];
const counts = { accepted: 0, rejected: 0 };
/** Problems found (checked once per test: vitest's expect is too slow for ~700,000 calls). */
const problems: string[] = [];
const KNOWN_REASONS: ReadonlySet<string> = new Set(COMPRESSION_REJECT_REASONS);

function checkVector(result: Float64Array | CompressionRejection, length: number): void {
  if (result instanceof Float64Array) {
    if (result.length !== length) problems.push(`accepted ${result.length} values, expected ${length}`);
    if (!result.every(Number.isFinite)) problems.push('accepted a non-finite vector');
    counts.accepted++;
  } else {
    if (!KNOWN_REASONS.has(result.reason)) problems.push(`unknown reason ${result.reason}`);
    counts.rejected++;
  }
}

function checkAll(bytes: Uint8Array): void {
  for (const length of LENGTHS) {
    const envelope = decodeEnvelope(bytes, length);
    if (isEnvelope(envelope)) checkVector(envelope.type === 'keyframe' ? envelope.values : envelope.delta, length);
    else checkVector(envelope, length);
    for (const code of Object.values(COMPRESSOR_CODES)) checkVector(decoderForCode(code)!(bytes, length), length);
  }
}

/** Valid messages to mutate: keyframes and a delta of every codec, for each length. */
function validMessages(): Uint8Array[] {
  const random = seededRandom(17);
  const out: Uint8Array[] = [];
  for (const length of LENGTHS) {
    const values = Float64Array.from({ length }, () => (random() - 0.5) * 100);
    out.push(encodeKeyframe(values, 'f64').bytes, encodeKeyframe(values, 'f32').bytes);
    for (const name of COMPRESSOR_NAMES) out.push(encodeDelta(name, 7, createCompressor(name).encode(values, random).bytes));
  }
  return out;
}

describe('compression decoders under hostile input', () => {
  it('never throw on 10,000 random byte strings', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 160 }), (bytes) => {
        checkAll(bytes);
      }),
      { seed: 1234, numRuns: 10_000 },
    );
    expect(problems).toEqual([]);
  });

  it('never throw on 10,000 mutated valid messages, and accept some of them', () => {
    const valid = validMessages();
    const before = counts.accepted;
    fc.assert(
      fc.property(
        fc.nat(valid.length - 1),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: -3, max: 3 }),
        (which, edits, resize) => {
          const source = valid[which]!;
          const bytes = new Uint8Array(Math.max(0, source.length + resize));
          bytes.set(source.subarray(0, bytes.length));
          for (const [at, value] of edits) if (bytes.length > 0) bytes[at % bytes.length] = value;
          checkAll(bytes);
        },
      ),
      { seed: 4321, numRuns: 10_000 },
    );
    expect(problems).toEqual([]);
    // Mutations of payload bytes mostly leave a decodable message: the decoders were really exercised.
    expect(counts.accepted - before).toBeGreaterThan(1000);
  });
});
