/**
 * The Reassembler's SIMD paths end to end: with reuseBuffers, messages ≥ 256 KiB live in WebAssembly
 * memory and are scanned in place; the memory bounds count whole pages; every scan mode refuses and
 * delivers exactly the same messages.
 */
import { describe, expect, it } from 'vitest';
import { FINITE_SCAN_MODES } from './checked-copy';
import { encodeMessage } from './encode';
import { type VectorDtype } from './layout';
import { Reassembler, type ReassemblyResult } from './reassembler';
import { MIN_WASM_PAYLOAD_BYTES, wasmPayloadBytes } from './simd/wasm-payloads';
import { sameElements, sampleVector, seededRandom, shuffled } from './test-support';

type Vector = Float32Array | Float64Array;
/** 70,001 f32 (280,004 bytes, not a page multiple) or 35,001 f64: just above the in-place threshold. */
const F32_LENGTH = 70_001;
const F64_LENGTH = 35_001;

function frames(values: Vector, messageId: number, dtype: VectorDtype, maxChunkBytes = 16 * 1024): Uint8Array[] {
  return encodeMessage({ kind: 'model', epoch: 1, seq: messageId, dtype }, values, { messageId, maxChunkBytes });
}

function vector(dtype: 'f32' | 'f64', seed: number): Vector {
  return dtype === 'f32' ? sampleVector(F32_LENGTH, seed) : sampleVector(F64_LENGTH, seed, 10, Float64Array);
}

function completed(results: readonly ReassemblyResult[]): Vector[] {
  return results.flatMap((r) => (r.status === 'complete' && r.message.dtype !== 'bytes' ? [r.message.payload] : []));
}

describe('Reassembler with reuseBuffers: large payloads in WebAssembly memory', () => {
  it('delivers f32 and f64 payloads that live in page-rounded WebAssembly memory, exact to the bit', () => {
    const reassembler = new Reassembler({ reuseBuffers: true });
    for (const dtype of ['f32', 'f64'] as const) {
      const values = vector(dtype, 1);
      expect(values.byteLength).toBeGreaterThanOrEqual(MIN_WASM_PAYLOAD_BYTES);
      const [payload] = completed(shuffled(frames(values, dtype === 'f32' ? 1 : 2, dtype), seededRandom(3)).map((f) => reassembler.push(f, 0)));
      expect(payload!.buffer.byteLength).toBe(wasmPayloadBytes(values.byteLength)); // a plain buffer would be exact
      expect(payload!.byteOffset).toBe(0);
      expect(sameElements(payload!, values)).toBe(true);
    }
  });

  it('refuses NaN/±Inf at the first, a middle and the last element, in any chunk, naming it', () => {
    const reassembler = new Reassembler({ reuseBuffers: true });
    let id = 10;
    for (const dtype of ['f32', 'f64'] as const) {
      const length = dtype === 'f32' ? F32_LENGTH : F64_LENGTH;
      for (const index of [0, 4093, length >> 1, length - 2, length - 1]) {
        for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
          const values = vector(dtype, index);
          values[index] = bad;
          const last = frames(values, id++, dtype).map((f) => reassembler.push(f, 0)).at(-1);
          expect(last).toMatchObject({ status: 'rejected', reason: 'non-finite' });
          expect(last?.status === 'rejected' && last.detail).toContain(`${dtype} element ${index} of ${length}`);
        }
      }
    }
    expect(reassembler.counters.completed).toBe(0);
    // The poisoned buffers were recycled: a clean message through them is delivered intact.
    const clean = vector('f32', 99);
    expect(sameElements(completed(frames(clean, id, 'f32').map((f) => reassembler.push(f, 0)))[0]!, clean)).toBe(true);
  });

  it('interleaves several partial messages, keeps the lent payload intact until the next delivery, and recycles memories', () => {
    const reassembler = new Reassembler({ reuseBuffers: true });
    const sent = [1, 2, 3, 4].map((seed) => vector('f32', seed));
    const perMessage = sent.map((values, id) => frames(values, id, 'f32'));
    const first = completed(perMessage[0]!.map((f) => reassembler.push(f, 0)))[0]!;
    // Messages 1-3 arrive chunk by chunk, interleaved: three partials at once, each in its own buffer.
    const interleaved = perMessage[1]!.flatMap((f, i) => [f, perMessage[2]![i]!, perMessage[3]![i]!]);
    const delivered: Vector[] = [];
    for (const frame of interleaved) {
      const [payload] = completed([reassembler.push(frame, 0)]);
      if (delivered.length === 0) expect(sameElements(first, sent[0]!)).toBe(true); // still lent
      if (payload !== undefined) delivered.push(payload);
    }
    expect(delivered.map((p) => p.length)).toEqual([F32_LENGTH, F32_LENGTH, F32_LENGTH]);
    expect(sameElements(delivered[2]!, sent[3]!)).toBe(true);
    expect(new Set([first, ...delivered].map((p) => p.buffer)).size).toBe(4); // message 0's was lent while 1-3 began
    const fifth = vector('f32', 5);
    const [recycled] = completed(frames(fifth, 4, 'f32').map((f) => reassembler.push(f, 0)));
    expect(recycled!.buffer).toBe(first.buffer); // the oldest idle memory serves the next message
    expect(sameElements(recycled!, fifth)).toBe(true);
  });

  it('counts whole pages against maxBufferedBytes, and keeps a message that only fits unrounded in a plain buffer', () => {
    const values = vector('f32', 5);
    const sent = frames(values, 1, 'f32');
    const exact = values.byteLength + sent.length;
    const roomy = new Reassembler({ reuseBuffers: true, maxBufferedBytes: 10_000_000 });
    roomy.push(sent[0], 0);
    expect(roomy.bufferedBytes).toBe(wasmPayloadBytes(values.byteLength) + sent.length);
    const tight = new Reassembler({ reuseBuffers: true, maxBufferedBytes: exact });
    expect(tight.push(sent[0], 0).status).toBe('partial');
    expect(tight.bufferedBytes).toBe(exact);
    const [payload] = completed(sent.slice(1).map((f) => tight.push(f, 0)));
    expect(payload!.buffer.byteLength).toBe(values.byteLength);
    expect(sameElements(payload!, values)).toBe(true);
  });

  it('every scan mode, with and without reuseBuffers, delivers and refuses exactly the same messages', () => {
    const random = seededRandom(11);
    const stream = Array.from({ length: 12 }, (_, id) => {
      const dtype = random() < 0.5 ? 'f32' : 'f64';
      const values = vector(dtype, id);
      if (random() < 0.4) values[Math.floor(random() * values.length)] = [Number.NaN, Infinity, -Infinity][id % 3]!;
      return shuffled(frames(values, id, dtype, 64 * 1024), random);
    }).flat();
    const outcomes = FINITE_SCAN_MODES.flatMap((finiteScan) =>
      [false, true].map((reuseBuffers) => {
        const reassembler = new Reassembler({ finiteScan, reuseBuffers });
        return stream.map((f) => {
          const result = reassembler.push(f, 0);
          return result.status === 'complete' ? `ok ${result.message.seq} ${(result.message.payload as Vector)[7]}` : result.status === 'rejected' ? `${result.reason} ${result.detail}` : result.status;
        });
      }),
    );
    expect(outcomes[0]!.filter((o) => o.startsWith('non-finite')).length).toBeGreaterThanOrEqual(2);
    expect(outcomes[0]!.filter((o) => o.startsWith('ok')).length).toBeGreaterThanOrEqual(2);
    for (const outcome of outcomes) expect(outcome).toEqual(outcomes[0]);
  });
});
