/**
 * Hostile input: random bytes and mutated valid frames. decodeFrame is checked against an independent
 * restatement of the layout (plain byte arithmetic); the Reassembler must never throw or exceed its bounds.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MESSAGE_KINDS } from '../kinds';
import { decodeFrame } from './decode';
import { encodeFrames, encodeMessage } from './encode';
import { allFinite } from './finite';
import { FRAME_REJECT_REASONS, type FrameRejectReason } from './reasons';
import { Reassembler, type ReassemblyResult } from './reassembler';
import { sampleVector, seededRandom } from './test-support';

const MAX_MESSAGE = 1 << 20;
const KIND_CODES: readonly number[] = Object.values(MESSAGE_KINDS);
const ELEMENT_BYTES = [4, 8, 2, 1, 1];

const u16 = (b: Uint8Array, at: number): number => b[at]! + b[at + 1]! * 256;
const u32 = (b: Uint8Array, at: number): number => u16(b, at) + u16(b, at + 2) * 65536;

/** The verdict the byte table in ./layout implies for one frame. */
function expectedVerdict(b: Uint8Array): FrameRejectReason | 'ok' {
  if (b.length < 32) return 'too-short';
  if (b[0] !== 0x43 || b[1] !== 0x4e) return 'bad-magic';
  if (b[2] !== 2) return 'bad-version';
  if (!KIND_CODES.includes(b[3]!)) return 'unknown-kind';
  if (b[4]! > 4) return 'unknown-dtype';
  const chunkBytes = u32(b, 26);
  const total = u32(b, 22);
  if (chunkBytes !== b.length - 32) return 'bad-length';
  if (total > MAX_MESSAGE) return 'too-large';
  if (b[4] === 3 ? total < 8 : total % ELEMENT_BYTES[b[4]!]! !== 0) return 'bad-length';
  const index = u16(b, 18);
  const count = u16(b, 20);
  if (count === 0 || index >= count) return 'bad-chunk';
  if (count === 1) return chunkBytes === total ? 'ok' : 'bad-chunk';
  if (chunkBytes === 0) return 'bad-chunk';
  if (index < count - 1) return (count - 1) * chunkBytes < total && total <= count * chunkBytes ? 'ok' : 'bad-chunk';
  const rest = total - chunkBytes;
  return rest % (count - 1) === 0 && chunkBytes <= rest / (count - 1) ? 'ok' : 'bad-chunk';
}

const poisoned = sampleVector(300, 9);
poisoned[150] = Infinity;
const validFrames: Uint8Array[] = [
  ...(['f32', 'f64', 'f16', 'q8'] as const).flatMap((dtype, i) =>
    encodeMessage({ kind: 'tracker', epoch: 2, seq: i, dtype }, sampleVector(200, i), { messageId: i, maxChunkBytes: 160, random: seededRandom(i) }),
  ),
  ...encodeMessage({ kind: 'hello', epoch: 0, seq: 0, dtype: 'f32' }, sampleVector(3, 4), { messageId: 50 }),
  ...encodeFrames({ kind: 'tracker', epoch: 2, seq: 7, dtype: 'bytes' }, new Uint8Array(301).fill(0xff), { messageId: 52, maxChunkBytes: 160 }),
  ...encodeMessage({ kind: 'model', epoch: 1, seq: 1, dtype: 'f32' }, poisoned, { messageId: 51, maxChunkBytes: 256 }),
];

const mutation = fc.oneof(
  fc.record({ op: fc.constant('set' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('extend' as const), extra: fc.uint8Array({ minLength: 1, maxLength: 40 }) }),
  fc.record({ op: fc.constant('field' as const), at: fc.constantFrom(18, 20, 22, 26), value: fc.oneof(fc.constant(0xffff_ffff), fc.nat()) }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function mutate(frame: Uint8Array, edits: readonly Mutation[]): Uint8Array {
  let bytes = frame.slice();
  for (const edit of edits) {
    if (edit.op === 'set' && bytes.length > 0) bytes[edit.at % bytes.length] = edit.value;
    else if (edit.op === 'truncate') bytes = bytes.slice(0, edit.at % (bytes.length + 1));
    else if (edit.op === 'extend') bytes = Uint8Array.from([...bytes, ...edit.extra]);
    else if (edit.op === 'field' && bytes.length >= 32) {
      const view = new DataView(bytes.buffer);
      if (edit.at < 22) view.setUint16(edit.at, edit.value & 0xffff, true);
      else view.setUint32(edit.at, edit.value >>> 0, true);
    }
  }
  return bytes;
}

const hostileInput = fc.oneof(
  fc.uint8Array({ maxLength: 120 }),
  // Passes the magic and version checks, random beyond.
  fc.uint8Array({ minLength: 32, maxLength: 120 }).map((b) => {
    b.set([0x43, 0x4e, 1]);
    return b;
  }),
  fc.tuple(fc.constantFrom(...validFrames), fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([frame, edits]) => mutate(frame, edits)),
  fc.constantFrom(...validFrames),
);

const RUNS = 10_000;

describe('fuzzing', () => {
  it(`decodeFrame matches the layout's verdict on ${RUNS} hostile inputs and never reads outside them`, () => {
    fc.assert(
      fc.property(hostileInput, (bytes) => {
        const result = decodeFrame(bytes, { maxMessageBytes: MAX_MESSAGE });
        if ((result.ok ? 'ok' : result.reason) !== expectedVerdict(bytes)) return false;
        if (!result.ok) return result.detail !== '';
        const { payload } = result.frame;
        return payload.buffer === bytes.buffer && payload.byteOffset + payload.length === bytes.byteOffset + bytes.length;
      }),
      { numRuns: RUNS, seed: 20261122 },
    );
  });

  it.each([false, true])(`the Reassembler stays within its bounds and counts every rejection on ${RUNS} hostile inputs (reuseBuffers: %s)`, (reuseBuffers) => {
    const bounds = { maxBufferedBytes: 4096, maxPartialMessages: 8, maxAgeMs: 500, maxMessageBytes: MAX_MESSAGE };
    const reassembler = new Reassembler({ ...bounds, reuseBuffers });
    const inputs = fc.sample(hostileInput, { numRuns: RUNS, seed: 7 });
    const rejectedBy = new Map<FrameRejectReason, number>();
    const violations: string[] = [];
    let complete = 0;
    /** The last delivered payload and a copy of it: it must stay intact until the next delivery. */
    let lastDelivered: { payload: ArrayLike<number>; copy: number[] } | undefined;
    inputs.forEach((bytes, step) => {
      let result: ReassemblyResult;
      try {
        result = reassembler.push(bytes, step);
      } catch (error) {
        violations.push(`step ${step} threw ${String(error)}`);
        return;
      }
      if (lastDelivered !== undefined && !lastDelivered.copy.every((v, i) => Object.is(v, lastDelivered!.payload[i]))) {
        violations.push(`step ${step}: the payload delivered before was overwritten`);
      }
      if (result.status === 'rejected') {
        if (!FRAME_REJECT_REASONS.includes(result.reason)) violations.push(`step ${step}: unknown reason ${result.reason}`);
        rejectedBy.set(result.reason, (rejectedBy.get(result.reason) ?? 0) + 1);
      } else if (result.status === 'complete') {
        complete++;
        if (result.message.dtype !== 'bytes' && !allFinite(result.message.payload)) violations.push(`step ${step}: delivered a non-finite payload`);
        lastDelivered = { payload: result.message.payload, copy: Array.from(result.message.payload) };
      }
      if (reassembler.bufferedBytes > bounds.maxBufferedBytes) violations.push(`step ${step}: ${reassembler.bufferedBytes} bytes buffered`);
      if (reassembler.partialMessages > bounds.maxPartialMessages) violations.push(`step ${step}: ${reassembler.partialMessages} partials`);
      if (reassembler.pooledBytes > bounds.maxBufferedBytes) violations.push(`step ${step}: ${reassembler.pooledBytes} bytes pooled`);
    });
    expect(violations).toEqual([]);
    for (const reason of FRAME_REJECT_REASONS) expect(reassembler.counters[reason], reason).toBe(rejectedBy.get(reason) ?? 0);
    expect(reassembler.counters.completed).toBe(complete);
    // The stream exercised both sides: intact messages got through, and most rejection paths were hit.
    expect(complete).toBeGreaterThan(0);
    expect(rejectedBy.size).toBeGreaterThanOrEqual(10);
  });

  it('rejects any other JavaScript value without throwing', () => {
    const values: unknown[] = [undefined, null, 42, 'CN', {}, [0x43, 0x4e], new Float32Array(16), new ArrayBuffer(0), Symbol('x'), () => 1];
    const proxy = new Proxy({}, { getPrototypeOf: () => { throw new Error('hostile'); } });
    for (const value of [...values, proxy]) {
      const result = decodeFrame(value);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(FRAME_REJECT_REASONS).toContain(result.reason);
    }
    expect(decodeFrame(values[1])).toMatchObject({ reason: 'not-binary' });
    expect(decodeFrame(new Float32Array(16))).toMatchObject({ reason: 'bad-magic' }); // binary, just not a frame
  });
});
