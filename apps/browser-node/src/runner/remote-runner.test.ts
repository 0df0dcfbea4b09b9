/**
 * The page/worker split in Node: each node's RemoteRunner (with the real Mesh over in-memory channels) talks
 * to a RunnerHost through a real MessageChannel, i.e. structured clone and task ordering as between a page
 * and its worker. The quadratic objective (no tfjs) has a known optimum.
 */
import { buildTwoTrees, createNode, peerView, type AlgorithmNode } from '@canopy/algorithms';
import { initialRoomState, MetricsReportSchema, type MetricsReport, type RoomState } from '@canopy/protocol';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { FaultInjector } from '../net/fault-injector';
import { memoryChannelPair } from '../net/memory-channel';
import { Mesh } from '../net/mesh';
import { plainTimers } from '../net/timers';
import { seededRandom } from '../training/random';
import { quadraticOptimum, quadraticSetup } from './quadratic-setup';
import { RemoteRunner, type RunnerPort } from './remote-runner';
import { RunnerHost } from './runner-host';

const DIMENSION = 64;
const ports: MessagePort[] = [];

afterEach(() => {
  for (const port of ports.splice(0)) port.close();
});

function roomState(change: Partial<RoomState['settings']> = {}): RoomState {
  const initial = initialRoomState();
  return { ...initial, settings: { ...initial.settings, algorithm: { name: 'rfast', learningRate: 0.2, batchSize: 32, params: {} }, ...change } };
}

/** A RunnerHost behind a MessageChannel; `nodes` collects the algorithm nodes it builds. */
function worker() {
  const { port1: page, port2: inside } = new MessageChannel();
  ports.push(page, inside);
  const nodes: AlgorithmNode[] = [];
  const host = new RunnerHost({
    post: (message) => inside.postMessage(message),
    setup: () => ({ ...quadraticSetup(DIMENSION), ranking: [] }),
    timers: plainTimers,
    createNode: (name, options) => {
      const node = createNode(name, options);
      nodes.push(node);
      return node;
    },
  });
  inside.on('message', (data: unknown) => host.handle(data));
  return { page: page as unknown as RunnerPort & MessagePort, host, nodes };
}

function pair(minSendIntervalMs: number) {
  const topology = buildTwoTrees(['a', 'b'], { epoch: 1 });
  const [ab, ba] = memoryChannelPair();
  const make = (self: string, peer: string, index: number, channel: typeof ab) => {
    const mesh = new Mesh({ injector: new FaultInjector(self, seededRandom(index + 1)), timers: plainTimers, minSendIntervalMs });
    mesh.attach(peer, channel);
    const inside = worker();
    inside.page.start();
    const runner = new RemoteRunner({
      session: 1,
      self,
      mesh,
      port: inside.page,
      compute: { baseUrl: 'http://localhost/' },
      tuning: { reportIntervalMs: 100, evaluationIntervalMs: 100 },
    });
    return { runner, mesh, view: peerView(topology, self), ...inside };
  };
  return { a: make('a', 'b', 0, ab), b: make('b', 'a', 1, ba) };
}

async function until(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Worst coordinate distance of the latest node's model to the optimum of the two nodes' mean loss. */
function distance(nodes: readonly AlgorithmNode[]): number {
  const node = nodes.at(-1);
  if (node === undefined) return Infinity;
  const optimum = quadraticOptimum(initialRoomState().settings.seed, 2, DIMENSION);
  return Math.max(...Array.from(node.model(), (value, k) => Math.abs(value - (optimum[k] as number))));
}

describe('RemoteRunner + RunnerHost (the page/worker split)', () => {
  it('trains R-FAST to the optimum over paced links, reporting schema-valid metrics with the links’ counters', async () => {
    const { a, b } = pair(20);
    const reports: MetricsReport[] = [];
    a.runner.events.on('report', (report) => reports.push(report));
    const state = roomState();
    a.runner.start(state, a.view, { joinFromParent: false });
    b.runner.start(state, b.view, { joinFromParent: false });
    await until(() => distance(a.nodes) < 1e-3 && distance(b.nodes) < 1e-3, 'R-FAST to converge');
    await until(() => reports.length >= 3, 'a few reports');
    for (const report of reports) expect(MetricsReportSchema.safeParse(report).success).toBe(true);
    const status = a.runner.status();
    expect(status).toMatchObject({ algorithm: 'rfast', backend: 'cpu', malformedFrames: 0, modelFinite: true, paused: false, waiting: null });
    expect(status.step).toBeGreaterThan(20);
    expect(status.links).toEqual([expect.objectContaining({ peer: 'b', state: 'open' })]);
    expect(status.messagesSent).toBeGreaterThan(0);
    expect(status.messagesReceived).toBeGreaterThan(0);
    // Paced links: far fewer messages than steps, and none built only to be replaced (the node asks sendsNow,
    // the outbox answers for the page's links), so no vector crossed threads just to be superseded.
    expect(status.messagesSent).toBeLessThan(status.step / 2);
    expect(status.links[0]?.replacedBeforeLink).toBe(0);
    expect(status.links[0]?.superseded).toBe(0);
    expect(a.runner.malformed + b.runner.malformed + a.host.malformed + b.host.malformed).toBe(0);
    a.runner.stop();
    b.runner.stop();
  });

  it('tells the worker to pump the links at a quarter of their pacing (the tuning given wins)', () => {
    const posted: unknown[] = [];
    const port: RunnerPort = { postMessage: (message) => posted.push(message), addEventListener: () => undefined, removeEventListener: () => undefined };
    const start = (minSendIntervalMs: number, tuning = {}) => {
      const mesh = new Mesh({ injector: new FaultInjector('a', seededRandom(1)), timers: plainTimers, minSendIntervalMs });
      new RemoteRunner({ session: 1, self: 'a', mesh, port, compute: { baseUrl: 'http://localhost/' }, tuning }).start(roomState(), peerView(buildTwoTrees(['a']), 'a'), { joinFromParent: false });
      return (posted.at(-1) as { tuning: { idlePumpMs?: number } }).tuning.idlePumpMs;
    };
    expect(start(40)).toBe(10);
    expect(start(400)).toBe(25);
    expect(start(40, { idlePumpMs: 2 })).toBe(2);
  });

  it('keeps compressed R-FAST’s keyframe chain intact through the outbox: no delta ever misses its keyframe', async () => {
    const { a, b } = pair(15);
    const state = roomState({ compression: { name: 'q8', keyframeEvery: 4 } });
    a.runner.start(state, a.view, { joinFromParent: false });
    b.runner.start(state, b.view, { joinFromParent: false });
    // Converged, over enough messages to have crossed several keyframes (a fast run converged after 9, which said
    // nothing about the chain and failed a count asserted afterwards).
    const received = (): number => Math.min(a.runner.status().messagesReceived, b.runner.status().messagesReceived);
    await until(() => distance(a.nodes) < 0.02 && distance(b.nodes) < 0.02 && received() > 10, 'compressed R-FAST to converge over > 10 messages');
    for (const side of [a, b]) {
      const status = side.runner.status();
      expect(status.messagesReceived).toBeGreaterThan(10);
      expect(status.staleMessages).toBe(0);
      expect(status.malformedFrames).toBe(0);
      expect(status.links[0]?.rejects).toEqual({});
    }
    a.runner.stop();
    b.runner.stop();
  });

  it('pauses and resumes the worker’s loop, and stop() ends it', async () => {
    const { a, b } = pair(20);
    const state = roomState();
    a.runner.start(state, a.view, { joinFromParent: false });
    b.runner.start(state, b.view, { joinFromParent: false });
    await until(() => a.runner.status().step > 5, 'a few steps');
    a.runner.applyRoomState({ ...state, paused: true });
    await until(() => a.runner.status().paused, 'the pause to be reported');
    const pausedAt = a.nodes.at(-1)?.steps ?? 0;
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(a.nodes.at(-1)?.steps).toBe(pausedAt);
    a.runner.applyRoomState(state);
    await until(() => (a.nodes.at(-1)?.steps ?? 0) > pausedAt + 5, 'steps after resume');
    a.runner.stop();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const stoppedAt = a.nodes.at(-1)?.steps ?? 0;
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(a.nodes.at(-1)?.steps).toBe(stoppedAt);
    b.runner.stop();
  });

  it('drops malformed messages on both sides and counts them; a replaced session’s replies are ignored', async () => {
    const { a, b } = pair(20);
    for (const bad of [null, 42, { type: 'start' }, { type: 'incoming', session: 1, message: { from: 'b', kind: 'model', epoch: 1, seq: 1, payload: [1, 2] } }]) a.host.handle(bad);
    expect(a.host.malformed).toBe(4);
    // From the worker's side of the channel, a message the page cannot parse, and one of another session.
    const { port1: fakeInside, port2: page } = new MessageChannel();
    ports.push(fakeInside, page);
    page.start();
    const runner = new RemoteRunner({ session: 7, self: 'x', mesh: a.mesh, port: page as unknown as RunnerPort, compute: { baseUrl: 'http://localhost/' } });
    const errors: string[] = [];
    runner.events.on('error', (message) => errors.push(message));
    fakeInside.postMessage({ type: 'error', session: 'seven', message: 'x' });
    fakeInside.postMessage({ type: 'error', session: 6, message: 'from an older session' });
    fakeInside.postMessage({ type: 'error', session: 7, message: 'real' });
    await until(() => errors.length > 0, 'the real error');
    expect(errors).toEqual(['real']);
    expect(runner.malformed).toBe(1);
    runner.stop();
    b.runner.stop();
  });
});
