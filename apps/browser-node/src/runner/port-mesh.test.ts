import type { IncomingMessage } from '@canopy/algorithms';
import { describe, expect, it } from 'vitest';
import { runTagOf } from '../net/mesh';
import { idlePumpFor, PortMesh, type PortReport } from './port-mesh';

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
  });

  it('with nothing to send, posts at most once per idle interval (the page then pumps its links and answers)', () => {
    const posts: PortReport[] = [];
    const clock = { now: 0 };
    const mesh = new PortMesh('a', (report) => posts.push(report), { now: () => clock.now, idlePumpMs: 25 });
    const outboxes = (): number => posts.filter((p) => p.type === 'outbox').length;
    mesh.pump();
    expect(posts).toEqual([{ type: 'outbox', messages: [] }]);
    for (clock.now = 1; clock.now < 25; clock.now += 8) mesh.pump(); // steps 8 ms apart
    expect(outboxes()).toBe(1);
    clock.now = 25;
    mesh.pump();
    expect(outboxes()).toBe(2);
    // Something to send goes at once, whatever the interval.
    clock.now = 26;
    mesh.send({ to: 'b', kind: 'model', epoch: 1, seq: 1, payload: new Float32Array(2) });
    mesh.pump();
    expect(outboxes()).toBe(3);
  });

  it('pumps at a quarter of the links’ pacing, at most every 25 ms, and every step without pacing', () => {
    expect(idlePumpFor(400)).toBe(25);
    expect(idlePumpFor(15)).toBe(3.75);
    expect(idlePumpFor(0)).toBe(0);
  });

  it('forwards only algorithm-level refusals (frame-level ones are counted where the frames are)', () => {
    const posts: PortReport[] = [];
    const mesh = new PortMesh('a', (report) => posts.push(report));
    mesh.countReject('b', 'wrong-size');
    mesh.countReject('b', 'bad-magic');
    expect(posts).toEqual([{ type: 'reject', peer: 'b', reason: 'wrong-size' }]);
  });
});
