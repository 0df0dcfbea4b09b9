/**
 * The runner's control flow with a cheap quadratic objective (no tfjs): pause/resume, a new run on a new
 * run id, a newcomer waiting for its parent's model, a synchronous algorithm that waits without blocking,
 * per-link counting of algorithm-level rejections, and schema-valid metrics reports at ≤ 2 Hz.
 */
import { buildTwoTrees, peerView, type AlgorithmName } from '@canopy/algorithms';
import { encodeMessage, initialRoomState, MetricsReportSchema, type MetricsReport, type RoomState } from '@canopy/protocol';
import { describe, expect, it } from 'vitest';
import { FaultInjector } from '../net/fault-injector';
import { memoryChannelPair, type MemoryChannel } from '../net/memory-channel';
import { Mesh, runTagOf } from '../net/mesh';
import { plainTimers } from '../net/timers';
import { seededRandom } from '../training/random';
import { quadraticOptimum, quadraticSetup } from './quadratic-setup';
import { Runner } from './runner';
import type { EvaluationResult } from './training-runner';
import type { TrainingSetup } from './gradient-source';

const DIMENSION = 64;

function roomState(algorithm: AlgorithmName = 'rfast', change: Partial<RoomState> = {}): RoomState {
  const initial = initialRoomState();
  return { ...initial, settings: { ...initial.settings, algorithm: { name: algorithm, learningRate: 0.2, batchSize: 32, params: {} } }, ...change };
}

function pair(minSendIntervalMs = 0, setup: TrainingSetup = quadraticSetup(DIMENSION)) {
  const topology = buildTwoTrees(['a', 'b'], { epoch: 1 });
  const [ab, ba] = memoryChannelPair();
  const make = (self: string, peer: string, index: number, channel: MemoryChannel) => {
    // No link pacing: this quadratic steps ~1000 times a second, so 100 ms would be ~100 steps of staleness.
    const mesh = new Mesh({ injector: new FaultInjector(self, seededRandom(index + 1)), timers: plainTimers, minSendIntervalMs });
    const link = mesh.attach(peer, channel);
    const runner = new Runner({
      self,
      mesh,
      timers: plainTimers,
      setup,
      chooseShard: () => ({ nodes: 2, node: index }),
      reportIntervalMs: 100,
      evaluationIntervalMs: 100,
    });
    return { runner, mesh, link, view: peerView(topology, self), channel };
  };
  return { a: make('a', 'b', 0, ab), b: make('b', 'a', 1, ba) };
}

async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function distanceToOptimum(runner: Runner): number {
  const optimum = quadraticOptimum(initialRoomState().settings.seed, 2, DIMENSION);
  const model = runner.model;
  if (model === null) return Infinity;
  return Math.max(...Array.from(model, (value, k) => Math.abs(value - (optimum[k] as number))));
}

describe('Runner', () => {
  it("reports R-FAST's step scale (status and metrics): the full step while messages flow every few steps, less once paced links space them far beyond D₀", async () => {
    const state = roomState();
    const run = async (pacingMs: number) => {
      const { a, b } = pair(pacingMs);
      const reported: number[] = [];
      a.runner.events.on('report', (report) => reported.push(report.delayScale));
      a.runner.start(state, a.view, { joinFromParent: false });
      b.runner.start(state, b.view, { joinFromParent: false });
      // The scale needs two messages on a link to know its gap; the quadratic steps hundreds of times per second.
      await until(() => a.link.stats.messagesReceived >= 4 && a.runner.status().step > 200, 'a few messages');
      const scale = a.runner.status().delayScale;
      await until(() => reported.length > 0 && reported.at(-1) === a.runner.status().delayScale, 'a report of the current scale');
      a.runner.stop();
      b.runner.stop();
      return { scale, reported };
    };
    const unpaced = await run(0);
    expect(unpaced.scale).toBe(1);
    expect(new Set(unpaced.reported)).toEqual(new Set([1]));
    // γ = 0.2 gives D₀ = 25 steps; 300 ms between messages is ~100+ steps here.
    const paced = await run(300);
    expect(paced.scale).toBeGreaterThan(0);
    expect(paced.scale).toBeLessThan(1);
    expect(Math.min(...paced.reported)).toBeLessThan(1);
  });

  it('stops stepping while paused and goes on after resume', async () => {
    const { a, b } = pair();
    const state = roomState();
    a.runner.start(state, a.view, { joinFromParent: false });
    b.runner.start(state, b.view, { joinFromParent: false });
    await until(() => a.runner.status().step > 5, 'a few steps');
    a.runner.applyRoomState({ ...state, paused: true });
    await new Promise((resolve) => setTimeout(resolve, 20)); // an in-flight step may still complete
    const pausedAt = a.runner.status().step;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(a.runner.status()).toMatchObject({ step: pausedAt, paused: true });
    a.runner.applyRoomState({ ...state, paused: false });
    await until(() => a.runner.status().step > pausedAt + 5, 'steps after resume');
    a.runner.stop();
    b.runner.stop();
  });

  it('converges with R-FAST, then starts a fresh node from x⁰ on a new run id (algorithm switch)', async () => {
    const { a, b } = pair();
    const state = roomState();
    a.runner.start(state, a.view, { joinFromParent: false });
    b.runner.start(state, b.view, { joinFromParent: false });
    await until(() => distanceToOptimum(a.runner) < 1e-3 && distanceToOptimum(b.runner) < 1e-3, 'R-FAST to converge');
    const before = a.runner.status().step;

    const next = roomState('allreduce', { runId: state.runId + 1 });
    a.runner.applyRoomState(next);
    await until(() => a.runner.status().algorithm === 'allreduce' && a.runner.model !== null, 'the new node');
    expect(a.runner.status().step).toBeLessThan(before);
    expect(distanceToOptimum(a.runner)).toBeGreaterThan(0.1); // back at x⁰ (zeros), not at the old optimum
    // b is still on the old run: a refuses its messages as another run's (their sequence numbers would
    // otherwise shadow the new run's in the latest-wins mailboxes).
    await until(() => (a.link.stats.rejects['other-run'] ?? 0) > 0, 'cross-run rejections');
    expect(a.runner.status().staleMessages).toBeGreaterThan(0);
    b.runner.applyRoomState(next);
    // AllReduce waits for its peer every round (plan() says 'wait'), yet both converge without blocking.
    await until(() => distanceToOptimum(a.runner) < 1e-3 && distanceToOptimum(b.runner) < 1e-3, 'AllReduce to converge');
    expect(a.runner.status().runId).toBe(next.runId);
    a.runner.stop();
    b.runner.stop();
  });

  it('a model that blows up goes back to its last good one (recovery), reported as unhealthy', async () => {
    // From its 300th gradient on, node a ascends (gradient −2(x − t)): its model diverges, as under an attack.
    const quadratic = quadraticSetup(DIMENSION);
    let calls = 0;
    const diverging: TrainingSetup = {
      async prepare(spec) {
        const run = await quadratic.prepare(spec);
        const gradients: typeof run.source.gradients = async (points, kind) => {
          const result = await run.source.gradients(points, kind);
          if (++calls < 300) return result;
          return { ...result, gradients: result.gradients.map((g) => g.map((value) => -2 * value)) };
        };
        return { ...run, source: { ...run.source, gradients } };
      },
    };
    const { a, b } = pair(0, diverging);
    const evaluations: { result: EvaluationResult; modelNow: number[] }[] = [];
    a.runner.events.on('evaluation', (result) => evaluations.push({ result, modelNow: Array.from(a.runner.model ?? []) }));
    const reports: MetricsReport[] = [];
    a.runner.events.on('report', (report) => reports.push(report));
    a.runner.start(roomState(), a.view, { joinFromParent: false }); // the root, alone: nothing to re-sync from
    await until(() => a.runner.status().recoveries >= 2, 'recoveries');
    await until(() => (reports.at(-1)?.recoveries ?? 0) >= 2, 'the metrics report to count them (the dashboard shows it)');
    expect(MetricsReportSchema.safeParse(reports.at(-1)).success).toBe(true);
    a.runner.stop();
    b.runner.stop();
    const blowUp = evaluations.findIndex((e) => !e.result.healthy);
    const lastGood = evaluations.slice(0, blowUp).findLast((e) => e.result.healthy);
    expect(lastGood).toBeDefined();
    expect(evaluations[blowUp]?.result.loss).toBeGreaterThan(3 * (lastGood?.result.loss ?? 0));
    // Right after the verdict the node's model is the last good one again, not the diverged one.
    expect(evaluations[blowUp]?.modelNow).toEqual(Array.from(lastGood?.result.model ?? []));
    expect(Array.from(evaluations[blowUp]?.result.model ?? [])).not.toEqual(Array.from(lastGood?.result.model ?? []));
  });

  it('a newcomer waits for its parent’s model before its first step', async () => {
    const { a, b } = pair();
    const state = roomState();
    b.runner.start(state, b.view, { joinFromParent: true }); // b's G_R parent is a
    await until(() => b.runner.status().waiting?.startsWith('joining') === true, 'b to wait for a model');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(b.runner.status().step).toBe(0);
    a.runner.start(state, a.view, { joinFromParent: false });
    await until(() => b.runner.status().step > 3, 'b to step once a’s model arrived');
    a.runner.stop();
    b.runner.stop();
  });

  it('counts algorithm-level rejections on the link (wrong size, wrong kind, not a neighbour) and keeps the model finite', async () => {
    const { a, b } = pair();
    const state = roomState();
    a.runner.start(state, a.view, { joinFromParent: false });
    await until(() => a.runner.model !== null, 'a ready');
    const send = (kind: 'model' | 'tracker' | 'gossip', payload: Float32Array | Float64Array, seq: number) => {
      const dtype = payload instanceof Float64Array ? 'f64' : 'f32';
      for (const frame of encodeMessage({ kind, epoch: 1, seq, dtype, flags: runTagOf(state.runId) }, payload, { messageId: seq })) b.channel.send(frame);
    };
    send('tracker', new Float64Array(DIMENSION + 1), 1); // b pushes trackers to a, but not of this size
    send('gossip', new Float32Array(DIMENSION), 2); // R-FAST has no gossip
    send('model', new Float32Array(DIMENSION), 3); // a is b's G_R parent: it pulls no model from b
    await until(() => a.link.stats.malformedFrames >= 3, 'rejections to be counted');
    expect(a.link.stats.rejects).toEqual({ 'wrong-size': 1, 'unexpected-kind': 1, 'not-a-neighbour': 1 });
    expect(a.runner.status()).toMatchObject({ modelFinite: true, malformedFrames: 3 });
    a.runner.stop();
    b.runner.stop();
  });

  it('reports schema-valid metrics no more often than its period', async () => {
    const { a, b } = pair();
    const reports: { report: MetricsReport; at: number }[] = [];
    a.runner.events.on('report', (report) => reports.push({ report, at: plainTimers.now() }));
    const state = roomState();
    a.runner.start(state, a.view, { joinFromParent: false });
    b.runner.start(state, b.view, { joinFromParent: false });
    await until(() => reports.length >= 4 && reports.some((r) => r.report.heldOutAccuracy !== null), 'a few reports');
    for (const { report } of reports) expect(MetricsReportSchema.safeParse(report).success).toBe(true);
    // `at` is read when the event fires, a little after the runner's own clock reading that gated the report,
    // and that lag varies (it builds the status in between): a few ms of slack, far below the period.
    for (let i = 1; i < reports.length; i++) expect((reports[i]?.at ?? 0) - (reports[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(100 - 5);
    const last = reports.at(-1)?.report;
    expect(last).toMatchObject({ runId: state.runId, epoch: 1, backend: 'cpu' });
    expect(last?.links).toEqual([expect.objectContaining({ peer: 'b', state: 'open' })]);
    expect(last?.bytesSent).toBeGreaterThan(0);
    a.runner.stop();
    b.runner.stop();
  });
});
