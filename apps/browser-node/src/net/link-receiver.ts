/**
 * Receiving side of one link: frames → whole messages through a Reassembler. Never throws; every refused
 * frame is counted under its reason. Non-finite payloads are refused by the Reassembler (and, as a second
 * line, by the algorithm), so a NaN never reaches the model.
 */
import type { IncomingMessage } from '@canopy/algorithms';
import { Reassembler, type PeerId, type ReassemblerOptions } from '@canopy/protocol';
import { countReject, type LinkStats } from './link-stats';
import { warnOnDecade } from './rate-limited-warn';

const EMPTY = new Float64Array(0);

export class LinkReceiver {
  readonly #reassembler: Reassembler;

  constructor(
    private readonly from: PeerId,
    private readonly stats: LinkStats,
    options: ReassemblerOptions = {},
  ) {
    this.#reassembler = new Reassembler(options);
  }

  /**
   * Feeds one data-channel message; returns the message it completes, if any. `runTag` is the frame flags
   * value of the current run: a message of another run is refused (counted as stale).
   */
  push(data: unknown, now: number, runTag = 0): IncomingMessage | undefined {
    this.stats.bytesReceived += byteLength(data);
    const result = this.#reassembler.push(data, now);
    switch (result.status) {
      case 'complete': {
        const message = result.message;
        if (message.flags !== runTag) {
          countReject(this.stats, 'other-run');
          return undefined;
        }
        this.stats.messagesReceived++;
        const { kind, epoch, seq, echo } = message;
        // Envelope bytes (compression): the node decodes them, validating lengths and finiteness itself.
        if (message.dtype === 'bytes') return { from: this.from, kind, epoch, seq, echo, payload: EMPTY, encoded: message.payload };
        return { from: this.from, kind, epoch, seq, echo, payload: message.payload };
      }
      case 'rejected':
        countReject(this.stats, result.reason);
        warnOnDecade(this.stats.rejects[result.reason] ?? 0, `link ${this.from}: frame rejected (${result.reason}): ${result.detail}`);
        return undefined;
      case 'partial':
      case 'duplicate':
        return undefined;
    }
  }

  /** Bytes held for incomplete messages (bounded by the Reassembler). */
  get bufferedBytes(): number {
    return this.#reassembler.bufferedBytes;
  }
}

function byteLength(data: unknown): number {
  if (ArrayBuffer.isView(data)) return data.byteLength;
  if (data instanceof ArrayBuffer) return data.byteLength;
  return typeof data === 'string' ? data.length : 0;
}
