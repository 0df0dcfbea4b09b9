/**
 * Overlap-Local-SGD (Wang, Liang, Joshi, "Overlap Local-SGD: An Algorithmic Approach to Hide Communication
 * Delays in Distributed SGD", ICASSP 2020; ALGORITHMS.md §3). Local SGD steps x ← x − η∇f_i(x); every τ steps
 * (a sync):
 *   1. wait for the background average started at the previous sync: it becomes the anchor z;
 *   2. pull back towards the anchor: x ← (1 − α) x + α z;
 *   3. anchor momentum: m ← β m + (z − x)/η  (m ← (z − x)/η the first time);
 *   4. contribute z − η m to a new, non-blocking average over all nodes (tree reduce/broadcast, tree-average.ts),
 *      which becomes z at the next sync. Its communication overlaps the next τ local steps.
 * Averaged over nodes, step 4 is z ← z − η·mean(m): a momentum step on the anchor with pseudo-gradient
 * (z − x̄)/η; the first one gives z ← x̄. params: tau (τ, default 2), alpha (α, 0.6), beta (β, 0.7).
 *
 * Choices where the paper is not explicit: the first anchor is the common x⁰ (no average exists before the first
 * sync, so the first sync does not wait); step 3 uses x after the pull-back (the order above; with β = 0 the new
 * anchor is then the average of the pulled-back models, and α must lie in (0, 1): α = 1 would pull every model
 * onto the anchor and contribute the anchor itself, so nothing would ever move); a node waits
 * only at a sync, and only while blocked does it retransmit (a lost partial sum thus costs one period of overlap,
 * never correctness). Membership: a new epoch abandons the average in flight and keeps the anchor, so the next
 * sync does not wait; a joiner contributes weight 0 to the next average and adopts it as both x and z.
 */
import type { PeerTopology } from '@canopy/protocol';
import type { ActivationPlan, AlgorithmNode, GradientResult, IncomingMessage, OutgoingMessage, ReceiveResult, Vector } from '../node';
import { openUnitInterval, positiveInteger, readParam, unitInterval } from './hyper-params';
import { NodeCore } from './node-core';
import type { NodeRuntimeOptions } from './options';
import { TreeAverage } from './tree-average';
import { allocVector } from './vectors';

export const OVERLAP_DEFAULTS = { tau: 2, alpha: 0.6, beta: 0.7 } as const;

export class OverlapLocalSgdNode extends NodeCore implements AlgorithmNode {
  readonly algorithm = 'overlap-local-sgd';

  readonly tau: number;
  readonly alpha: number;
  readonly beta: number;
  private readonly x: Vector;
  /** z: the anchor (starts as x⁰). */
  private readonly z: Float64Array;
  /** m: the anchor momentum, unset until the first sync. */
  private readonly m: Float64Array;
  private hasMomentum = false;
  private readonly contribution: Float64Array;
  private readonly average: TreeAverage;
  private localSteps = 0;
  private computing = false;
  /** The τ-th step is done and the sync has not happened yet (it waits for the previous average). */
  private blocked = false;
  /** Round of the background average in flight (contributed, not yet used as the anchor). */
  private inFlight: number | undefined;
  private joining: boolean;

  constructor(options: NodeRuntimeOptions) {
    super(options);
    const { params } = options;
    this.tau = readParam(params, 'tau', positiveInteger(OVERLAP_DEFAULTS.tau));
    this.alpha = readParam(params, 'alpha', openUnitInterval(OVERLAP_DEFAULTS.alpha));
    this.beta = readParam(params, 'beta', unitInterval(OVERLAP_DEFAULTS.beta));
    this.x = allocVector(this.dimension, this.precision);
    this.x.set(options.x0);
    this.z = Float64Array.from(options.x0);
    this.m = new Float64Array(this.dimension);
    this.contribution = new Float64Array(this.dimension);
    this.joining = options.joinFromParent === true;
    this.average = new TreeAverage(this.dimension, this.precision, this.allocate, options.topology);
    // A joiner's weight-0 contribution goes out on the first retransmission tick (a constructor cannot send).
    if (this.joining) this.joinNextAverage();
  }

  model(): Vector {
    return this.x;
  }

  /** The current anchor z (read-only view, for tests and metrics). */
  anchor(): Readonly<Float64Array> {
    return this.z;
  }

  plan(): ActivationPlan {
    if (!this.computing) {
      if (this.joining) return { kind: 'wait', reason: 'joining: waiting for the next average' };
      if (this.blocked) return { kind: 'wait', reason: `sync: waiting for the average of round ${this.inFlight ?? '?'}` };
    }
    this.computing = true;
    return { kind: 'gradient', at: [this.x], batch: 'minibatch' };
  }

  complete(result: GradientResult): OutgoingMessage[] {
    if (!this.computing) throw new Error('complete() called without a pending plan()');
    this.computing = false;
    this.localSgdStep(this.x, result);
    if (++this.localSteps < this.tau) return [];
    this.blocked = true;
    return this.trySync();
  }

  receive(message: IncomingMessage): ReceiveResult {
    const result = this.average.receive(message);
    if (!result.accepted) return this.rejections.reject(result.reason);
    if (this.joining) this.tryJoin();
    const synced = this.trySync();
    return synced.length === 0 ? result : { accepted: true, replies: [...result.replies, ...synced] };
  }

  setTopology(topology: PeerTopology): OutgoingMessage[] {
    if (!this.adoptTopology(topology)) return [];
    this.average.reset(topology);
    this.inFlight = undefined;
    if (this.joining) {
      this.joinNextAverage();
      return [];
    }
    return this.trySync();
  }

  retransmit(): OutgoingMessage[] {
    return this.average.retransmit();
  }

  /** The sync of steps 1–4, once the τ-th step is done and the previous average (if any) has arrived. */
  private trySync(): OutgoingMessage[] {
    if (!this.blocked) return [];
    if (this.inFlight !== undefined) {
      const mean = this.average.result(this.inFlight);
      if (mean === undefined) return [];
      this.z.set(mean);
      this.inFlight = undefined;
    }
    const { x, z, m, contribution, alpha, beta } = this;
    const eta = this.learningRate;
    const keep = this.hasMomentum ? beta : 0;
    for (let k = 0; k < x.length; k++) {
      const pulled = (1 - alpha) * (x[k] as number) + alpha * (z[k] as number);
      x[k] = pulled;
      // Read x back: in a Float32 model the momentum must see the stored (rounded) value.
      const momentum = keep * (m[k] as number) + ((z[k] as number) - (x[k] as number)) / eta;
      m[k] = momentum;
      contribution[k] = (z[k] as number) - eta * momentum;
    }
    this.hasMomentum = true;
    this.blocked = false;
    this.localSteps = 0;
    this.inFlight = this.average.round;
    return this.average.contribute(contribution, 1);
  }

  private joinNextAverage(): void {
    this.inFlight = this.average.round;
    this.contribution.fill(0);
    this.average.contribute(this.contribution, 0);
  }

  private tryJoin(): void {
    const mean = this.inFlight === undefined ? undefined : this.average.result(this.inFlight);
    if (mean === undefined) return;
    this.x.set(mean);
    this.z.set(mean);
    this.inFlight = undefined;
    this.joining = false;
  }
}
