import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { encodeMessage } from './encode';
import type { VectorDtype as Dtype } from './layout';
import { Reassembler, type ReassemblyResult, type ReceivedMessage } from './reassembler';
import { sameElements, sampleVector, seededRandom, shuffled } from './test-support';

const base = { kind: 'model', epoch: 4, seq: 10 } as const;

function frames(values: Float32Array | Float64Array, dtype: Dtype, messageId: number, maxChunkBytes = 1024, seq: number = base.seq): Uint8Array[] {
  return encodeMessage({ ...base, seq, dtype }, values, { messageId, maxChunkBytes, random: seededRandom(messageId) });
}

function completed(results: readonly ReassemblyResult[]): ReceivedMessage[] {
  return results.flatMap((r) => (r.status === 'complete' ? [r.message] : []));
}

/** Allowed |decoded − sent| per element: exact for f32/f64, half precision for f16, one step for q8. */
function toleranceFor(dtype: Dtype, values: Float32Array | Float64Array): (value: number) => number {
  if (dtype === 'f16') return (value) => Math.max(Math.abs(value) * 2 ** -11, 2 ** -24);
  if (dtype === 'q8') {
    let min = Infinity;
    let max = -Infinity;
    for (const v of values) [min, max] = [Math.min(min, v), Math.max(max, v)];
    const step = (max - min) / 255 + 1e-5 * Math.max(Math.abs(min), Math.abs(max));
    return () => step;
  }
  return () => 0;
}

describe('Reassembler round trip', () => {
  it('delivers each message exactly once, whatever the size, dtype, chunk size, order and duplicates', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 200_000 }),
        fc.constantFrom<Dtype>('f32', 'f64', 'f16', 'q8'),
        fc.integer({ min: 40, max: 256 * 1024 }),
        fc.boolean(),
        fc.integer(),
        (length, dtype, maxChunkBytes, wide, seed) => {
          const random = seededRandom(seed);
          const values = sampleVector(length, seed, 100, wide ? Float64Array : Float32Array);
          const sent = frames(values, dtype, seed >>> 0, Math.max(maxChunkBytes, 64 + Math.ceil(length / 8000) * 8));
          const duplicates = sent.filter(() => random() < 0.2);
          const reassembler = new Reassembler();
          const results = shuffled([...sent, ...duplicates], random).map((bytes) => reassembler.push(bytes, 0));
          const delivered = completed(results);
          expect(delivered.length).toBe(1);
          const [message] = delivered;
          expect(message).toMatchObject({ ...base, dtype, flags: 0 });
          expect(message!.payload).toBeInstanceOf(dtype === 'f64' ? Float64Array : Float32Array);
          expect(message!.payload.length).toBe(length);
          const expected = dtype === 'f32' ? Float32Array.from(values) : values;
          const tolerance = toleranceFor(dtype, values);
          let worst = 0;
          for (let i = 0; i < length; i++) worst = Math.max(worst, Math.abs(message!.payload[i]! - expected[i]!) - tolerance(values[i]!));
          expect(worst).toBeLessThanOrEqual(0);
          expect(reassembler.counters.duplicate).toBe(duplicates.length);
          expect(reassembler.bufferedBytes).toBe(0);
          expect(reassembler.partialMessages).toBe(0);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('reassembles interleaved messages independently', () => {
    const a = sampleVector(3000, 1);
    const b = sampleVector(5000, 2);
    const reassembler = new Reassembler();
    const stream = shuffled([...frames(a, 'f32', 1), ...frames(b, 'f32', 2, 1024, 11)], seededRandom(3));
    const delivered = completed(stream.map((bytes) => reassembler.push(bytes, 0)));
    expect(delivered.map((m) => m.seq).sort()).toEqual([10, 11]);
    expect(sameElements(delivered.find((m) => m.seq === 11)!.payload, b)).toBe(true);
  });

  it('delivers a single-chunk f32 message as a view of the received bytes (zero-copy)', () => {
    const [bytes] = frames(sampleVector(100, 5), 'f32', 1, 64 * 1024);
    const result = new Reassembler().push(bytes, 0);
    expect(result.status === 'complete' && result.message.payload.buffer).toBe(bytes!.buffer);
  });

  it('ignores a late duplicate of a completed message, but accepts a new message reusing its id', () => {
    const reassembler = new Reassembler();
    const first = frames(sampleVector(1000, 1), 'f32', 77);
    first.forEach((bytes) => reassembler.push(bytes, 0));
    expect(reassembler.push(first[1], 0).status).toBe('duplicate');
    expect(reassembler.partialMessages).toBe(0);
    const reuse = frames(sampleVector(1000, 2), 'f32', 77, 1024, 99);
    expect(completed(reuse.map((bytes) => reassembler.push(bytes, 0)))).toHaveLength(1);
    expect(reassembler.counters.completed).toBe(2);
  });
});

describe('Reassembler safety', () => {
  it('rejects a non-finite payload only once the whole message is in, and never delivers it', () => {
    const values = sampleVector(5000, 1);
    values[2345] = NaN;
    const reassembler = new Reassembler();
    const sent = frames(values, 'f32', 1);
    const results = sent.map((bytes) => reassembler.push(bytes, 0));
    expect(results.slice(0, -1).every((r) => r.status === 'partial')).toBe(true);
    expect(results.at(-1)).toMatchObject({ status: 'rejected', reason: 'non-finite' });
    expect(reassembler.counters['non-finite']).toBe(1);
    expect(reassembler.counters.completed).toBe(0);
  });

  it('never delivers a message with a lost chunk, and expires it by age on the next push', () => {
    const reassembler = new Reassembler({ maxAgeMs: 1000 });
    const sent = frames(sampleVector(5000, 1), 'f64', 1);
    const results = sent.filter((_, i) => i !== 3).map((bytes) => reassembler.push(bytes, 0));
    expect(completed(results)).toHaveLength(0);
    expect(reassembler.partialMessages).toBe(1);
    reassembler.push(frames(sampleVector(10, 2), 'f32', 2)[0], 1000); // exactly maxAgeMs old: kept
    expect(reassembler.counters.expired).toBe(0);
    reassembler.push(frames(sampleVector(10, 2), 'f32', 3)[0], 1001);
    expect(reassembler.counters.expired).toBe(1);
    expect(reassembler.partialMessages).toBe(0);
    expect(reassembler.bufferedBytes).toBe(0);
    // The lost chunk arriving after expiry does not resurrect the message.
    expect(reassembler.push(sent[3], 1002).status).toBe('partial');
  });

  it('expires by an explicit sweep', () => {
    const reassembler = new Reassembler({ maxAgeMs: 50 });
    reassembler.push(frames(sampleVector(5000, 1), 'f32', 1)[0], 10);
    expect(reassembler.sweep(60)).toBe(0);
    expect(reassembler.sweep(61)).toBe(1);
    expect(reassembler.counters.expired).toBe(1);
    expect(reassembler.partialMessages).toBe(0);
  });

  it('evicts the oldest partial messages beyond maxPartialMessages, and counts them', () => {
    const reassembler = new Reassembler({ maxPartialMessages: 4 });
    const messages = Array.from({ length: 10 }, (_, id) => frames(sampleVector(2000, id), 'f32', id));
    for (const sent of messages) {
      reassembler.push(sent[0], 0);
      expect(reassembler.partialMessages).toBeLessThanOrEqual(4);
    }
    expect(reassembler.counters.evicted).toBe(6);
    // The newest four survive and can still complete (finished first, so the evicted ones' remaining
    // chunks cannot push them out again); the evicted ones cannot.
    const finished = [...messages].reverse().flatMap((sent) => completed(sent.slice(1).map((bytes) => reassembler.push(bytes, 0))));
    expect(finished.map((m) => m.messageId).filter((id) => id < 6)).toEqual([]);
    expect(finished.map((m) => m.messageId).filter((id) => id >= 6).sort()).toEqual([6, 7, 8, 9]);
  });

  it('keeps buffered bytes under maxBufferedBytes by evicting the oldest, and refuses messages that can never fit', () => {
    const cap = 20_000;
    const reassembler = new Reassembler({ maxBufferedBytes: cap, maxPartialMessages: 1000 });
    const random = seededRandom(4);
    const messages = Array.from({ length: 30 }, (_, id) => frames(sampleVector(3000, id), 'f32', id).slice(0, -1));
    for (const bytes of shuffled(messages.flat(), random)) {
      reassembler.push(bytes, 0);
      expect(reassembler.bufferedBytes).toBeLessThanOrEqual(cap);
    }
    expect(reassembler.counters.evicted).toBeGreaterThan(0);
    const huge = frames(sampleVector(10_000, 9), 'f32', 999);
    expect(reassembler.push(huge[0], 0)).toMatchObject({ status: 'rejected', reason: 'too-large' });
    expect(reassembler.bufferedBytes).toBeLessThanOrEqual(cap);
  });

  it('counts a partial message as its payload plus one byte per chunk: a message exactly at the cap completes', () => {
    const sent = frames(sampleVector(3000, 1), 'f32', 1);
    const footprint = 12_000 + sent.length;
    const atCap = new Reassembler({ maxBufferedBytes: footprint });
    atCap.push(sent[0], 0);
    expect(atCap.bufferedBytes).toBe(footprint);
    expect(completed(sent.slice(1).map((bytes) => atCap.push(bytes, 0)))).toHaveLength(1);
    const belowCap = new Reassembler({ maxBufferedBytes: footprint - 1 });
    expect(belowCap.push(sent[0], 0)).toMatchObject({ status: 'rejected', reason: 'too-large' });
  });

  it('does not retain pushed chunks: the sender may reuse or clear them right after push', () => {
    const values = sampleVector(3000, 3);
    const reassembler = new Reassembler();
    const results = frames(values, 'f32', 1).map((bytes) => {
      const received = bytes.slice();
      const result = reassembler.push(received, 0);
      received.fill(0);
      return result;
    });
    expect(sameElements(completed(results)[0]!.payload, values)).toBe(true);
  });

  it('refuses messages larger than maxMessageBytes at the first chunk', () => {
    const reassembler = new Reassembler({ maxMessageBytes: 1000 });
    expect(reassembler.push(frames(sampleVector(251, 1), 'f32', 1)[0], 0)).toMatchObject({ status: 'rejected', reason: 'too-large' });
    expect(reassembler.counters['too-large']).toBe(1);
  });

  it('rejects a chunk that disagrees with its message and drops the whole message', () => {
    const reassembler = new Reassembler();
    const sent = frames(sampleVector(3000, 1), 'f32', 5);
    const other = frames(sampleVector(3000, 1), 'f32', 5, 1024, 12); // same id, different seq
    reassembler.push(sent[0], 0);
    expect(reassembler.push(other[1], 0)).toMatchObject({ status: 'rejected', reason: 'inconsistent-chunk' });
    expect(reassembler.partialMessages).toBe(0);
    expect(completed(sent.slice(1).map((bytes) => reassembler.push(bytes, 0)))).toHaveLength(0);
    expect(reassembler.counters['inconsistent-chunk']).toBe(1);
  });

  it('counts decode failures by reason without throwing', () => {
    const reassembler = new Reassembler();
    expect(reassembler.push('text', 0)).toMatchObject({ status: 'rejected', reason: 'not-binary' });
    expect(reassembler.push(new Uint8Array(3), 0)).toMatchObject({ status: 'rejected', reason: 'too-short' });
    expect(reassembler.counters['not-binary']).toBe(1);
    expect(reassembler.counters['too-short']).toBe(1);
  });
});
