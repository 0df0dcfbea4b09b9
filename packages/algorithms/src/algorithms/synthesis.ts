/**
 * SYNTHESIS (Liu, Zhang, Liu, "SYNTHESIS: A Semi-Asynchronous Path-Integrated Stochastic Gradient Method for
 * Distributed Learning in Computing Clusters", MobiHoc 2022; ALGORITHMS.md §3): SPIDER variance reduction,
 * semi-asynchronous, with the two-trees root as coordinator (its estimator: spider-coordinator.ts).
 *   - Every q root updates, a synchronous checkpoint: the root sends x_kc down G_R ('checkpoint', seq = k_c),
 *     every node computes its FULL local gradient there (plan batch 'full'), the sums go up G_C ('reduce',
 *     [Σ gradients, Σ weights], seq = checkpoint number in this epoch), and the root sets v = mean, steps.
 *   - In between, every node (the root too) repeatedly takes the latest consecutive pair (x_s, x_{s−1}) it has
 *     and returns δ = ∇f_S(x_s) − ∇f_S(x_{s−1}) on ONE minibatch S (plan at: [x_s, x_{s−1}]) as a
 *     'gradient-difference' with seq = s. Intermediate nodes relay it up G_C unchanged. The root applies each
 *     acceptable δ at once (v ← v + δ, x ← x − ηv) and sends the pair [x_k, x_{k−1}] down G_R ('broadcast',
 *     seq = k); every node forwards newer pairs to its children.
 *   - The root refuses (counted, reason 'stale-seq') a δ staler than Δ updates, or one whose pair straddles the
 *     last checkpoint (the checkpoint's full gradient already accounts for it).
 * Choices (the paper's exact setting differs: its workers share one dataset, ours hold shards):
 *   - A δ from one shard estimates the difference of the mean gradient; the estimate is biased towards the
 *     shards that report most, but every difference vanishes as the iterates settle and each checkpoint resets
 *     v to the exact mean gradient, so deterministic runs converge exactly to x*.
 *   - q and Δ: defaults 8n and 4n (synthesis-schedule.ts explains why), params.q and params.delta override them.
 *     η ≈ 1/(2L(Δ+1)) is the simulator's default (learning-rate.ts); the node uses the learning rate it is given.
 *   - A pair is sent whole ([x_k, x_{k−1}], 2d numbers) so a node never mixes non-consecutive iterates; a lost
 *     pair is replaced by the next one. Lost δs are simply lost (another comes).
 *   - Loss during a checkpoint: a blocked node retransmits its partial sum up, and the checkpoint down while a
 *     child's sum is missing; a node that receives a checkpoint it already has answers with its partial sum.
 *   - Epochs: a new epoch restarts at a checkpoint of the (possibly new) root at its current iterate; every
 *     other node waits for it. A joiner likewise adopts the first checkpoint it receives, as its model.
 */
import type { PeerId, PeerTopology } from '@canopy/protocol';
import type { ActivationPlan, AlgorithmNode, GradientResult, IncomingMessage, OutgoingMessage, ReceiveResult, Vector } from '../node';
import { NodeCore } from './node-core';
import type { NodeRuntimeOptions } from './options';
import { ACCEPTED } from './screening';
import { SpiderCoordinator, type DifferenceVerdict, type SpiderSchedule } from './spider-coordinator';
import { synthesisSchedule } from './synthesis-schedule';
import { TreeReduce } from './tree-reduce';
import { allocVector } from './vectors';

type Phase =
  | 'awaiting-checkpoint' // new epoch or joiner: nothing to compute until the root's checkpoint arrives
  | 'checkpoint' // compute the full gradient at the checkpoint
  | 'contributed' // full gradient contributed; waiting for the first iterate after the checkpoint
  | 'async'; // computing differences

type Pending = { readonly kind: 'full'; readonly generation: number } | { readonly kind: 'difference'; readonly s: number; readonly generation: number };

export class SynthesisNode extends NodeCore implements AlgorithmNode {
  readonly algorithm = 'synthesis';

  readonly schedule: SpiderSchedule;
  private readonly x: Vector;
  /** The latest pair (x_s, x_{s−1}) received, s = pairSeq (−1: none this epoch). */
  private readonly pairCurrent: Vector;
  private readonly pairPrevious: Vector;
  private pairSeq = -1;
  /** Stable copies of the points of the pending difference (the pair may be replaced meanwhile). */
  private readonly plannedCurrent: Vector;
  private readonly plannedPrevious: Vector;
  private readonly checkpointPoint: Vector;
  /** k_c of the latest checkpoint seen this epoch (−1: none). */
  private checkpointSeq = -1;
  private phase: Phase;
  private pending: Pending | undefined;
  /** Bumped by every checkpoint and epoch: a computation planned before is discarded. */
  private generation = 0;
  private readonly reduce: TreeReduce;
  private coordinator: SpiderCoordinator | undefined;
  private readonly scratch: Float64Array;
  /** Root only: how the coordinator judged the differences it was given (own and received). */
  private readonly verdicts: Record<DifferenceVerdict, number> = { applied: 0, 'before-checkpoint': 0, 'too-stale': 0, 'from-the-future': 0 };

  constructor(options: NodeRuntimeOptions) {
    super(options);
    const { topology, x0 } = options;
    this.schedule = { stepSize: this.learningRate, ...synthesisSchedule(options.params, topology.size) };
    const d = this.dimension;
    [this.x, this.pairCurrent, this.pairPrevious, this.plannedCurrent, this.plannedPrevious, this.checkpointPoint] = Array.from(
      { length: 6 },
      () => allocVector(d, this.precision),
    ) as [Vector, Vector, Vector, Vector, Vector, Vector];
    this.x.set(x0);
    this.scratch = new Float64Array(d);
    this.reduce = new TreeReduce(d, topology);
    if (options.joinFromParent === true) {
      this.phase = 'awaiting-checkpoint';
    } else {
      // x⁰ is common knowledge: iterate 0 is everyone's first checkpoint, no message needed.
      this.phase = 'checkpoint';
      this.checkpointSeq = 0;
      this.checkpointPoint.set(x0);
      if (this.isRoot) this.coordinator = new SpiderCoordinator(this.schedule, x0, this.precision);
    }
  }

  model(): Vector {
    return this.x;
  }

  /** The root's update counter k (undefined on other nodes). */
  get iteration(): number | undefined {
    return this.coordinator?.iteration;
  }

  /** Root: differences applied and refused, by verdict (all zero on other nodes). */
  differenceCounts(): Readonly<Record<DifferenceVerdict, number>> {
    return { ...this.verdicts };
  }

  plan(): ActivationPlan {
    if (this.pending?.kind === 'full') return { kind: 'gradient', at: [this.checkpointPoint], batch: 'full' };
    if (this.pending?.kind === 'difference') return this.differencePlan();
    switch (this.phase) {
      case 'awaiting-checkpoint':
        return { kind: 'wait', reason: "waiting for the root's checkpoint" };
      case 'contributed':
        return { kind: 'wait', reason: 'checkpoint: waiting for the first iterate after it' };
      case 'checkpoint':
        this.pending = { kind: 'full', generation: this.generation };
        return { kind: 'gradient', at: [this.checkpointPoint], batch: 'full' };
      case 'async':
        return this.planDifference();
    }
  }

  complete(result: GradientResult): OutgoingMessage[] {
    const pending = this.pending;
    if (pending === undefined) throw new Error('complete() called without a pending plan()');
    this.pending = undefined;
    const count = pending.kind === 'full' ? 1 : 2;
    const { grads } = result;
    if (grads.length !== count || grads.some((g) => g.length !== this.dimension)) {
      throw new RangeError(`complete() needs ${count} gradient(s) of length ${this.dimension}`);
    }
    this.completed++;
    if (pending.generation !== this.generation) return []; // a checkpoint or an epoch overtook it
    if (pending.kind === 'full') {
      this.reduce.contribute(grads[0] as Vector, 1);
      this.phase = 'contributed';
      return this.progressCheckpoint();
    }
    const [atCurrent, atPrevious] = grads as [Vector, Vector];
    const delta = this.scratch;
    for (let k = 0; k < delta.length; k++) delta[k] = (atCurrent[k] as number) - (atPrevious[k] as number);
    if (this.coordinator !== undefined) return this.judge(pending.s, delta) === 'applied' ? this.afterUpdate() : [];
    return [this.message(this.reduce.parent as PeerId, 'gradient-difference', pending.s, this.copyOut(delta))];
  }

  receive(message: IncomingMessage): ReceiveResult {
    switch (message.kind) {
      case 'gradient-difference':
        return this.receiveDifference(message);
      case 'broadcast':
        return this.receivePair(message);
      case 'checkpoint':
        return this.receiveCheckpoint(message);
      case 'reduce':
        return this.receivePartialSum(message);
      default:
        return this.rejections.reject('unexpected-kind');
    }
  }

  setTopology(topology: PeerTopology): OutgoingMessage[] {
    if (!this.adoptTopology(topology)) return [];
    this.reduce.reset(topology);
    this.generation++;
    this.pairSeq = -1;
    this.checkpointSeq = -1;
    this.coordinator = undefined;
    this.phase = 'awaiting-checkpoint';
    if (!this.isRoot) return [];
    this.coordinator = new SpiderCoordinator(this.schedule, this.x, this.precision);
    return this.startCheckpoint();
  }

  retransmit(): OutgoingMessage[] {
    if (this.phase !== 'checkpoint' && this.phase !== 'contributed') return [];
    return this.checkpointRepairs();
  }

  private get isRoot(): boolean {
    return this.topology.push.out.length === 0;
  }

  private planDifference(): ActivationPlan {
    const coordinator = this.coordinator;
    let s: number;
    if (coordinator !== undefined) {
      s = coordinator.iteration;
      this.plannedCurrent.set(coordinator.iterate);
      this.plannedPrevious.set(coordinator.previousIterate);
    } else {
      if (this.pairSeq < 1) return { kind: 'wait', reason: 'waiting for an iterate pair from the root' };
      s = this.pairSeq;
      this.plannedCurrent.set(this.pairCurrent);
      this.plannedPrevious.set(this.pairPrevious);
    }
    this.pending = { kind: 'difference', s, generation: this.generation };
    return this.differencePlan();
  }

  private differencePlan(): ActivationPlan {
    return { kind: 'gradient', at: [this.plannedCurrent, this.plannedPrevious], batch: 'minibatch' };
  }

  private receiveDifference(message: IncomingMessage): ReceiveResult {
    const problem = this.screen(message, this.reduce.isChild(message.from));
    if (problem !== undefined) return this.rejections.reject(problem);
    if (this.coordinator === undefined) {
      // Not the root: relay towards it; only the root can judge staleness.
      const parent = this.reduce.parent;
      if (parent === undefined) return this.rejections.reject('stale-seq'); // a root between epochs
      return { accepted: true, replies: [this.message(parent, 'gradient-difference', message.seq, this.copyOut(message.payload))] };
    }
    if (this.judge(message.seq, message.payload) !== 'applied') return this.rejections.reject('stale-seq');
    return { accepted: true, replies: this.afterUpdate() };
  }

  private receivePair(message: IncomingMessage): ReceiveResult {
    const problem = this.screen(message, message.from === this.pullParent(), 2 * this.dimension);
    if (problem !== undefined) return this.rejections.reject(problem);
    if (message.seq <= this.pairSeq) return this.rejections.reject('stale-seq');
    const d = this.dimension;
    this.pairCurrent.set(message.payload.subarray(0, d));
    this.pairPrevious.set(message.payload.subarray(d, 2 * d));
    this.pairSeq = message.seq;
    if (this.phase !== 'awaiting-checkpoint') this.x.set(this.pairCurrent);
    if (this.phase === 'contributed' && message.seq > this.checkpointSeq) this.endCheckpoint();
    return { accepted: true, replies: this.toChildren('broadcast', message.seq, message.payload) };
  }

  private receiveCheckpoint(message: IncomingMessage): ReceiveResult {
    const problem = this.screen(message, message.from === this.pullParent());
    if (problem !== undefined) return this.rejections.reject(problem);
    if (message.seq < this.checkpointSeq) return this.rejections.reject('stale-seq');
    if (message.seq === this.checkpointSeq) {
      // Our parent is still missing a partial sum from below: repeat ours (if ready) and push the checkpoint on.
      return { accepted: true, replies: this.phase === 'async' ? [] : this.checkpointRepairs() };
    }
    if (this.phase === 'contributed') this.endCheckpoint(); // we missed every pair since the previous one
    if (this.phase === 'checkpoint') return this.rejections.reject('stale-seq'); // impossible: the root needs our sum first
    this.checkpointSeq = message.seq;
    this.checkpointPoint.set(message.payload);
    this.x.set(message.payload);
    this.phase = 'checkpoint';
    this.generation++;
    return { accepted: true, replies: this.toChildren('checkpoint', message.seq, message.payload) };
  }

  private receivePartialSum(message: IncomingMessage): ReceiveResult {
    const problem = this.screen(message, this.reduce.isChild(message.from), this.reduce.payloadLength);
    if (problem !== undefined) return this.rejections.reject(problem);
    if (message.seq < this.reduce.round) return this.rejections.reject('stale-seq');
    const outcome = this.reduce.offer(message.from, message.seq, message.payload);
    if (outcome !== 'stored') return this.rejections.reject(outcome);
    if (message.seq !== this.reduce.round || this.phase !== 'contributed') return ACCEPTED;
    return { accepted: true, replies: this.progressCheckpoint() };
  }

  private judge(s: number, delta: ArrayLike<number>): DifferenceVerdict {
    const verdict = (this.coordinator as SpiderCoordinator).applyDifference(s, delta);
    this.verdicts[verdict]++;
    return verdict;
  }

  /** Once the own full gradient and every child's sum are in: pass the sum up, or (root) apply it. */
  private progressCheckpoint(): OutgoingMessage[] {
    const total = this.reduce.collect();
    if (total === undefined) return [];
    const coordinator = this.coordinator;
    if (coordinator === undefined) return [this.partialSumMessage()];
    const d = this.dimension;
    const weight = total[d] as number;
    const mean = this.scratch;
    for (let k = 0; k < d; k++) mean[k] = (total[k] as number) / weight;
    coordinator.applyCheckpoint(mean);
    this.endCheckpoint();
    return this.afterUpdate();
  }

  private endCheckpoint(): void {
    this.reduce.advance();
    this.phase = 'async';
  }

  /** Root, after a step: a checkpoint when q updates have passed, else the new pair for everyone. */
  private afterUpdate(): OutgoingMessage[] {
    const coordinator = this.coordinator as SpiderCoordinator;
    this.x.set(coordinator.iterate);
    if (coordinator.checkpointDue) return this.startCheckpoint();
    const d = this.dimension;
    const children = this.topology.pull.out;
    if (children.length === 0) return [];
    const payload = this.allocate(2 * d, this.precision);
    payload.set(coordinator.iterate);
    payload.set(coordinator.previousIterate, d);
    return children.map((to) => this.message(to, 'broadcast', coordinator.iteration, payload));
  }

  /** Root: freeze differences and ask everyone for a full gradient at x_k. */
  private startCheckpoint(): OutgoingMessage[] {
    const coordinator = this.coordinator as SpiderCoordinator;
    coordinator.startCheckpoint();
    this.checkpointSeq = coordinator.iteration;
    this.checkpointPoint.set(coordinator.iterate);
    this.phase = 'checkpoint';
    this.generation++;
    return this.toChildren('checkpoint', this.checkpointSeq, this.checkpointPoint);
  }

  /** While a checkpoint is blocked: our partial sum again (if sent), and the checkpoint to the children if any sum is missing. */
  private checkpointRepairs(): OutgoingMessage[] {
    const messages = this.reduce.isCollected && !this.isRoot ? [this.partialSumMessage()] : [];
    if (this.reduce.missingChildren().length > 0) messages.push(...this.toChildren('checkpoint', this.checkpointSeq, this.checkpointPoint));
    return messages;
  }

  private partialSumMessage(): OutgoingMessage {
    return this.message(this.reduce.parent as PeerId, 'reduce', this.reduce.round, this.copyOut(this.reduce.total()));
  }

  private toChildren(kind: 'broadcast' | 'checkpoint', seq: number, source: Vector): OutgoingMessage[] {
    const children = this.topology.pull.out;
    if (children.length === 0) return [];
    const payload = this.copyOut(source);
    return children.map((to) => this.message(to, kind, seq, payload));
  }

  private pullParent(): PeerId | undefined {
    return this.topology.pull.in[0]?.peer;
  }
}
