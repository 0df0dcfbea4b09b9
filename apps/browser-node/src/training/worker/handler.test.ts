import { beforeAll, describe, expect, it } from 'vitest';
import { mnistAssetBytes } from '../data/node-asset';
import { createModel } from '../model/model';
import { WorkerSession, type Reply } from './handler';
import type { InitRequest } from './protocol';
import { createTfTrainer } from './tf-trainer';

function initRequest(bytes: ArrayBuffer = mnistAssetBytes().buffer as ArrayBuffer): InitRequest {
  return {
    type: 'init',
    model: 'mlp',
    backend: { forced: 'wasm' },
    dataset: { source: 'bytes', bytes },
    shard: { nodes: 2, node: 1, partition: { kind: 'dirichlet', alpha: 0.5 }, seed: 3 },
    batchSize: 32,
    initSeed: 11,
    samplerSeed: 12,
    heldOutSamples: 500,
  };
}

function expectError(reply: Reply, reason: string, text: RegExp, requestId?: number): void {
  expect(reply.message.type).toBe('error');
  if (reply.message.type !== 'error') return;
  expect(reply.message.reason).toBe(reason);
  expect(reply.message.message).toMatch(text);
  expect(reply.message.requestId).toBe(requestId);
}

describe('worker message handler (real tfjs trainer, wasm)', () => {
  const session = new WorkerSession(createTfTrainer);
  let ready: Reply;
  const parameterCount = createModel('mlp').parameterCount;

  beforeAll(async () => {
    ready = await session.handle(initRequest());
  });

  it('init → ready with backend, ranking, sizes and the common x⁰ (transferred)', () => {
    const message = ready.message;
    expect(message.type).toBe('ready');
    if (message.type !== 'ready') return;
    expect(message.backend).toBe('wasm');
    expect(message.ranking.map((t) => t.backend)).toEqual(['wasm']);
    expect(message.parameterCount).toBe(parameterCount);
    expect(message.shardSize).toBeGreaterThanOrEqual(32);
    expect(message.x0).toEqual(createModel('mlp').initialParameters(11));
    expect(ready.transfer).toEqual([message.x0.buffer]);
  });

  it('gradient → gradient-result for the same requestId, one gradient per point, buffers transferred', async () => {
    const x0 = createModel('mlp').initialParameters(11);
    const reply = await session.handle({ type: 'gradient', requestId: 7, points: [x0, x0], batch: 'minibatch' });
    expect(reply.message.type).toBe('gradient-result');
    if (reply.message.type !== 'gradient-result') return;
    expect(reply.message.requestId).toBe(7);
    expect(reply.message.gradients).toHaveLength(2);
    expect(reply.message.gradients[0]).toHaveLength(parameterCount);
    expect(reply.message.gradients[1]).toEqual(reply.message.gradients[0]);
    expect(Number.isFinite(reply.message.loss) && reply.message.loss > 0).toBe(true);
    expect(reply.message.losses).toEqual([reply.message.loss, reply.message.loss]); // same point twice
    expect(reply.message.computeMs).toBeGreaterThanOrEqual(0);
    expect(reply.transfer).toEqual(reply.message.gradients.map((g) => g.buffer));
  });

  it('gradient-result carries the loss at each point, in the order of the points', async () => {
    const x0 = createModel('mlp').initialParameters(11);
    const zero = new Float32Array(parameterCount); // all-zero logits: loss ln 10 on any batch
    const reply = await session.handle({ type: 'gradient', requestId: 10, points: [x0, zero], batch: 'minibatch' });
    if (reply.message.type !== 'gradient-result') throw new Error(`expected gradient-result, got ${reply.message.type}`);
    expect(reply.message.losses).toHaveLength(2);
    expect(reply.message.losses[0]).toBe(reply.message.loss);
    expect(reply.message.losses[1]).toBeCloseTo(Math.log(10), 5);
    expect(reply.message.losses[0]).not.toBeCloseTo(Math.log(10), 3);
  });

  it('evaluate → evaluation on the held-out samples', async () => {
    const reply = await session.handle({ type: 'evaluate', requestId: 8, params: createModel('mlp').initialParameters(11) });
    expect(reply.message).toMatchObject({ type: 'evaluation', requestId: 8, samples: 500 });
  });

  it('rejects malformed messages with a reason, keeping the requestId when one is readable', async () => {
    expectError(await session.handle({ type: 'gradient', requestId: 3, points: [[1, 2]], batch: 'minibatch' }), 'malformed-message', /Float32Array/, 3);
    expectError(await session.handle('hello'), 'malformed-message', /malformed message/);
    expectError(await session.handle({ type: 'train', requestId: 4 }), 'malformed-message', /type/, 4);
    expectError(await session.handle({ type: 'evaluate', requestId: -1, params: new Float32Array(2) }), 'malformed-message', /requestId/);
    expect(session.malformed).toBe(4);
  });

  it('rejects a vector of the wrong size', async () => {
    expectError(await session.handle({ type: 'evaluate', requestId: 9, params: new Float32Array(10) }), 'wrong-size', /10 values/, 9);
  });

  it('a second init replaces the trainer (new shard) and reuses the calibrated backend', async () => {
    const reinit = await session.handle({ ...initRequest(), shard: { nodes: 4, node: 0, partition: { kind: 'iid' }, seed: 3 } });
    expect(reinit.message).toMatchObject({ type: 'ready', backend: 'wasm', shardSize: 2000 });
    if (reinit.message.type !== 'ready' || ready.message.type !== 'ready') return;
    expect(reinit.message.ranking).toEqual(ready.message.ranking); // same measurement object, not re-run
  });
});

describe('worker message handler before or without a trainer', () => {
  it('answers compute requests before init with not-initialised', async () => {
    const session = new WorkerSession(createTfTrainer);
    expectError(await session.handle({ type: 'evaluate', requestId: 1, params: new Float32Array(4) }), 'not-initialised', /before a successful 'init'/, 1);
  });

  it('reports a broken dataset as init-failed, then can still be initialised', async () => {
    const session = new WorkerSession(createTfTrainer);
    expectError(await session.handle(initRequest(new ArrayBuffer(100))), 'init-failed', /magic/);
    expect((await session.handle(initRequest())).message.type).toBe('ready');
  });

  it('rejects an init whose shard node is out of range', async () => {
    const session = new WorkerSession(createTfTrainer);
    const bad = { ...initRequest(new ArrayBuffer(8)), shard: { nodes: 2, node: 2, partition: { kind: 'iid' }, seed: 0 } };
    expectError(await session.handle(bad), 'malformed-message', /node must be < shard.nodes/);
  });
});
