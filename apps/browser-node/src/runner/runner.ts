/**
 * The training loop of one node: drives any AlgorithmNode with a GradientSource and the mesh's links.
 *
 * - Never waits on a peer: when plan() says 'wait' (AllReduce by definition, a newcomer before its parent's
 *   model), the loop sleeps until the next incoming message or a short tick, whichever comes first.
 * - Paced by the compute (the worker's replies in a browser), never by main-thread timers or rAF: all
 *   sleeps go through the injected Timers (worker-backed in a browser), and metrics reports and held-out
 *   evaluations are triggered from the loop by elapsed time.
 * - A `topology` push calls setTopology (new epoch); a new run id (reset, algorithm switch, data/model
 *   change) builds a fresh node from x⁰; pause/resume and fault settings follow the room's state.
 */
import {
  createNode as createAlgorithmNode,
  type AlgorithmName,
  type AlgorithmNode,
  type IncomingMessage,
  type NodeOptions,
  type OutgoingMessage,
  type Vector,
} from '@canopy/algorithms';
import { allFinite, type PeerId, type PeerTopology, type RoomState } from '@canopy/protocol';
import { Emitter } from '../net/emitter';
import type { Timers } from '../net/timers';
import { deriveSeed, seededRandom } from '../training/random';
import type { PreparedRun, ShardChoice, TrainingSetup } from './gradient-source';
import { metricsReport } from './metrics-report';
import { ReportWindow } from './report-window';
import { chooseShard, hashPeerId } from './shard-choice';
import { StalenessMeter } from './staleness';
import { withLinkTotals } from './link-totals';
import { ModelGuard } from './model-guard';
import { describeError, PointCopies, toFloat32 } from './runner-helpers';
import type { RunnerMesh } from './runner-mesh';
import { rolesOf, type LoopStatus, type TrainingStatus } from './status';
import { resumes, type ResumePoint } from '../checkpoint/resume-point';
import type { RunnerEvents, TrainingRunner } from './training-runner';
import { Wakeup } from './wakeup';

export type NodeFactory = (algorithm: AlgorithmName, options: NodeOptions) => AlgorithmNode;

export interface RunnerOptions {
  readonly self: PeerId;
  readonly mesh: RunnerMesh;
  readonly timers: Timers;
  readonly setup: TrainingSetup;
  /** Default: createNode from @canopy/algorithms. */
  readonly createNode?: NodeFactory;
  /** Default: a hash of the peer id modulo the room size (shard-choice.ts). */
  readonly chooseShard?: (self: PeerId, topology: PeerTopology) => ShardChoice;
  /** Metrics report period (default 500 ms: at most 2 Hz). */
  readonly reportIntervalMs?: number;
  /** Held-out evaluation period (default 3 s). */
  readonly evaluationIntervalMs?: number;
  /** Longest idle sleep while plan() says 'wait' (default 20 ms); an incoming message ends it sooner. */
  readonly waitTickMs?: number;
  /**
   * A synchronous node blocked this long resends its round's messages (AlgorithmNode.retransmit), since a
   * lost packet would otherwise stall the round forever. Default: max(250 ms, 4 × step time).
   */
  readonly retransmitAfterMs?: number;
  /**
   * The room's checkpoint, if any (checkpoint/resume-point.ts): a run this node starts alone (no parent to take
   * a model from) resumes from it when it belongs to that run, instead of starting from x⁰.
   */
  readonly loadCheckpoint?: (run: { readonly runId: number; readonly dataset: string; readonly model: string }) => Promise<ResumePoint | undefined>;
}

export type { RunnerEvents } from './training-runner';

const SMOOTHING = 0.1;
/** The next evaluation waits at least this many times the last one's duration (evaluation ≤ ~10% of the time). */
const EVALUATION_SHARE_FACTOR = 9;
/** A language model writes a new sample at most this often (each costs ~120 forward passes). */
const SAMPLE_INTERVAL_MS = 10_000;

export class Runner implements TrainingRunner {
  readonly events = new Emitter<RunnerEvents>();
  #resumedFrom: { runId: number; step: number; source: 'room' | 'local' } | null = null;
  #sample: string | null = null;
  #lastSampleAt = -Infinity;
  /** This run's last good model and its explosions (issue 16, recovery). */
  #guard = new ModelGuard();
  /** How long the last evaluation (with its sample) took. */
  #evaluationMs = 0;
  readonly #wakeup: Wakeup;
  readonly #window = new ReportWindow();
  readonly #staleness = new StalenessMeter();
  readonly #points = new PointCopies();
  #state: RoomState | undefined;
  #topology: PeerTopology | undefined;
  #node: AlgorithmNode | undefined;
  #prepared: PreparedRun | undefined;
  /** Bumped by every new run: a gradient computed for an older run is thrown away. */
  #generation = 0;
  #running = false;
  #waiting: string | null = 'not started';
  #error: string | null = null;
  #stepMs: number | null = null;
  #heldOut: { loss: number; accuracy: number } | null = null;
  #lastReportAt = -Infinity;
  #lastEvaluationAt = -Infinity;
  #staleAtLastStep: number | null = null;
  /** When the current uninterrupted 'wait' began (or the last retransmission), for retransmit(). */
  #waitingSince: number | null = null;

  constructor(private readonly options: RunnerOptions) {
    this.#wakeup = new Wakeup(options.timers);
    options.mesh.onMessage((message) => this.#onMessage(message));
  }

  /** The node's current model (null before the run is ready). A live view: copy it to keep it. */
  get model(): Vector | null {
    return this.#node?.model() ?? null;
  }

  /**
   * Starts the loop with the room's state and this node's first topology. `joinFromParent`: the room was
   * already training, so take the G_R parent's model before the first step instead of x⁰.
   */
  start(state: RoomState, topology: PeerTopology, options: { joinFromParent: boolean }): void {
    if (this.#running) throw new Error('runner already started');
    this.#running = true;
    this.#topology = topology;
    this.#applyFaults(state);
    this.#state = state;
    void this.#startRun(state, options.joinFromParent);
    void this.#loop();
  }

  /** A `topology` push: a newer epoch resets tracking per ALGORITHMS.md; older or equal epochs are ignored. */
  setTopology(topology: PeerTopology): void {
    if (this.#topology !== undefined && topology.epoch <= this.#topology.epoch) return;
    this.#topology = topology;
    const node = this.#node;
    if (node !== undefined) this.#sendAll(node.setTopology(topology));
    this.#wakeup.notify();
  }

  /** The room's state from a `control` event (or a re-join ack). */
  applyRoomState(state: RoomState): void {
    const previous = this.#state;
    this.#state = state;
    this.#applyFaults(state);
    if (this.#running && previous !== undefined && previous.runId !== state.runId) void this.#startRun(state, false);
    this.#wakeup.notify();
  }

  stop(): void {
    this.#running = false;
    this.#generation++;
    this.#wakeup.notify();
  }

  status(): TrainingStatus {
    return withLinkTotals(this.loopStatus(), this.options.mesh);
  }

  /** The status without the links' part (what a runner in the runner worker reports to the page). */
  loopStatus(): LoopStatus {
    const node = this.#node;
    const current = this.#window.current;
    return {
      epoch: this.#topology?.epoch ?? null,
      runId: this.#state?.runId ?? null,
      algorithm: node?.algorithm ?? this.#state?.settings.algorithm.name ?? null,
      dataset: this.#state?.settings.dataset ?? null,
      model: this.#state?.settings.model ?? null,
      roles: this.#topology === undefined ? null : rolesOf(this.#topology),
      step: node?.steps ?? 0,
      loss: current.loss,
      trainAccuracy: current.accuracy,
      heldOutAccuracy: this.#heldOut?.accuracy ?? null,
      heldOutLoss: this.#heldOut?.loss ?? null,
      sample: this.#sample,
      backend: this.#prepared?.backend ?? null,
      stepMs: this.#stepMs,
      staleness: this.#staleAtLastStep,
      delayScale: node?.delayScale ?? 1,
      informationAge: node?.informationAge ?? null,
      stragglerFactor: this.options.mesh.injector.stragglerFactor(),
      modelFinite: node === undefined ? true : allFinite(node.model()),
      skippedGradients: node?.skippedGradients ?? 0,
      recoveries: this.#guard.recoveries,
      quarantined: [...(node?.quarantined?.() ?? [])],
      paused: this.#state?.paused ?? false,
      waiting: this.#waiting,
      error: this.#error,
      resumedFrom: this.#resumedFrom,
    };
  }

  #applyFaults(state: RoomState): void {
    this.options.mesh.injector.update(state.faults);
  }

  async #startRun(state: RoomState, joinFromParent: boolean): Promise<void> {
    const generation = ++this.#generation;
    const { mesh, self } = this.options;
    this.#node = undefined;
    this.#waiting = 'preparing the model and data';
    this.#error = null;
    this.#stepMs = null;
    this.#heldOut = null;
    this.#sample = null;
    this.#lastSampleAt = -Infinity;
    this.#guard = new ModelGuard();
    this.#evaluationMs = 0;
    this.#staleAtLastStep = null;
    this.#waitingSince = null;
    this.#lastEvaluationAt = -Infinity;
    this.#window.reset();
    this.#staleness.clear();
    mesh.setRunId(state.runId);
    mesh.clearPending();
    const topology = this.#topology;
    if (topology === undefined) return;
    try {
      const shard = (this.options.chooseShard ?? ((_peer, t) => chooseShard(t)))(self, topology);
      const prepared = await this.options.setup.prepare({
        settings: state.settings,
        shard,
        samplerSeed: deriveSeed(state.settings.seed, hashPeerId(self)),
      });
      if (generation !== this.#generation) return;
      let x0 = prepared.x0;
      this.#resumedFrom = null;
      if (!joinFromParent && this.options.loadCheckpoint !== undefined) {
        const run = { runId: state.runId, dataset: state.settings.dataset, model: state.settings.model };
        const point = await this.options.loadCheckpoint(run);
        if (generation !== this.#generation) return;
        if (resumes(point, run, x0.length)) {
          x0 = point.values;
          this.#resumedFrom = { runId: point.runId, step: point.step, source: point.source ?? 'room' };
        }
      }
      const settings = state.settings.algorithm;
      const latest = this.#topology ?? topology; // the topology may have moved on while preparing
      this.#node = (this.options.createNode ?? createAlgorithmNode)(settings.name, {
        topology: latest,
        x0,
        learningRate: settings.learningRate,
        precision: 'f32',
        random: seededRandom(deriveSeed(state.settings.seed ^ state.runId, hashPeerId(self))),
        joinFromParent,
        params: settings.params,
        compression: state.settings.compression,
        sendsNow: (to, kind) => mesh.sendsNow(to, kind),
      });
      this.#prepared = prepared;
      this.#waiting = null;
    } catch (error) {
      if (generation === this.#generation) this.#fail(`cannot start run ${state.runId}: ${describeError(error)}`);
    }
    this.#wakeup.notify();
  }

  async #loop(): Promise<void> {
    while (this.#running) {
      // Messages held back by link pacing go out here too when a node stops offering (e.g. a blocked round).
      this.options.mesh.pump();
      try {
        await this.#tick();
      } catch (error) {
        // A failed step (worker error, backend lost) is reported and retried after a pause, never thrown.
        this.#fail(`step failed: ${describeError(error)}`);
        await this.#wakeup.wait(1_000);
      }
      this.#maybeReport();
    }
  }

  async #tick(): Promise<void> {
    const node = this.#node;
    const prepared = this.#prepared;
    const reportMs = this.options.reportIntervalMs ?? 500;
    if (node === undefined || prepared === undefined) {
      await this.#wakeup.wait(reportMs);
      return;
    }
    if (this.#state?.paused === true) {
      this.#waiting = 'paused';
      await this.#wakeup.wait(reportMs);
      return;
    }
    const generation = this.#generation;
    const plan = node.plan();
    const { timers, mesh } = this.options;
    if (plan.kind === 'wait') {
      this.#waiting = plan.reason;
      this.#maybeRetransmit(node, timers.now());
      await this.#wakeup.wait(this.options.waitTickMs ?? 20);
      return;
    }
    this.#waiting = null;
    this.#waitingSince = null;
    const started = timers.now();
    // Copies: the plan's vectors are the node's live state, which messages may change during the await.
    const result = await prepared.source.gradients(this.#points.of(plan.at), plan.batch);
    const computeMs = timers.now() - started;
    const factor = mesh.injector.stragglerFactor();
    if (factor > 1) await timers.sleep((factor - 1) * computeMs); // a worker timer: not throttled when hidden
    if (generation !== this.#generation || node !== this.#node) return; // a new run began meanwhile
    this.#sendAll(node.complete({ grads: result.gradients, loss: result.loss, losses: result.losses }));
    const stepMs = timers.now() - started;
    this.#stepMs = this.#stepMs === null ? stepMs : this.#stepMs + SMOOTHING * (stepMs - this.#stepMs);
    this.#window.add(result.loss, result.accuracy);
    this.#staleAtLastStep = this.#staleness.measure(timers.now());
    await this.#maybeEvaluate(node, prepared, generation);
  }

  #maybeRetransmit(node: AlgorithmNode, now: number): void {
    if (node.retransmit === undefined) return;
    if (this.#waitingSince === null) {
      this.#waitingSince = now;
      return;
    }
    const after = this.options.retransmitAfterMs ?? Math.max(250, 4 * (this.#stepMs ?? 0));
    if (now - this.#waitingSince < after) return;
    this.#waitingSince = now;
    this.#sendAll(node.retransmit());
  }

  async #maybeEvaluate(node: AlgorithmNode, prepared: PreparedRun, generation: number): Promise<void> {
    const timers = this.options.timers;
    const now = timers.now();
    // Evaluation (and a text sample) takes at most ~10% of the time: a costly model is evaluated less often.
    const interval = Math.max(this.options.evaluationIntervalMs ?? 3_000, EVALUATION_SHARE_FACTOR * this.#evaluationMs);
    if (now - this.#lastEvaluationAt < interval) return;
    this.#lastEvaluationAt = now;
    const step = node.steps;
    // The very weights evaluated travel with the result: an exported model carries its own held-out figures.
    const model = toFloat32(node.model());
    const result = await prepared.source.evaluate(model);
    if (generation !== this.#generation) return;
    this.#heldOut = { loss: result.loss, accuracy: result.accuracy };
    const healthy = this.#guard.judge(result.loss, model) === 'good';
    // A blown-up model goes back to the last good one and re-syncs from its parent; the step loop awaits this
    // evaluation, so no gradient is pending. The figures are still reported: the page shows what happened.
    if (!healthy && node === this.#node) node.recover?.(this.#guard.lastGood);
    this.events.emit('evaluation', { step, loss: result.loss, accuracy: result.accuracy, model, healthy, ...(result.samples === undefined ? {} : { samples: result.samples }) });
    const sample = prepared.source.sample;
    if (sample !== undefined && now - this.#lastSampleAt >= SAMPLE_INTERVAL_MS) {
      this.#lastSampleAt = now;
      const text = await sample(model);
      if (generation === this.#generation) this.#sample = text;
    }
    this.#evaluationMs = timers.now() - now;
  }

  #maybeReport(): void {
    const now = this.options.timers.now();
    if (now - this.#lastReportAt < (this.options.reportIntervalMs ?? 500)) return;
    this.#lastReportAt = now;
    this.#window.flush();
    // One loop status per report (it scans the model for NaN/Inf): the worker's page and the report share it.
    const loop = this.loopStatus();
    this.events.emit('status', loop);
    const status = withLinkTotals(loop, this.options.mesh);
    const report = metricsReport(status);
    if (report !== null) this.events.emit('report', report, status);
  }

  #onMessage(message: IncomingMessage): void {
    const node = this.#node;
    if (node === undefined) return; // preparing a run: the sender repeats its state at its next step
    try {
      const result = node.receive(message);
      if (!result.accepted) {
        this.options.mesh.countReject(message.from, result.reason);
        return;
      }
      this.#staleness.record(message.from, message.seq, this.options.timers.now());
      this.#sendAll(result.replies);
    } catch (error) {
      // receive() must not throw; if it does, the message is counted as malformed and the loop goes on.
      this.options.mesh.countReject(message.from, 'wrong-size');
      console.error(`runner: receive() threw on ${message.kind} from ${message.from}:`, error);
    }
    this.#wakeup.notify();
  }

  #sendAll(messages: readonly OutgoingMessage[]): void {
    for (const message of messages) this.options.mesh.send(message);
  }

  #fail(message: string): void {
    this.#error = message;
    console.error(`runner: ${message}`);
    this.events.emit('error', message);
  }
}
