/**
 * Integration in Node, no browser: two R-FAST runners connected by in-memory channels (data-channel
 * buffering semantics), 30% injected loss on every outgoing message, training the real MLP on real MNIST
 * shards with tfjs (wasm backend), through the same Runner, Mesh and FaultInjector the page uses.
 */
import { buildTwoTrees, peerView } from '@canopy/algorithms';
import { initialRoomState, type RoomState } from '@canopy/protocol';
import { beforeAll, describe, expect, it } from 'vitest';
import { FaultInjector } from '../net/fault-injector';
import { memoryChannelPair } from '../net/memory-channel';
import { Mesh } from '../net/mesh';
import { plainTimers } from '../net/timers';
import { activateBackend } from '../training/backend/backends';
import { loadMnistFromDisk } from '../training/data/node-asset';
import { seededRandom } from '../training/random';
import { createTrainer } from '../training/trainer';
import { inProcessSetup } from './in-process-setup';
import { Runner } from './runner';

const dataset = loadMnistFromDisk();
const LOSS = 0.3;

function roomState(): RoomState {
  const initial = initialRoomState();
  return {
    ...initial,
    settings: { ...initial.settings, algorithm: { name: 'rfast', learningRate: 0.1, batchSize: 32, params: {} } },
    faults: { ...initial.faults, loss: { p: LOSS, links: [], burst: null } },
  };
}

function node(self: string, peer: string, index: number, channel: ReturnType<typeof memoryChannelPair>[number]) {
  const mesh = new Mesh({ injector: new FaultInjector(self, seededRandom(100 + index)), timers: plainTimers });
  const link = mesh.attach(peer, channel);
  const runner = new Runner({
    self,
    mesh,
    timers: plainTimers,
    setup: inProcessSetup({ loadDataset: () => dataset, heldOutSamples: 500 }),
    chooseShard: () => ({ nodes: 2, node: index }), // disjoint halves of the 8,000 training digits
    evaluationIntervalMs: 1_000,
  });
  return { mesh, link, runner };
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
}

beforeAll(async () => {
  expect(await activateBackend('wasm')).toEqual({ ok: true });
});

describe('two R-FAST runners over lossy in-memory links', () => {
  it('train the MLP on MNIST shards to ≥ 85% held-out accuracy with 30% injected loss', async () => {
    const topology = buildTwoTrees(['a', 'b'], { epoch: 1 });
    const [ab, ba] = memoryChannelPair();
    const a = node('a', 'b', 0, ab);
    const b = node('b', 'a', 1, ba);
    const state = roomState();
    a.runner.start(state, peerView(topology, 'a'), { joinFromParent: false });
    b.runner.start(state, peerView(topology, 'b'), { joinFromParent: false });

    // The runners' own periodic evaluation (500 held-out digits) says when to stop. It stops at 90% so that the
    // independent judge below (2,000 digits, ≥ 85%) has a margin for sampling noise and for the paced links'
    // staleness (a model mixes its neighbour's state of up to a few hundred ms ago).
    const good = (r: Runner) => (r.status().heldOutAccuracy ?? 0) >= 0.9;
    await until(() => good(a.runner) && good(b.runner), 50_000);
    a.runner.stop();
    b.runner.stop();

    // Judge on the whole 2,000-digit held-out set, independently of the runners' own periodic evaluation.
    const judge = createTrainer({ model: 'mlp', dataset, shard: { nodes: 1, node: 0, partition: { kind: 'iid' }, seed: 1 }, batchSize: 32, samplerSeed: 1 });
    for (const { runner, link, mesh } of [a, b]) {
      const model = runner.model;
      expect(model).not.toBeNull();
      const result = await judge.evaluate(Float32Array.from(model ?? []));
      expect(result.samples).toBe(2000);
      expect(result.accuracy).toBeGreaterThanOrEqual(0.85);

      const status = runner.status();
      expect(status.modelFinite).toBe(true);
      expect(status.error).toBeNull();
      expect(status.malformedFrames).toBe(0);
      // Loss was really injected, at about the configured rate, and counted on the link.
      const { messages, drops } = mesh.injector.counters;
      expect(link.stats.injectedDrops).toBe(drops);
      expect(Math.abs(drops / messages - LOSS)).toBeLessThan(0.08);
      // The links carried the training traffic. They pace latest-wins kinds (Mesh DEFAULT_MIN_SEND_INTERVAL_MS,
      // a few messages per second), so the count depends on how long the run took: only a floor is asserted.
      expect(link.stats.messagesReceived).toBeGreaterThan(5);
    }
  });
});
