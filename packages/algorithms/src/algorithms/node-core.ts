/** What every node shares: identity, topology epoch, payload allocation, message screening and counters. */
import type { MessageKind, PeerId, PeerTopology } from '@canopy/protocol';
import type { GradientResult, IncomingMessage, OutgoingMessage, Precision, RejectReason, Vector } from '../node';
import { freshPayload, requirePositiveFinite, type NodeRuntimeOptions, type PayloadAllocator } from './options';
import { epochReason, payloadReason, RejectionCounter, type RejectionCounts } from './screening';
import { sgd } from '../kernels/vector-kernels';

export abstract class NodeCore {
  readonly id: PeerId;
  readonly dimension: number;
  protected readonly precision: Precision;
  protected readonly allocate: PayloadAllocator;
  protected readonly learningRate: number;
  protected readonly rejections = new RejectionCounter();
  protected topology: PeerTopology;
  protected completed = 0;

  constructor(options: NodeRuntimeOptions) {
    this.id = options.topology.id;
    this.topology = options.topology;
    this.dimension = options.x0.length;
    this.precision = options.precision;
    this.allocate = options.allocate ?? freshPayload;
    this.learningRate = requirePositiveFinite('learningRate', options.learningRate);
  }

  /** Completed activations (gradient steps), initialisation excluded. */
  get steps(): number {
    return this.completed;
  }

  get epoch(): number {
    return this.topology.epoch;
  }

  /** How many incoming messages were refused, by reason. */
  rejected(): RejectionCounts {
    return this.rejections.snapshot();
  }

  /** Epoch, then sender, then payload checks; undefined when the message may be used. */
  protected screen(message: IncomingMessage, fromKnownSender: boolean, length = this.dimension, checkFinite = true): RejectReason | undefined {
    return (
      epochReason(message.epoch, this.topology.epoch) ??
      (fromKnownSender ? undefined : 'not-a-neighbour') ??
      payloadReason(message.payload, length, checkFinite)
    );
  }

  /** Switches to a newer epoch; false (and nothing changes) for the same or an older one. */
  protected adoptTopology(topology: PeerTopology): boolean {
    if (topology.id !== this.id) throw new RangeError(`topology for "${topology.id}" given to node "${this.id}"`);
    if (topology.epoch <= this.topology.epoch) return false;
    this.topology = topology;
    return true;
  }

  /** The one gradient a single-point plan asked for; a caller bug (none, or the wrong length) throws. */
  protected singleGradient(result: GradientResult): Vector {
    const grad = result.grads[0];
    if (grad === undefined || grad.length !== this.dimension) {
      throw new RangeError(`complete() needs one gradient of length ${this.dimension}`);
    }
    return grad;
  }

  /** One local SGD step x ← x − η·g with the single gradient of `result`; counts the activation. */
  protected localSgdStep(x: Vector, result: GradientResult): void {
    sgd(undefined, x, this.singleGradient(result), this.learningRate, undefined);
    this.completed++;
  }

  /** A payload the caller owns: a copy of `source` in the given precision. */
  protected copyOut(source: Vector, precision: Precision = this.precision): Vector {
    const payload = this.allocate(source.length, precision);
    payload.set(source);
    return payload;
  }

  protected message(to: PeerId, kind: MessageKind, seq: number, payload: Vector): OutgoingMessage {
    return { to, kind, epoch: this.topology.epoch, seq, payload };
  }
}
