/**
 * The link benchmark between two pages: a 4 MB Float32 vector sent (a) raw, in 256 KiB messages on a
 * plain data channel, and (b) through the project's path (Mesh: encodeMessage framing and chunking, the
 * latest-wins LinkSender on a SimplePeerChannel, the receiver's Reassembler with its checks) with the default
 * 64 KiB chunks and with 256 KiB chunks. The sender alternates the variants round after round; each transfer
 * is timed from its first send to the receiver's acknowledgement on the raw pair's `ack` channel.
 */
import { DEFAULT_MAX_CHUNK_BYTES, type IceServer } from '@canopy/protocol';
import { FaultInjector } from '../src/net/fault-injector';
import { Mesh } from '../src/net/mesh';
import { plainTimers } from '../src/net/timers';
import { seededRandom } from '../src/training/random';
import { linkChannelKey, TRANSFER_VARIANTS, type TransferRequest, type TransferSample, type TransferVariant } from './api';
import { RawPair } from './raw-pair';
import type { SignalHub } from './signal-hub';

/** Chromium↔Chromium SCTP max message size. */
const RAW_MESSAGE_BYTES = 256 * 1024;
const ACK_TIMEOUT_MS = 30_000;
const FRAMED: readonly { variant: Exclude<TransferVariant, 'raw-256k'>; maxChunkBytes: number; relayed: boolean }[] = [
  { variant: 'framed-64k', maxChunkBytes: DEFAULT_MAX_CHUNK_BYTES, relayed: false },
  { variant: 'framed-256k', maxChunkBytes: 256 * 1024, relayed: false },
  { variant: 'framed-64k-relayed', maxChunkBytes: DEFAULT_MAX_CHUNK_BYTES, relayed: true },
];

export type LinkRole = 'sender' | 'receiver';
const PEER: Record<LinkRole, string> = { sender: 'receiver', receiver: 'sender' };

export class LinkBench {
  readonly raw = new RawPair();
  readonly problems: string[] = [];
  readonly #meshes = new Map<TransferVariant, Mesh>();
  readonly #completed = new Map<TransferVariant, number>();
  readonly #waiters = new Map<string, () => void>();

  constructor(
    readonly role: LinkRole,
    private readonly elements: number,
    private readonly hub: SignalHub,
    /** ICE servers with a TURN relay, for the relayed variant. */
    relay: readonly IceServer[],
  ) {
    for (const { variant, maxChunkBytes, relayed } of FRAMED) {
      // No pacing: this measures throughput, and nothing here pumps a paced message that comes due later.
      const mesh = new Mesh({ injector: new FaultInjector(role, seededRandom(1)), timers: plainTimers, maxChunkBytes, minSendIntervalMs: 0 });
      mesh.attach(PEER[role], hub.open(linkChannelKey(variant), role === 'sender', relayed ? relay : null));
      this.#meshes.set(variant, mesh);
      if (role === 'receiver') {
        mesh.events.on('message', (message) => {
          if (message.payload.length !== elements) this.problems.push(`${variant}: ${message.payload.length} values, expected ${elements}`);
          else this.#acknowledge(variant);
        });
      }
    }
    if (role === 'receiver') this.#receiveRaw();
    else this.raw.ack.addEventListener('message', (event) => this.#onAck(event.data));
  }

  get ready(): boolean {
    return this.raw.open && [...this.#meshes.values()].every((mesh) => mesh.links().every((link) => link.channel.state === 'open'));
  }

  async run(request: TransferRequest): Promise<TransferSample[]> {
    if (this.role !== 'sender') throw new Error('only the sender runs transfers');
    if (request.elements !== this.elements) throw new RangeError(`opened for ${this.elements} values, asked for ${request.elements}`);
    // Each variant must travel the way its name says, or the comparison means nothing.
    for (const { variant, relayed } of FRAMED) {
      const route = this.#meshes.get(variant)?.links()[0]?.channel.route ?? null;
      if (route !== (relayed ? 'relayed' : 'direct')) throw new Error(`${variant}: the connection's route is ${route ?? 'unknown'}`);
    }
    const vector = new Float32Array(new ArrayBuffer(this.elements * Float32Array.BYTES_PER_ELEMENT)).map((_, i) => Math.sin(i));
    const samples: TransferSample[] = [];
    const sent = new Map<TransferVariant, number>();
    for (let round = 0; round < request.warmupRounds + request.rounds; round++) {
      // Rotating the order keeps any drift (another process waking up) from favouring one variant.
      const order = TRANSFER_VARIANTS.map((_, i) => TRANSFER_VARIANTS[(i + round) % TRANSFER_VARIANTS.length] as TransferVariant);
      for (const variant of order) {
        const n = (sent.get(variant) ?? 0) + 1;
        sent.set(variant, n);
        const acknowledged = this.#awaitAck(`${variant}:${n}`);
        const started = performance.now();
        this.#send(variant, vector, n);
        await acknowledged;
        const ms = performance.now() - started;
        if (round >= request.warmupRounds) samples.push({ variant, round: round - request.warmupRounds, ms, bytes: vector.byteLength });
      }
    }
    return samples;
  }

  close(): void {
    for (const mesh of this.#meshes.values()) mesh.close();
    for (const { variant } of FRAMED) this.hub.close(linkChannelKey(variant));
    this.raw.close();
  }

  #send(variant: TransferVariant, vector: Float32Array<ArrayBuffer>, seq: number): void {
    if (variant === 'raw-256k') {
      const bytes = new Uint8Array(vector.buffer, vector.byteOffset, vector.byteLength);
      for (let from = 0; from < bytes.byteLength; from += RAW_MESSAGE_BYTES) this.raw.bulk.send(bytes.subarray(from, from + RAW_MESSAGE_BYTES));
      return;
    }
    this.#meshes.get(variant)?.send({ to: PEER[this.role], kind: 'model', epoch: 0, seq, payload: vector });
  }

  /** Receiver: gathers raw messages into one buffer (as the Reassembler does) until the whole vector is in. */
  #receiveRaw(): void {
    const total = this.elements * Float32Array.BYTES_PER_ELEMENT;
    const into = new Uint8Array(total);
    let received = 0;
    this.raw.bulk.addEventListener('message', (event: MessageEvent<unknown>) => {
      const data = event.data;
      if (!(data instanceof ArrayBuffer) || received + data.byteLength > total) {
        this.problems.push('raw: unexpected message');
        return;
      }
      into.set(new Uint8Array(data), received);
      received += data.byteLength;
      if (received < total) return;
      received = 0;
      this.#acknowledge('raw-256k');
    });
  }

  #acknowledge(variant: TransferVariant): void {
    const n = (this.#completed.get(variant) ?? 0) + 1;
    this.#completed.set(variant, n);
    this.raw.ack.send(`${variant}:${n}`);
  }

  #awaitAck(key: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(key);
        reject(new Error(`no acknowledgement of ${key} within ${ACK_TIMEOUT_MS / 1000} s`));
      }, ACK_TIMEOUT_MS);
      this.#waiters.set(key, () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  #onAck(data: unknown): void {
    const key = typeof data === 'string' ? data : '';
    const waiter = this.#waiters.get(key);
    if (waiter === undefined) {
      this.problems.push(`unexpected acknowledgement ${typeof data === 'string' ? data.slice(0, 40) : typeof data}`);
      return;
    }
    this.#waiters.delete(key);
    waiter();
  }
}
