/**
 * The quadratic setup reports the loss at every point of a request, and the runner hands those losses to the
 * algorithm: PC-ASGD's practical variant needs them to choose θ per step instead of falling back to ½.
 */
import { buildTwoTrees, createNode, peerView, type GradientResult } from '@canopy/algorithms';
import { initialRoomState, type RoomState } from '@canopy/protocol';
import { describe, expect, it } from 'vitest';
import { FaultInjector } from '../net/fault-injector';
import { memoryChannelPair, type MemoryChannel } from '../net/memory-channel';
import { Mesh } from '../net/mesh';
import { plainTimers } from '../net/timers';
import { seededRandom } from '../training/random';
import { quadraticSetup, quadraticTarget } from './quadratic-setup';
import { Runner, type NodeFactory } from './runner';

const DIMENSION = 8;

describe('quadraticSetup', () => {
  it('returns ½‖x − t‖²/d at every point, in order, and the first one as `loss`', async () => {
    const settings = initialRoomState().settings;
    const { source } = await quadraticSetup(DIMENSION).prepare({ settings, shard: { nodes: 3, node: 1 }, samplerSeed: 0 });
    const target = quadraticTarget(settings.seed, 1, DIMENSION);
    const atTarget = Float32Array.from(target);
    const offByTwo = atTarget.map((v) => v + 2);
    const result = await source.gradients([offByTwo, atTarget], 'minibatch');
    expect(result.losses).toHaveLength(2);
    expect(result.losses[0]).toBeCloseTo(2, 5); // ½ · 2² per coordinate
    expect(result.losses[1]).toBeCloseTo(0, 5);
    expect(result.loss).toBe(result.losses[0]);
  });
});

describe('Runner → AlgorithmNode', () => {
  it('passes one loss per planned point to complete() (PC-ASGD plans two points once it hears a neighbour)', async () => {
    const topology = buildTwoTrees(['a', 'b'], { epoch: 1 });
    const [ab, ba] = memoryChannelPair();
    const planned: number[] = [];
    const completed: GradientResult[] = [];
    const recording: NodeFactory = (name, options) => {
      const node = createNode(name, options);
      const plan = node.plan.bind(node);
      const complete = node.complete.bind(node);
      node.plan = () => {
        const p = plan();
        if (p.kind === 'gradient') planned.push(p.at.length);
        return p;
      };
      node.complete = (result) => {
        completed.push(result);
        return complete(result);
      };
      return node;
    };
    const start = (self: string, peer: string, index: number, channel: MemoryChannel, createNodeFor?: NodeFactory): Runner => {
      const mesh = new Mesh({ injector: new FaultInjector(self, seededRandom(index + 1)), timers: plainTimers, minSendIntervalMs: 0 });
      mesh.attach(peer, channel);
      const runner = new Runner({ self, mesh, timers: plainTimers, setup: quadraticSetup(DIMENSION), chooseShard: () => ({ nodes: 2, node: index }), ...(createNodeFor ? { createNode: createNodeFor } : {}) });
      runner.start(pcAsgdRoom(), peerView(topology, self), { joinFromParent: false });
      return runner;
    };
    const runners = [start('a', 'b', 0, ab, recording), start('b', 'a', 1, ba)];
    const deadline = Date.now() + 10_000;
    while (!planned.some((n) => n === 2) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    for (const runner of runners) runner.stop();

    expect(planned).toContain(2);
    const count = Math.min(planned.length, completed.length);
    for (let i = 0; i < count; i++) expect(completed[i]?.losses).toHaveLength(planned[i] as number);
    const twoPoint = completed.find((r) => r.losses?.length === 2);
    expect(twoPoint?.losses?.[0]).toBe(twoPoint?.loss);
  });
});

function pcAsgdRoom(): RoomState {
  const initial = initialRoomState();
  return { ...initial, settings: { ...initial.settings, algorithm: { name: 'pc-asgd', learningRate: 0.2, batchSize: 32, params: {} } } };
}
