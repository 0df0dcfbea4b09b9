/**
 * An in-memory pair of FrameChannels with data-channel semantics: send() copies the bytes and raises
 * bufferedAmount; everything queued is delivered to the other end on a later macrotask, after which
 * bufferedAmount falls and `drain` fires if it crossed the low threshold. For Node tests and benchmarks.
 */
import { DEFAULT_LOW_THRESHOLD, type ChannelEvents, type ChannelState, type FrameChannel, type LinkRoute } from './channel';
import { Emitter } from './emitter';

export interface MemoryChannelOptions {
  readonly lowThreshold?: number;
  readonly maxMessageSize?: number;
  /** Runs a delivery later (default: setTimeout 0). */
  readonly schedule?: (deliver: () => void) => void;
}

export class MemoryChannel implements FrameChannel {
  readonly events = new Emitter<ChannelEvents>();
  readonly lowThreshold: number;
  readonly maxMessageSize: number;
  #state: ChannelState = 'connecting';
  #queue: Uint8Array[] = [];
  #bufferedAmount = 0;
  #scheduled = false;
  #remote: MemoryChannel | undefined;

  constructor(private readonly options: MemoryChannelOptions = {}) {
    this.lowThreshold = options.lowThreshold ?? DEFAULT_LOW_THRESHOLD;
    this.maxMessageSize = options.maxMessageSize ?? 256 * 1024;
  }

  get state(): ChannelState {
    return this.#state;
  }

  /** Two channels in one process: nothing in between. */
  get route(): LinkRoute | null {
    return this.#state === 'open' ? 'direct' : null;
  }

  get bufferedAmount(): number {
    return this.#bufferedAmount;
  }

  send(frame: Uint8Array): void {
    if (this.#state !== 'open') throw new Error(`memory channel is ${this.#state}`);
    if (frame.byteLength > this.maxMessageSize) throw new RangeError(`message of ${frame.byteLength} bytes exceeds ${this.maxMessageSize}`);
    this.#queue.push(frame.slice()); // the network copies: the receiver never aliases the sender's buffer
    this.#bufferedAmount += frame.byteLength;
    if (!this.#scheduled) {
      this.#scheduled = true;
      (this.options.schedule ?? ((deliver) => setTimeout(deliver, 0)))(() => this.#deliver());
    }
  }

  close(): void {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    this.#queue = [];
    this.#bufferedAmount = 0;
    this.events.emit('close', 'closed locally');
    if (this.#remote !== undefined) this.#remote.#closedByPeer();
  }

  /** @internal pairs two channels and opens them on the next macrotask. */
  static connect(a: MemoryChannel, b: MemoryChannel): void {
    a.#remote = b;
    b.#remote = a;
    setTimeout(() => {
      for (const channel of [a, b]) {
        if (channel.#state !== 'connecting') continue;
        channel.#state = 'open';
        channel.events.emit('open');
      }
    }, 0);
  }

  #closedByPeer(): void {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    this.events.emit('close', 'closed by peer');
  }

  #deliver(): void {
    this.#scheduled = false;
    const batch = this.#queue;
    this.#queue = [];
    const before = this.#bufferedAmount;
    this.#bufferedAmount = 0;
    const remote = this.#remote;
    if (remote !== undefined && remote.#state === 'open') for (const frame of batch) remote.events.emit('data', frame);
    if (before > this.lowThreshold && this.#state === 'open') this.events.emit('drain');
  }
}

export function memoryChannelPair(options: MemoryChannelOptions = {}): [MemoryChannel, MemoryChannel] {
  const a = new MemoryChannel(options);
  const b = new MemoryChannel(options);
  MemoryChannel.connect(a, b);
  return [a, b];
}
