/**
 * The one interface every algorithm implements: a per-node state machine over flat vectors.
 * No timers, no I/O, no global randomness: the simulator and the browser runner drive it the same way.
 *
 * An activation has two phases because a real gradient is asynchronous (tfjs, a worker):
 *   plan()      -> where the gradient is needed (or 'wait' when a synchronous algorithm is blocked on peers)
 *   complete()  -> given the gradient(s), finish the activation and return the messages to send.
 * Messages may arrive between plan() and complete(); receive() only fills the latest-wins mailbox
 * (and may produce replies, e.g. AD-PSGD's pairwise exchange).
 */
import type { CompressionSettings, MessageKind, PeerId, PeerTopology } from '@canopy/protocol';

/** Models are Float32Array in a browser and Float64Array in the exact simulator; running sums are always Float64Array. */
export type Vector = Float32Array | Float64Array;

export type Precision = 'f32' | 'f64';

export interface OutgoingMessage {
  readonly to: PeerId;
  readonly kind: MessageKind;
  readonly epoch: number;
  /** Sender's sequence number (activation counter t_i, or round number for synchronous algorithms). */
  readonly seq: number;
  /** (1 + the newest seq the sender accepted from the receiver) mod 2¹⁶, 0 = none (staleness-scaled-step.ts); absent = 0. */
  readonly echo?: number;
  readonly payload: Vector;
  /**
   * Compressed messages (R-FAST with compression): the bytes to send (a compression envelope from
   * @canopy/protocol) and `payload` is then EMPTY. Transports must carry these bytes when present.
   */
  readonly encoded?: Uint8Array;
}

export interface IncomingMessage {
  readonly from: PeerId;
  readonly kind: MessageKind;
  readonly epoch: number;
  readonly seq: number;
  /** (1 + the newest seq the sender accepted from the receiver) mod 2¹⁶, 0 = none (staleness-scaled-step.ts); absent = 0. */
  readonly echo?: number;
  readonly payload: Vector;
  /** A compressed message's envelope bytes (payload is then ignored); the node decodes and validates them. */
  readonly encoded?: Uint8Array;
}

export type RejectReason =
  | 'stale-epoch' // older topology epoch than ours
  | 'future-epoch' // newer epoch than ours: we have not been told yet; the sender will resend
  | 'stale-seq' // older than the packet already held on that link (latest wins)
  | 'non-finite' // NaN or ±Inf in the payload
  | 'wrong-size' // payload length differs from the model dimension
  | 'unexpected-kind' // a kind this algorithm does not use
  | 'not-a-neighbour' // sender is not an in-neighbour for that kind
  | 'bad-encoding' // compressed bytes that do not decode (lengths, header fields, indices)
  | 'missing-keyframe' // a compressed delta relative to a keyframe this receiver does not hold
  | 'screened' // finite and well-formed, but far outside what this node's own scale allows (link-screening.ts)
  | 'quarantined'; // from a link quarantined this epoch after repeated screening refusals

export type ReceiveResult =
  | { readonly accepted: true; readonly replies: readonly OutgoingMessage[] }
  | { readonly accepted: false; readonly reason: RejectReason };

/** Where the gradient is needed. Several points share one minibatch (SYNTHESIS needs ∇f_S at two iterates). */
export type ActivationPlan =
  | { readonly kind: 'wait'; readonly reason: string }
  | { readonly kind: 'gradient'; readonly at: readonly Vector[]; readonly batch: 'minibatch' | 'full' };

export interface GradientResult {
  /** One gradient per point of the plan, same order, same length as the model. */
  readonly grads: readonly Vector[];
  /** Minibatch loss at the first point (for reporting). */
  readonly loss: number;
  /**
   * Minibatch loss at every point of the plan, same order (PC-ASGD compares two points). Optional: a source
   * that reports only `loss` still works, and algorithms that need these say what they do without them.
   */
  readonly losses?: readonly number[];
}

export interface AlgorithmNode {
  readonly id: PeerId;
  readonly algorithm: AlgorithmName;
  plan(): ActivationPlan;
  complete(result: GradientResult): OutgoingMessage[];
  receive(message: IncomingMessage): ReceiveResult;
  /** A new topology epoch: reset per ALGORITHMS.md ("Topology change"); may return messages to send at once. */
  setTopology(topology: PeerTopology): OutgoingMessage[];
  /**
   * Synchronous algorithms only (AllReduce, D-PSGD): while plan() says 'wait', the messages to send again when
   * the caller's retransmission timeout expires (a lost packet would otherwise block the round forever).
   * The node has no clock, so the caller decides when; calling it early only costs bandwidth.
   */
  retransmit?(): OutgoingMessage[];
  /** The node's current model x_i (a live view: copy it if you keep it). */
  model(): Vector;
  /** Number of completed activations (excluding initialisation). */
  readonly steps: number;
  /** Factor on the step size now, for long message gaps and old information (R-FAST, naive); absent means 1. */
  readonly delayScale?: number;
  /** Age of the information the node acts on, in its own steps, from echoed round trips (R-FAST, naive: staleness-scaled-step.ts). */
  readonly informationAge?: number;
  /** Local gradients that were NaN/±Inf and skipped, never applied (R-FAST, naive); absent means none are checked. */
  readonly skippedGradients?: number;
  /** Peers whose links this node quarantined during this run, in any epoch (R-FAST, naive: link-screening.ts). */
  quarantined?(): readonly PeerId[];
  /**
   * The caller saw this node's model blow up (held-out loss exploded, or non-finite): x ← `lastGood` now and,
   * where the node pulls models, x ← the next model from a pull in-neighbour (re-sync from a healthy one).
   * Trackers and running sums are untouched, so the mass invariant holds (R-FAST, naive; absent elsewhere).
   */
  recover?(lastGood: Vector | undefined): void;
}

export type AlgorithmName =
  | 'rfast'
  | 'naive'
  | 'allreduce'
  | 'dpsgd'
  | 'adpsgd'
  | 'local-sgd'
  | 'overlap-local-sgd'
  | 'pc-asgd'
  | 'synthesis';

export interface NodeOptions {
  readonly topology: PeerTopology;
  /** The common starting point x⁰ (copied). */
  readonly x0: Vector;
  /** η: the learning rate one would use for minibatch SGD on the mean loss. R-FAST uses γ = η · stepScale. */
  readonly learningRate: number;
  readonly precision: Precision;
  /** Seeded PRNG in [0, 1) (AD-PSGD's partner choice, stochastic quantisation). Never Math.random. */
  readonly random: () => number;
  /**
   * A node that joins a running session starts from its G_R parent's latest model, not x⁰:
   * when true, plan() waits until a model from a pull in-neighbour has arrived and adopts it.
   */
  readonly joinFromParent?: boolean;
  /** Algorithm-specific hyper-parameters (H for Local SGD, τ/α/β for Overlap, ...). */
  readonly params?: Readonly<Record<string, number>>;
  /** Wire compression of what the node sends. Only R-FAST uses it; every other algorithm ignores it. */
  readonly compression?: CompressionSettings;
  /**
   * The transport's answer to "would a message of `kind` to `to` go out now, or be superseded by a later
   * one?" (a browser link paces latest-wins kinds). R-FAST and the naive baseline produce nothing for a link
   * that is not ready: no model (the next step's v goes out once it is), and R-FAST no running sum (ρ still
   * grows, so the next one carries the mass), which spares a step building vectors only to be superseded.
   * With compression it matters for correctness too, since deltas refer to earlier keyframes of the same link:
   * a skipped tracker push keeps that link's share in z (mass is conserved, a skipped push is a push of zero).
   * Default: always ready.
   */
  readonly sendsNow?: (to: PeerId, kind: MessageKind) => boolean;
}
