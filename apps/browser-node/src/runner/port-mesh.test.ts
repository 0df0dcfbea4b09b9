import type { IncomingMessage } from '@canopy/algorithms';
import { describe, expect, it } from 'vitest';
import { runTagOf } from '../net/mesh';
import { PortMesh, type PortReport } from './port-mesh';

const incoming = (seq: number): IncomingMessage => ({ from: 'b', kind: 'model', epoch: 1, seq, payload: new Float32Array(2) });

describe('PortMesh (the runner worker’s side of the links)', () => {
  it('hands the node only messages the page accepted for the current run; the rest count as other-run', () => {
    const posts: PortReport[] = [];
    const mesh = new PortMesh('a', (report) => posts.push(report));
    const seen: number[] = [];
    mesh.onMessage((message) => seen.push(message.seq));
    mesh.setRunId(3);
    mesh.deliver(incoming(1), runTagOf(3));
    mesh.deliver(incoming(2), runTagOf(2)); // accepted by the page just before it heard of run 3
    expect(seen).toEqual([1]);
    expect(posts.filter((p) => p.type === 'reject')).toEqual([{ type: 'reject', peer: 'b', reason: 'other-run' }]);
  });

  it('posts one outbox per task with the step’s messages, and flushes them before announcing a new run', async () => {
    const posts: PortReport[] = [];
    const mesh = new PortMesh('a', (report) => posts.push(report));
    const message = (seq: number) => ({ to: 'b', kind: 'model' as const, epoch: 1, seq, payload: new Float32Array(2) });
    mesh.send(message(1));
    mesh.send({ ...message(1), to: 'c' });
    await Promise.resolve();
    expect(posts).toEqual([{ type: 'outbox', messages: [message(1), { ...message(1), to: 'c' }] }]);
    mesh.send(message(2));
    mesh.setRunId(4);
    expect(posts.slice(1).map((p) => p.type)).toEqual(['outbox', 'run']);
    mesh.pump(); // nothing to send: still posted, so the page pumps its links and answers with their readiness
    expect(posts.at(-1)).toEqual({ type: 'outbox', messages: [] });
  });

  it('forwards only algorithm-level refusals (frame-level ones are counted where the frames are)', () => {
    const posts: PortReport[] = [];
    const mesh = new PortMesh('a', (report) => posts.push(report));
    mesh.countReject('b', 'wrong-size');
    mesh.countReject('b', 'bad-magic');
    expect(posts).toEqual([{ type: 'reject', peer: 'b', reason: 'wrong-size' }]);
  });
});
