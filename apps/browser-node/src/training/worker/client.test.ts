/**
 * ComputeClient against a WorkerSession over a real MessageChannel (structured clone + transfer, as with a
 * Worker), with a fake trainer so the plumbing is tested without tfjs: gradient = 2·x + batch counter.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Model } from '../model/model';
import type { Trainer } from '../trainer';
import { ComputeClient, ComputeError, type ComputeOptions, type WorkerPort } from './client';
import { WorkerSession, type TrainerFactory } from './handler';

const SIZE = 6;

function fakeTrainer(): Trainer {
  let batches = 0;
  const model = { parameterCount: SIZE, initialParameters: (seed: number) => new Float32Array(SIZE).fill(seed) } as unknown as Model;
  return {
    model,
    shardSize: 100,
    batchSize: 10,
    async gradients(points) {
      batches++;
      // Loss at a point: its first value plus the batch counter, so each point's loss is distinguishable.
      const losses = points.map((p) => (p[0] ?? 0) + batches);
      // A request of 3 points gets 2 gradients back: a worker breaking the one-per-point contract.
      const answered = points.length === 3 ? points.slice(0, 2) : points;
      return { loss: losses[0] ?? 0, accuracy: 0.5, gradients: answered.map((p) => p.map((v) => 2 * v + batches)), losses: losses.slice(0, answered.length) };
    },
    async evaluate(params) {
      if (params[0] === 666) throw new Error('model exploded');
      return { loss: params[0] ?? 0, accuracy: 0.25, samples: 40 };
    },
  };
}

const fakeFactory: TrainerFactory = async (init) => {
  if (init.batchSize === 13) throw new Error('unlucky batch size');
  return { trainer: fakeTrainer(), backend: { backend: 'cpu', msPerStep: 4, ranking: [{ backend: 'cpu', status: 'ok', msPerStep: 4, samplesMs: [4] }] } };
};

const options: ComputeOptions = {
  model: 'mlp',
  dataset: { url: 'https://example.invalid/data/mnist.bin' },
  shard: { nodes: 2, node: 0, partition: { kind: 'iid' }, seed: 1 },
  batchSize: 10,
  initSeed: 3,
  samplerSeed: 4,
};

const channels: MessageChannel[] = [];
afterEach(() => {
  for (const c of channels.splice(0)) {
    c.port1.close();
    c.port2.close();
  }
});

/** The worker side runs a WorkerSession on port2; the client talks to port1. */
function connect(): { port: WorkerPort; workerSide: MessagePort } {
  const channel = new MessageChannel();
  channels.push(channel);
  const session = new WorkerSession(fakeFactory);
  channel.port2.addEventListener('message', (event) => {
    void session.handle(event.data).then(({ message, transfer }) => channel.port2.postMessage(message, transfer));
  });
  channel.port2.start();
  channel.port1.start();
  const port: WorkerPort = {
    postMessage: (message, transfer) => channel.port1.postMessage(message, transfer),
    addEventListener: (type: 'message' | 'error', listener: (event: never) => void) => channel.port1.addEventListener(type, listener as () => void),
    terminate: () => channel.port1.close(),
  };
  return { port, workerSide: channel.port2 };
}

describe('ComputeClient', () => {
  it('start resolves with the worker info, including x⁰', async () => {
    const client = await ComputeClient.start(connect().port, options);
    expect(client.info.backend).toBe('cpu');
    expect(client.info.parameterCount).toBe(SIZE);
    expect(client.info.shardSize).toBe(100);
    expect(Array.from(client.info.x0)).toEqual(new Array(SIZE).fill(3));
  });

  it('gradient round-trips and leaves the caller\'s vector usable (it sends a transferred copy)', async () => {
    const client = await ComputeClient.start(connect().port, options);
    const x = Float32Array.from({ length: SIZE }, (_, i) => i);
    const first = await client.gradient(x);
    expect(x.length).toBe(SIZE); // not detached
    expect(Array.from(first.gradient)).toEqual([1, 3, 5, 7, 9, 11]);
    expect(first.loss).toBe(1);
    const second = await client.gradient(x);
    expect(second.gradient[0]).toBe(2); // second batch
  });

  it('returns the loss at every point, in order, alongside the gradients', async () => {
    const client = await ComputeClient.start(connect().port, options);
    const reply = await client.gradients([new Float32Array(SIZE).fill(1), new Float32Array(SIZE).fill(5)], 'minibatch');
    expect(reply.losses).toEqual([2, 6]);
    expect(reply.loss).toBe(2);
    const single = await client.gradient(new Float32Array(SIZE).fill(7));
    expect(single.loss).toBe(9); // second batch
  });

  it('rejects a reply whose gradient count differs from the points asked for', async () => {
    const client = await ComputeClient.start(connect().port, options);
    const points = [1, 2, 3].map((v) => new Float32Array(SIZE).fill(v));
    await expect(client.gradients(points, 'minibatch')).rejects.toMatchObject({ reason: 'malformed-message', message: /asked for 3 gradients, got 2/ });
  });

  it('matches concurrent replies to their requests', async () => {
    const client = await ComputeClient.start(connect().port, options);
    const [a, b, e] = await Promise.all([
      client.gradients([new Float32Array(SIZE).fill(1), new Float32Array(SIZE).fill(5)], 'minibatch'),
      client.gradient(new Float32Array(SIZE).fill(10)),
      client.evaluate(new Float32Array(SIZE).fill(0.75)),
    ]);
    expect(a.gradients.map((g) => g[0])).toEqual([3, 11]);
    expect(b.gradient[0]).toBe(22);
    expect(e).toMatchObject({ loss: 0.75, accuracy: 0.25, samples: 40 });
  });

  it('turns worker errors into ComputeError with the machine-readable reason', async () => {
    const client = await ComputeClient.start(connect().port, options);
    await expect(client.evaluate(new Float32Array(SIZE).fill(666))).rejects.toMatchObject({ reason: 'compute-failed', message: /model exploded/ });
    await expect(client.gradient(new Float32Array(2))).rejects.toMatchObject({ reason: 'wrong-size' });
    expect((await client.evaluate(new Float32Array(SIZE))).samples).toBe(40); // still usable
  });

  it('a failed init rejects start', async () => {
    const attempt = ComputeClient.start(connect().port, { ...options, batchSize: 13 });
    await expect(attempt).rejects.toBeInstanceOf(ComputeError);
    await expect(attempt).rejects.toMatchObject({ reason: 'init-failed', message: /unlucky batch size/ });
  });

  it('counts malformed or unmatched messages from the worker and ignores them', async () => {
    const { port, workerSide } = connect();
    const client = await ComputeClient.start(port, options);
    workerSide.postMessage({ type: 'gradient-result', requestId: 'x' });
    workerSide.postMessage({ type: 'evaluation', requestId: 99, loss: 0, accuracy: 0, samples: 1, computeMs: 0 });
    expect((await client.evaluate(new Float32Array(SIZE))).samples).toBe(40);
    expect(client.malformed).toBe(2);
  });

  it('reinit switches the worker to a new run', async () => {
    const client = await ComputeClient.start(connect().port, options);
    const info = await client.reinit({ ...options, initSeed: 8 });
    expect(info.x0[0]).toBe(8);
    expect(client.info.x0[0]).toBe(8);
    expect((await client.gradient(new Float32Array(SIZE))).gradient[0]).toBe(1); // fresh trainer: first batch
  });

  it('terminate rejects pending and later calls', async () => {
    const client = await ComputeClient.start(connect().port, options);
    const pending = client.gradient(new Float32Array(SIZE));
    client.terminate();
    await expect(pending).rejects.toMatchObject({ reason: 'terminated' });
    await expect(client.evaluate(new Float32Array(SIZE))).rejects.toMatchObject({ reason: 'terminated' });
  });
});
