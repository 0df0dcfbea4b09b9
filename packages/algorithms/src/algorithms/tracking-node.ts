/**
 * Asynchronous gradient tracking over two graphs (ALGORITHMS.md §1), shared by R-FAST and the naive baseline;
 * the subclass only chooses how tracker mass travels (tracker-channels.ts).
 *
 * One activation = plan() (steps 1–2: v ← x − γz, x⁺ ← r_ii v + Σ r_ij v_j) and complete() (steps 3–6:
 * absorb trackers, z ← z + g⁺ − g, push tracker shares, send v and ρ). The first plan()/complete() pair only
 * initialises g = z = ∇F_i(x⁰).
 *
 * Compression (R-FAST only, when options.compression names a compressor): v goes out as keyframes and
 * quantized deltas from one LinkEncoder per child, only to children the transport is ready for (sendsNow), ρ through
 * CompressedRunningSumChannel; any encoded message received is decoded per in-link (link-codec.ts) into the
 * vector it stands for, then handled exactly like an uncompressed one.
 */
import type {
  ActivationPlan,
  AlgorithmNode,
  GradientResult,
  IncomingMessage,
  OutgoingMessage,
  Precision,
  ReceiveResult,
  RejectReason,
  Vector,
} from '../node';
import {
  compresses,
  createCompressor,
  isKeyframeBytes,
  keyframeAckPayload,
  keyframeEveryOf,
  readKeyframeAck,
  type CompressionSettings,
  type Compressor,
  type PeerId,
  type PeerTopology,
} from '@canopy/protocol';
import { DelayScaledStep, defaultStableDelay } from './delay-scaled-step';
import { StepRamp } from './step-ramp';
import { hasParam, nonNegativeInteger, onOff, positiveInteger, readParam } from './hyper-params';
import { LocalTrajectory } from './local-trajectory';
import { defaultStaleAge, echoAge, echoOf, StalenessScaledStep } from './staleness-scaled-step';
import { LatestMailbox } from './latest-mailbox';
import { InboundDecoders, LinkEncoder } from './link-codec';
import { NodeCore } from './node-core';
import type { NodeRuntimeOptions } from './options';
import { LinkScreening, OBSERVE_EVERY } from './link-screening';
import { ACCEPTED, epochReason } from './screening';
import { allFinite, allocVector, distance, norm } from './vectors';
import type { TrackerChannel } from './tracker-channels';
import { trackingVectors } from '../kernels/tracking-vectors';
import { descend, track } from '../kernels/vector-kernels';
import type { VectorArena } from '../kernels/vector-arena';

type Phase = 'joining' | 'initialising' | 'running';
type Pending = 'none' | 'init' | 'local' | 'step';

interface PullLink {
  readonly peer: PeerId;
  readonly weight: number;
}

export abstract class TrackingNode<C extends TrackerChannel> extends NodeCore implements AlgorithmNode {
  abstract readonly algorithm: 'rfast' | 'naive';

  protected channel: C;
  /** z_i and g_i in Float64 whatever the model precision: their difference carries the tracked mass. */
  protected readonly z: Float64Array;
  protected readonly g: Float64Array;
  /** Set when this node compresses what it sends (the subclass opted in and the settings name a compressor). */
  protected readonly compression: { readonly compressor: Compressor; readonly keyframeEvery: number } | undefined;
  private readonly random: () => number;

  private gamma: number;
  /** params.localSteps (H): gradients per exchange; the path of the H − 1 local ones (undefined for H = 1). */
  readonly localSteps: number;
  private readonly trajectory: LocalTrajectory | undefined;
  /** params.stableDelay (D₀), or undefined for the default that follows γ (delay-scaled-step.ts). */
  private readonly stableDelayParam: number | undefined;
  /** The in-links' message gaps that scale γ. */
  private delays: DelayScaledStep;
  /** params.staleAge (A₀), or undefined for the default that follows η (staleness-scaled-step.ts). */
  private readonly staleAgeParam: number | undefined;
  /** The links' measured round trips that scale γ. */
  private staleness: StalenessScaledStep;
  /** Lets the step rise only gradually after a topology change (step-ramp.ts). */
  private readonly ramp = new StepRamp();
  /** Per peer, the newest sequence number accepted from it this epoch: echoed back in what this node sends. */
  private heardSeq = new Map<PeerId, number>();
  private x: Vector;
  /** x⁺ computed by plan(); becomes x in complete() (buffers swap, no copy). */
  private xNext: Vector;
  /** v_i of the pending step (copied into a payload for the children whose link would send it now). */
  private readonly v: Vector;
  /** Where the hot vectors live when SIMD kernels update them (undefined: plain arrays, JavaScript loops). */
  private readonly arena: VectorArena | undefined;
  /** The gradient, copied next to z and g for the kernel (with an arena). */
  private readonly gradStage: Float32Array | undefined;
  private pullIn: readonly PullLink[];
  private models: LatestMailbox;
  private phase: Phase;
  private pending: Pending = 'none';
  /** t_i: sequence number of the next activation's messages (kept across epochs: latest-wins stays monotone). */
  private seq = 0;
  /**
   * Compression: one encoder of v per G_R out-link, created on first send and dropped with each epoch (so an
   * epoch's first model message on a link is a keyframe). Per link, not shared, because a transport may not
   * be ready on every link at once (sendsNow) and each link's deltas must refer to keyframes it carried.
   */
  private modelEncoders = new Map<PeerId, LinkEncoder>();
  /** NodeOptions.sendsNow (always true by default); R-FAST's compressed channel consults it too. */
  protected readonly sendsNow: NonNullable<NodeRuntimeOptions['sendsNow']>;
  private inbound: InboundDecoders;
  private nonFiniteGradients = 0;
  /** What this node absorbs is screened against its own scale; repeat offenders are quarantined (link-screening.ts). */
  private screening: LinkScreening;
  /** params.screening: 0 turns screening off (a trusted cluster; the screening benchmark's yardstick). */
  private readonly screens: boolean;
  /** Every peer quarantined in any epoch of this run (what the node reports: the server may have evicted it since). */
  private readonly quarantinedPeers = new Set<PeerId>();
  /** Every model source of this epoch is quarantined: the node trains alone until the next epoch. */
  private isolated = false;
  /** Adopt the first model from a pull in-neighbour as x (a new model source after drifting alone). */
  private resync = false;

  /** `compressible`: whether this algorithm honours options.compression (R-FAST does, the naive baseline does not). */
  constructor(options: NodeRuntimeOptions, compressible = false) {
    super(options);
    const { topology, x0, precision } = options;
    this.random = options.random;
    this.compression = compressible ? compressionOf(options.compression) : undefined;
    this.inbound = new InboundDecoders(this.dimension);
    this.sendsNow = options.sendsNow ?? (() => true);
    this.localSteps = readParam(options.params, 'localSteps', positiveInteger(1));
    this.trajectory = this.localSteps > 1 ? new LocalTrajectory(this.localSteps, this.learningRate, allocVector(this.dimension, precision)) : undefined;
    this.gamma = this.outerStep(topology);
    this.stableDelayParam = hasParam(options.params, 'stableDelay') ? readParam(options.params, 'stableDelay', nonNegativeInteger(0)) : undefined;
    this.delays = new DelayScaledStep(this.stableDelay);
    this.staleAgeParam = hasParam(options.params, 'staleAge') ? readParam(options.params, 'staleAge', nonNegativeInteger(0)) : undefined;
    this.staleness = new StalenessScaledStep(this.staleAge, loopRoundTrips(topology));
    const vectors = trackingVectors(this.dimension, precision, options.kernels ?? 'auto');
    this.arena = vectors.arena;
    this.gradStage = vectors.gradStage;
    this.x = vectors.x;
    this.x.set(x0);
    this.xNext = vectors.xNext;
    this.v = vectors.v;
    this.z = vectors.z;
    this.g = vectors.g;
    this.pullIn = topology.pull.in;
    this.models = new LatestMailbox(topology.pull.in.map((e) => e.peer), this.dimension, precision);
    this.channel = this.createChannel(topology.push);
    this.phase = options.joinFromParent === true ? 'joining' : 'initialising';
    // Each exchange moves a model by up to H local steps.
    this.screening = new LinkScreening(topology.size, this.learningRate * this.localSteps);
    this.screens = readParam(options.params, 'screening', onOff(1)) === 1;
  }

  protected abstract createChannel(links: PeerTopology['push']): C;

  /** γ = η · stepScale (ALGORITHMS.md, "Effective step"), × H with local steps (local-trajectory.ts). */
  get stepSize(): number {
    return this.gamma;
  }

  private outerStep(topology: PeerTopology): number {
    return this.learningRate * topology.stepScale * this.localSteps;
  }

  /** D₀ in steps: params.stableDelay, else ⌈5/γ⌉ (0 = off). */
  get stableDelay(): number {
    return this.stableDelayParam ?? defaultStableDelay(this.gamma);
  }

  /** A₀ in exchanges: params.staleAge, else ⌈2/(H·η)⌉ (0 = off): the same bound in steps whatever H. */
  get staleAge(): number {
    return this.staleAgeParam ?? defaultStaleAge(this.learningRate * this.localSteps);
  }

  /** The age of the information this node acts on, in its steps (0 until echoes came back): staleness-scaled-step.ts. */
  get informationAge(): number {
    // Echoes count exchanges; with local steps each is H steps.
    return this.staleness.age * this.localSteps;
  }

  /** min(1, D₀ / D, A₀ / A): the factor on γ now (message gaps and information age). */
  get delayScale(): number {
    return Math.min(this.delays.scale, this.staleness.scale);
  }

  /** What the next step uses: γ · the factor above (delay-scaled-step.ts, staleness-scaled-step.ts), or less while it ramps up (step-ramp.ts). */
  get effectiveStepSize(): number {
    return this.ramp.peek(this.gamma * this.delayScale);
  }

  model(): Vector {
    return this.x;
  }

  /** z_i and g_i as read-only views (metrics and tests). */
  tracker(): { readonly z: Readonly<Float64Array>; readonly g: Readonly<Float64Array> } {
    return { z: this.z, g: this.g };
  }

  plan(): ActivationPlan {
    if (this.pending !== 'none') return { kind: 'gradient', at: [this.gradientPoint()], batch: 'minibatch' };
    if (this.phase === 'joining' && !this.adoptParentModel()) {
      return { kind: 'wait', reason: 'joining: waiting for a model from a pull in-neighbour' };
    }
    const path = this.trajectory;
    if (this.phase !== 'running') {
      // With local steps the first tracked gradient is a whole path's mean too, so one node alone is exactly SGD.
      if (path !== undefined && !path.inProgress) path.startAt(this.x);
      this.pending = 'init';
    } else if (path !== undefined && path.inProgress) {
      this.pending = path.local ? 'local' : 'step';
    } else {
      if (this.resync) this.adoptParentModelAsX();
      this.descendAndMix();
      path?.startAt(this.xNext);
      this.pending = path?.local === true ? 'local' : 'step';
    }
    return { kind: 'gradient', at: [this.gradientPoint()], batch: 'minibatch' };
  }

  /** Where the pending gradient is taken: x (initialisation) or x⁺ (a step), or the local path's point. */
  private gradientPoint(): Vector {
    if (this.trajectory !== undefined) return this.trajectory.point;
    return this.pending === 'init' ? this.x : this.xNext;
  }

  /** Local gradients that were NaN/±Inf and therefore never applied (ALGORITHMS.md, "Non-finite values"). */
  get skippedGradients(): number {
    return this.nonFiniteGradients;
  }

  complete(result: GradientResult): OutgoingMessage[] {
    const grad = this.singleGradient(result);
    const pending = this.pending;
    this.pending = 'none';
    // A non-finite local gradient is skipped, never applied: at initialisation the next plan() asks again; in a
    // step the previous gradient stands (g⁺ = g adds no mass) and the step's mixing, pushes and sends still happen.
    const finite = allFinite(grad);
    if (!finite) {
      this.nonFiniteGradients++;
      if (pending === 'init') return [];
    }
    if (this.trajectory !== undefined && (pending === 'local' || (pending === 'init' && this.trajectory.local))) {
      if (finite && this.completed % OBSERVE_EVERY === 0) this.screening.observe(norm(grad));
      this.trajectory.step(grad, finite);
      if (pending === 'local') this.completed++;
      return [];
    }
    if (pending === 'init') {
      const first = this.trajectory === undefined ? grad : this.trajectory.finish(grad, finite);
      if (first === undefined) return [];
      this.g.set(first);
      this.z.set(first);
      this.screening.observe(norm(grad));
      this.phase = 'running';
      return [];
    }
    if (finite && this.completed % OBSERVE_EVERY === 0) this.screening.observe(norm(grad));
    if (pending !== 'step') throw new Error('complete() called without a pending plan()');
    // Step 3: absorb tracker mass received on G_C.
    this.channel.absorbInto(this.z);
    // Step 4: z ← z + g⁺ − g; g ← g⁺ (g is exactly what entered z; with local steps g⁺ is the path's mean); x ← x⁺.
    const { z } = this;
    const tracked = this.trajectory === undefined ? (finite ? grad : undefined) : this.trajectory.finish(grad, finite);
    if (tracked !== undefined) track(this.arena, z, this.g, tracked, this.gradStage);
    const previous = this.x;
    this.x = this.xNext;
    this.xNext = previous;
    // Steps 5–6: push tracker shares, send v on G_R.
    const messages: OutgoingMessage[] = [];
    const { epoch } = this.topology;
    const seq = this.seq;
    this.channel.pushFrom(z, { epoch, seq }, messages);
    const targets = this.topology.pull.out;
    if (targets.length > 0) {
      if (this.compression !== undefined) {
        const payload = this.allocate(0, this.precision);
        for (const to of targets) {
          if (!this.sendsNow(to, 'model')) continue;
          const encoded = this.modelEncoderFor(to).encode(this.v, seq).bytes;
          messages.push({ to, kind: 'model', epoch, seq, payload, encoded });
        }
      } else {
        // Only to children whose link would send it now: a model built for a busy link would only be superseded.
        const ready = targets.filter((to) => this.sendsNow(to, 'model'));
        if (ready.length > 0) {
          const payload = this.copyOut(this.v);
          for (const to of ready) messages.push({ to, kind: 'model', epoch, seq, payload });
        }
      }
    }
    this.stampEchoes(messages);
    this.seq = seq + 1;
    this.completed++;
    return messages;
  }

  receive(message: IncomingMessage): ReceiveResult {
    const { kind, from } = message;
    if (kind === 'keyframe-ack') return this.acknowledge(message);
    if (kind !== 'model' && kind !== this.channel.kind) return this.rejections.reject('unexpected-kind');
    const isSource = kind === 'model' ? this.models.has(from) : this.channel.isSource(from);
    const decoded = message.encoded === undefined ? message : this.decodeEncoded(message, message.encoded, isSource);
    if (typeof decoded === 'string') return this.rejections.reject(decoded);
    // Finiteness is checked while copying into the mailbox (one pass instead of two on the hot path).
    const problem = this.screen(decoded, isSource, this.dimension, false) ?? this.screenValues(kind, from, decoded.payload);
    if (problem !== undefined) return this.rejections.reject(problem);
    if (kind === 'model') {
      const outcome = this.models.offer(from, message.seq, decoded.payload);
      if (outcome !== 'stored') return this.rejections.reject(outcome);
    } else {
      const refused = this.channel.accept(from, message.seq, decoded.payload);
      if (refused !== undefined) return this.rejections.reject(refused);
    }
    // Gaps in exchanges (this node's seq), which are its steps when H = 1.
    this.delays.heard(`${kind}\u0000${from}`, this.seq);
    this.heardFrom(from, message.seq, message.echo);
    return message.encoded === undefined ? ACCEPTED : this.acceptedWithAck(message);
  }

  /** A newer epoch resets tracking (z ← g, ρ ← 0, ρ̃ ← 0), keeps x, and forgets older packets. */
  setTopology(topology: PeerTopology): OutgoingMessage[] {
    const previousParents = this.pullIn.map((link) => link.peer);
    if (!this.adoptTopology(topology)) return [];
    this.gamma = this.outerStep(topology);
    this.delays = new DelayScaledStep(this.stableDelay);
    this.staleness = new StalenessScaledStep(this.staleAge, loopRoundTrips(topology));
    this.ramp.restart();
    this.heardSeq = new Map();
    this.pullIn = topology.pull.in;
    this.models = new LatestMailbox(topology.pull.in.map((e) => e.peer), this.dimension, this.precision);
    this.channel = this.createChannel(topology.push);
    this.modelEncoders = new Map();
    this.inbound = new InboundDecoders(this.dimension);
    this.screening = this.screening.forEpoch(topology.size);
    this.z.set(this.g);
    // A node with a new model source (its parent left or was evicted, or it had quarantined the old one) has
    // trained on its own meanwhile and drifted from the room: it takes its new parent's first model as its x
    // (plan(); trackers untouched, so the mass invariant holds). Averaging two drifted networks can be worse than
    // either: without this, a tab orphaned by a leave fell from 0.88 to 0.72 held-out accuracy after the repair.
    const parents = topology.pull.in.map((link) => link.peer);
    const newSource = parents.some((peer) => !previousParents.includes(peer));
    this.resync = (this.isolated || newSource) && parents.length > 0 && this.phase === 'running';
    this.isolated = false;
    return [];
  }

  /** AlgorithmNode.recover: x only (x is not part of the invariant). Between steps: after complete(), before plan(). */
  recover(lastGood: Vector | undefined): void {
    if (this.pending !== 'none') throw new Error('recover() called while a gradient is pending');
    if (lastGood !== undefined) {
      if (lastGood.length !== this.dimension) throw new RangeError(`recover: ${lastGood.length} values for a model of ${this.dimension}`);
      this.x.set(lastGood);
    }
    this.trajectory?.reset();
    if (this.pullIn.length > 0 && this.phase === 'running') this.resync = true;
  }

  /** Peers whose links this node quarantined during this run (in any epoch; a new epoch screens them afresh). */
  quarantined(): readonly PeerId[] {
    return [...this.quarantinedPeers];
  }

  /**
   * Hostile-value screening (link-screening.ts): the model's distance from ours, or the mass a running sum would
   * add, against this node's own scale. Non-finite payloads pass through to the finiteness check that names them.
   */
  private screenValues(kind: 'model' | 'tracker' | 'tracker-increment', from: PeerId, payload: Vector): RejectReason | undefined {
    if (!this.screens) return undefined;
    if (this.screening.isQuarantined(from)) return 'quarantined';
    const model = kind === 'model';
    const size = model ? distance(payload, this.x) : this.channel.incomingMass(from, payload);
    if (!Number.isFinite(size) && !allFinite(payload)) return undefined;
    const verdict = this.screening.judge(from, size, model ? this.screening.modelBound(this.staleness.age) : this.screening.trackerBound);
    if (verdict === 'accept') return undefined;
    if (verdict === 'quarantine') {
      this.quarantinedPeers.add(from);
      if (model) {
        this.models.forget(from);
        this.isolated = this.pullIn.every((link) => this.screening.isQuarantined(link.peer));
      } else {
        this.channel.exclude(from, this.z);
      }
    }
    return 'screened';
  }

  /** An accepted compressed message is answered with the newest keyframe held on its link, until the sender uses it (link-codec.ts). */
  private acceptedWithAck(message: IncomingMessage): ReceiveResult {
    const keyframeSeq = this.inbound.keyframeToAcknowledge(message.kind, message.from);
    if (keyframeSeq === undefined) return ACCEPTED;
    const payload = this.allocate(2, 'f64');
    payload.set(keyframeAckPayload({ kind: message.kind, keyframeSeq }));
    const ack: OutgoingMessage = { to: message.from, kind: 'keyframe-ack', epoch: this.topology.epoch, seq: this.seq, payload };
    return { accepted: true, replies: [ack] };
  }

  /** A child's (model) or parent's (tracker) keyframe-ack: later deltas on that link may refer to that keyframe. */
  private acknowledge(message: IncomingMessage): ReceiveResult {
    if (this.compression === undefined) return this.rejections.reject('unexpected-kind');
    const early = epochReason(message.epoch, this.topology.epoch);
    if (early !== undefined) return this.rejections.reject(early);
    const ack = readKeyframeAck(message.payload);
    if (ack === undefined) return this.rejections.reject('bad-encoding');
    if (ack.kind === 'model') {
      const encoder = this.topology.pull.out.includes(message.from) ? this.modelEncoders.get(message.from) : undefined;
      if (encoder === undefined) return this.rejections.reject('not-a-neighbour');
      encoder.acknowledge(ack.keyframeSeq);
      return ACCEPTED;
    }
    if (ack.kind !== this.channel.kind) return this.rejections.reject('unexpected-kind');
    return this.channel.acknowledge?.(message.from, ack.keyframeSeq) === true ? ACCEPTED : this.rejections.reject('not-a-neighbour');
  }

  /** An accepted message: its seq is what this node echoes to `from`; its echo says how old our last message to `from` was when used. */
  private heardFrom(from: PeerId, seq: number, echo: number | undefined): void {
    if (seq > (this.heardSeq.get(from) ?? -1)) this.heardSeq.set(from, seq);
    const age = echoAge(echo, this.seq);
    if (age !== undefined) this.staleness.measured(from, age);
  }

  /** Every message of a step carries the echo for its receiver. */
  private stampEchoes(messages: OutgoingMessage[]): void {
    for (let k = 0; k < messages.length; k++) {
      const message = messages[k] as OutgoingMessage;
      const echo = echoOf(this.heardSeq.get(message.to));
      if (echo !== 0) messages[k] = { ...message, echo };
    }
  }

  /** A fresh per-link encoder (keyframes in `precision`); only called when compressing. */
  protected newEncoder(precision: Precision): LinkEncoder {
    const compression = this.compression;
    if (compression === undefined) throw new Error('newEncoder() called on a node that does not compress');
    return new LinkEncoder(compression.compressor, compression.keyframeEvery, precision, this.random, this.dimension);
  }

  private modelEncoderFor(to: PeerId): LinkEncoder {
    let encoder = this.modelEncoders.get(to);
    if (encoder === undefined) {
      encoder = this.newEncoder(this.precision);
      this.modelEncoders.set(to, encoder);
    }
    return encoder;
  }

  /**
   * An encoded message → the same message carrying the vector it stands for. Epoch and sender are screened
   * first, so foreign bytes never touch a link's keyframe state.
   */
  private decodeEncoded(message: IncomingMessage, encoded: Uint8Array, isSource: boolean): IncomingMessage | RejectReason {
    const early = epochReason(message.epoch, this.topology.epoch) ?? (isSource ? undefined : 'not-a-neighbour');
    if (early !== undefined) return early;
    const held = message.kind === 'model' ? this.models.seq(message.from) : this.channel.heldSeq(message.from);
    const stale = message.seq <= held;
    // A stale delta is not worth decoding, but a late keyframe is: later deltas may still refer to it.
    if (stale && !isKeyframeBytes(encoded)) return 'stale-seq';
    const payload = this.inbound.decode(message.kind, message.from, message.seq, encoded);
    if (typeof payload === 'string') return payload;
    return stale ? 'stale-seq' : { ...message, payload };
  }

  /** Steps 1–2. Before the first v_j arrives, the node's own v_i stands in for it (weights still sum to 1). */
  private descendAndMix(): void {
    let selfWeight = this.topology.pull.selfWeight;
    for (const link of this.pullIn) if (this.models.latest(link.peer) === undefined) selfWeight += link.weight;
    const out = this.xNext;
    descend(this.arena, this.x, this.z, this.v, out, this.ramp.take(this.gamma * this.delayScale), selfWeight);
    for (const link of this.pullIn) {
      const model = this.models.latest(link.peer);
      if (model === undefined) continue;
      const weight = link.weight;
      for (let k = 0; k < out.length; k++) out[k] = (out[k] as number) + weight * (model[k] as number);
    }
  }

  /** After a change of model source: x ← the first new parent model to arrive (until then the step goes on as usual). */
  private adoptParentModelAsX(): void {
    const model = this.firstParentModel();
    if (model === undefined) return;
    this.x.set(model);
    this.resync = false;
  }

  /** The latest model of the first pull in-neighbour that has sent one. */
  private firstParentModel(): Vector | undefined {
    for (const link of this.pullIn) {
      const model = this.models.latest(link.peer);
      if (model !== undefined) return model;
    }
    return undefined;
  }

  /** joinFromParent: adopt the first pull in-neighbour model that has arrived. */
  private adoptParentModel(): boolean {
    const model = this.firstParentModel();
    if (model === undefined) return false;
    this.x.set(model);
    this.phase = 'initialising';
    return true;
  }

}

/** Round trips per tracking loop: the tree's depth (at least 1), ⌈log₂ n⌉ from a server that does not send it. */
function loopRoundTrips(topology: PeerTopology): number {
  return Math.max(1, topology.depth ?? Math.ceil(Math.log2(topology.size)));
}

function compressionOf(settings: CompressionSettings | undefined): TrackingNode<TrackerChannel>['compression'] {
  if (!compresses(settings)) return undefined;
  return { compressor: createCompressor(settings.name, settings), keyframeEvery: keyframeEveryOf(settings) };
}
