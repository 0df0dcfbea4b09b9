/**
 * Receiver side, per peer: frames → whole messages. A message is delivered only when every chunk has
 * arrived and its payload is finite; memory (bytes and partial messages) and time are bounded, and every
 * drop is counted. Unreliable channels lose chunks: a partial message then simply expires.
 */
import { decodeFrame, type Frame } from './decode';
import { describeShape, hasShape, shapeOf, type MessageShape } from './message-shape';
import { DEFAULT_MAX_MESSAGE_BYTES, type VectorDtype } from './layout';
import type { FiniteScanMode } from './checked-copy';
import { addChunk, checksChunks, decodePartial, startPartial, type ChunkChecking, type PartialMessage } from './partial-message';
import { decodePayload, type Vector } from './payload';
import { PayloadPool } from './payload-pool';
import { finiteScanModule } from './simd/finite-scan-module';
import { MIN_WASM_PAYLOAD_BYTES, sharedWasmPayloads, wasmPayloadBytes, type WasmPayloadMemories } from './simd/wasm-payloads';
import { FRAME_REJECT_REASONS, type FrameRejectReason, type Rejection } from './reasons';
import type { MessageKind } from '../kinds';

export interface ReassemblerOptions {
  /** Largest message payload accepted (default 64 MiB). */
  readonly maxMessageBytes?: number;
  /** Cap on bytes held for incomplete messages (default 96 MiB); the oldest partials are evicted. */
  readonly maxBufferedBytes?: number;
  /** Cap on incomplete messages held at once (default 16); the oldest is evicted. */
  readonly maxPartialMessages?: number;
  /** An incomplete message older than this is dropped (default 10 s). */
  readonly maxAgeMs?: number;
  /** How many completed message ids are remembered to ignore late duplicate chunks (default 256). */
  readonly rememberedMessages?: number;
  /**
   * Recycle the payload buffers of multi-chunk messages instead of allocating one per message (default
   * false). READ THIS BEFORE TURNING IT ON: a delivered message's payload then stays intact only until the
   * next push() that returns 'complete'; after that its storage may be overwritten by a later message of
   * the same byte length. Consume or copy it at once (a latest-wins mailbox does). Refused, dropped and
   * partial messages never write into it. Idle buffers are kept up to maxBufferedBytes (see pooledBytes).
   * Payloads of 256 KiB or more may then live in WebAssembly memory (scanned in place): their buffer
   * cannot be transferred to a worker (copy it, as the contract asks anyway).
   */
  readonly reuseBuffers?: boolean;
  /**
   * How f32/f64 chunks are checked finite (default 'simd': WebAssembly SIMD where available, else the
   * JavaScript loop; see FiniteScanMode). Every mode refuses the same messages; this is for benchmarks.
   */
  readonly finiteScan?: FiniteScanMode;
}

export const DEFAULT_MAX_BUFFERED_BYTES = 96 * 1024 * 1024;

interface ReceivedHeader {
  readonly kind: MessageKind;
  readonly epoch: number;
  readonly seq: number;
  readonly flags: number;
  /** The sender's echo (layout.ts): opaque here. */
  readonly echo: number;
  readonly messageId: number;
}

/** A numeric message, checked finite. */
export interface ReceivedVectorMessage extends ReceivedHeader {
  readonly dtype: VectorDtype;
  /** f64 → Float64Array; f32, f16, q8 → Float32Array. May be a view into the pushed bytes (zero-copy). */
  readonly payload: Vector;
}

/** Opaque bytes (a compression envelope): not checked here; their decoder validates them. */
export interface ReceivedBytesMessage extends ReceivedHeader {
  readonly dtype: 'bytes';
  /** May be a view into the pushed bytes (zero-copy). */
  readonly payload: Uint8Array;
}

export type ReceivedMessage = ReceivedVectorMessage | ReceivedBytesMessage;

export type ReassemblyResult =
  | { readonly status: 'complete'; readonly message: ReceivedMessage }
  | { readonly status: 'partial' }
  | { readonly status: 'duplicate' }
  | { readonly status: 'rejected'; readonly reason: FrameRejectReason; readonly detail: string };

export type ReassemblerCounters = Record<FrameRejectReason, number> & {
  /** Messages delivered. */
  completed: number;
  /** Chunks ignored because they had already been received. */
  duplicate: number;
  /** Incomplete messages dropped to respect the byte or message caps. */
  evicted: number;
  /** Incomplete messages dropped for age. */
  expired: number;
};

/** Memory one incomplete message holds: its payload plus one flag per chunk. */
function footprintOf(frame: Frame): number {
  return frame.totalBytes + frame.chunkCount;
}

function zeroCounters(): ReassemblerCounters {
  const perReason = Object.fromEntries(FRAME_REJECT_REASONS.map((reason) => [reason, 0])) as Record<FrameRejectReason, number>;
  return { ...perReason, completed: 0, duplicate: 0, evicted: 0, expired: 0 };
}

export class Reassembler {
  readonly #maxMessageBytes: number;
  readonly #maxBufferedBytes: number;
  readonly #maxPartialMessages: number;
  readonly #maxAgeMs: number;
  readonly #rememberedMessages: number;
  /** Insertion order is arrival order of each message's first chunk: the first entry is the oldest. */
  readonly #partials = new Map<number, PartialMessage>();
  /** Recently completed message ids and their shapes, oldest first. */
  readonly #completed = new Map<number, MessageShape>();
  readonly #counters = zeroCounters();
  readonly #pool: PayloadPool | undefined;
  readonly #checking: ChunkChecking;
  #bufferedBytes = 0;

  constructor(options: ReassemblerOptions = {}) {
    this.#maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    this.#maxBufferedBytes = options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES;
    this.#maxPartialMessages = Math.max(1, options.maxPartialMessages ?? 16);
    this.#maxAgeMs = options.maxAgeMs ?? 10_000;
    this.#rememberedMessages = options.rememberedMessages ?? 256;
    const mode = options.finiteScan ?? 'simd';
    // Only recycled buffers go to WebAssembly memory: allocating one per message would cost more than it saves.
    const memories: WasmPayloadMemories | undefined = options.reuseBuffers === true && mode === 'simd' ? sharedWasmPayloads(finiteScanModule()) : undefined;
    this.#checking = { mode, memories };
    this.#pool = options.reuseBuffers === true ? new PayloadPool(this.#maxBufferedBytes, memories) : undefined;
  }

  get counters(): Readonly<ReassemblerCounters> {
    return this.#counters;
  }

  /** Bytes currently held for incomplete messages (payload + one byte per chunk). */
  get bufferedBytes(): number {
    return this.#bufferedBytes;
  }

  get partialMessages(): number {
    return this.#partials.size;
  }

  /** Bytes of idle payload buffers kept for reuse (always 0 without reuseBuffers). */
  get pooledBytes(): number {
    return this.#pool?.freeBytes ?? 0;
  }

  /**
   * Takes one frame as it arrived (never throws); `now` is a millisecond clock (e.g. performance.now()).
   * Chunks are copied into the message as they arrive, so `input` is not retained, except that a
   * single-chunk f32/f64/bytes message is delivered as a view of `input` (zero-copy) when aligned.
   * With reuseBuffers, a delivered payload is valid only until the next 'complete' (see the option).
   */
  push(input: unknown, now: number): ReassemblyResult {
    this.sweep(now);
    const decoded = decodeFrame(input, { maxMessageBytes: this.#maxMessageBytes });
    if (!decoded.ok) return this.#rejected(decoded);
    const frame = decoded.frame;
    const completed = this.#completed.get(frame.messageId);
    if (completed !== undefined && hasShape(frame, completed)) {
      this.#counters.duplicate++;
      return { status: 'duplicate' };
    }
    if (frame.chunkCount === 1) return this.#deliver(frame, shapeOf(frame), decodePayload(frame.payload, frame.dtype), undefined);
    return this.#accept(frame, now);
  }

  /** Drops incomplete messages older than maxAgeMs; returns how many. */
  sweep(now: number): number {
    let expired = 0;
    for (const [id, partial] of this.#partials) {
      if (now - partial.firstSeenAt > this.#maxAgeMs) {
        this.#discard(id, partial);
        expired++;
      }
    }
    this.#counters.expired += expired;
    return expired;
  }

  #accept(frame: Frame, now: number): ReassemblyResult {
    let partial = this.#partials.get(frame.messageId);
    if (partial !== undefined && !hasShape(frame, partial.shape)) {
      // Which chunk is right cannot be known: the whole message is lost.
      this.#discard(frame.messageId, partial);
      return this.#rejected({
        ok: false,
        reason: 'inconsistent-chunk',
        detail: `chunk ${frame.chunkIndex} of message ${frame.messageId} disagrees with its first chunk (${describeShape(shapeOf(frame))} vs ${describeShape(partial.shape)})`,
      });
    }
    if (partial === undefined) {
      const needed = footprintOf(frame);
      if (needed > this.#maxBufferedBytes) {
        return this.#rejected({ ok: false, reason: 'too-large', detail: `message needs ${needed} buffered bytes, cap is ${this.#maxBufferedBytes}` });
      }
      // Room is made for the larger WebAssembly footprint whenever the buffer may live there.
      const inWasm = this.#mayLiveInWasm(frame);
      const footprint = inWasm ? wasmPayloadBytes(frame.totalBytes) + frame.chunkCount : needed;
      while (this.#partials.size >= this.#maxPartialMessages || this.#bufferedBytes + footprint > this.#maxBufferedBytes) {
        this.#evictOldest();
      }
      const payload = this.#pool === undefined ? new Uint8Array(frame.totalBytes) : this.#pool.take(frame.totalBytes, inWasm);
      partial = startPartial(frame, shapeOf(frame), payload, now, this.#checking);
      this.#partials.set(frame.messageId, partial);
      this.#bufferedBytes += partial.footprint; // ≤ footprint: a plain buffer holds exactly its bytes
    }
    if (!addChunk(partial, frame)) {
      this.#counters.duplicate++;
      return { status: 'duplicate' };
    }
    if (partial.receivedCount < frame.chunkCount) return { status: 'partial' };
    this.#forget(frame.messageId, partial);
    return this.#deliver(frame, partial.shape, decodePartial(partial, frame), partial.payload);
  }

  /** Large f32/f64 messages whose chunks are checked as they land, when the page-rounded size still fits the cap. */
  #mayLiveInWasm(frame: Frame): boolean {
    return (
      this.#checking.memories !== undefined &&
      frame.totalBytes >= MIN_WASM_PAYLOAD_BYTES &&
      checksChunks(frame) &&
      wasmPayloadBytes(frame.totalBytes) + frame.chunkCount <= this.#maxBufferedBytes
    );
  }

  /** `owned` is the whole-message buffer the payload was decoded from (multi-chunk messages). */
  #deliver(frame: Frame, shape: MessageShape, payload: Vector | Uint8Array | Rejection, owned: Uint8Array | undefined): ReassemblyResult {
    this.#remember(frame.messageId, shape);
    if (!(payload instanceof Uint8Array || payload instanceof Float32Array || payload instanceof Float64Array)) {
      if (owned !== undefined) this.#pool?.release(owned); // nobody will read a refused payload
      return this.#rejected(payload);
    }
    // f16/q8 decode into a new array: the buffer is then free at once; otherwise it is lent with the message.
    const lent = owned !== undefined && payload.buffer === owned.buffer ? owned : undefined;
    if (owned !== undefined && lent === undefined) this.#pool?.release(owned);
    this.#pool?.lend(lent);
    this.#counters.completed++;
    const { kind, epoch, seq, dtype, flags, echo, messageId } = frame;
    if (payload instanceof Uint8Array) return { status: 'complete', message: { kind, epoch, seq, dtype: 'bytes', flags, echo, messageId, payload } };
    if (dtype === 'bytes') throw new Error('unreachable: bytes payloads decode to a Uint8Array');
    return { status: 'complete', message: { kind, epoch, seq, dtype, flags, echo, messageId, payload } };
  }

  #remember(messageId: number, shape: MessageShape): void {
    this.#completed.delete(messageId);
    this.#completed.set(messageId, shape);
    if (this.#completed.size > this.#rememberedMessages) {
      const oldest = this.#completed.keys().next();
      if (!oldest.done) this.#completed.delete(oldest.value);
    }
  }

  #evictOldest(): void {
    const oldest = this.#partials.entries().next();
    if (oldest.done) throw new Error('Reassembler invariant broken: nothing left to evict'); // see #accept
    this.#discard(oldest.value[0], oldest.value[1]);
    this.#counters.evicted++;
  }

  /** An incomplete message is given up: its buffer goes back to the pool (nobody has seen it). */
  #discard(id: number, partial: PartialMessage): void {
    this.#forget(id, partial);
    this.#pool?.release(partial.payload);
  }

  #forget(id: number, partial: PartialMessage): void {
    this.#partials.delete(id);
    this.#bufferedBytes -= partial.footprint;
  }

  #rejected(rejection: Rejection): ReassemblyResult {
    this.#counters[rejection.reason]++;
    return { status: 'rejected', reason: rejection.reason, detail: rejection.detail };
  }
}
