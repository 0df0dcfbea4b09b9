import type { IncomingMessage } from '@canopy/algorithms';
import { encodeMessage, noFaults } from '@canopy/protocol';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../training/random';
import { FaultInjector } from './fault-injector';
import { memoryChannelPair } from './memory-channel';
import { Mesh } from './mesh';
import { plainTimers, type Timers } from './timers';

/** Pacing is off unless a test asks for it (the clock is real time here). */
function meshPair(p = 0, timers: Timers = plainTimers, minSendIntervalMs = 0) {
  const injectorA = new FaultInjector('a', seededRandom(1));
  injectorA.update({ ...noFaults(), loss: { p, links: [], burst: null } });
  const a = new Mesh({ injector: injectorA, timers, maxChunkBytes: 16 * 1024, minSendIntervalMs });
  const b = new Mesh({ injector: new FaultInjector('b', seededRandom(2)), timers: plainTimers });
  const [ab, ba] = memoryChannelPair();
  const linkA = a.attach('b', ab);
  const linkB = b.attach('a', ba);
  const received: IncomingMessage[] = [];
  b.events.on('message', (message) => received.push(message));
  return { a, b, linkA, linkB, received, wireToB: ab, arrivingAtB: ba };
}

const opened = (m: Mesh) => new Promise<void>((resolve) => m.events.on('link-state', (_peer, state) => state === 'open' && resolve()));
const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('Mesh', () => {
  it('delivers a chunked vector whole, with its header, as Float64 when sent as Float64', async () => {
    const { a, received, linkA } = meshPair();
    await opened(a);
    const payload = Float64Array.from({ length: 10_000 }, (_, i) => i / 3);
    a.send({ to: 'b', kind: 'tracker', epoch: 4, seq: 9, echo: 0xbeef, payload });
    await settle();
    expect(received).toHaveLength(1);
    const [message] = received;
    expect(message).toMatchObject({ from: 'a', kind: 'tracker', epoch: 4, seq: 9, echo: 0xbeef });
    expect(message?.payload).toBeInstanceOf(Float64Array);
    expect(Array.from(message?.payload ?? [])).toEqual(Array.from(payload));
    expect(linkA.stats.bytesSent).toBeGreaterThan(80_000);
  });

  it('frames only what the link sends: of a burst queued before the channel opens, only the newest goes', async () => {
    const { a, received, linkA } = meshPair();
    for (let seq = 0; seq < 5; seq++) a.send({ to: 'b', kind: 'model', epoch: 0, seq, payload: new Float32Array(100).fill(seq) });
    await opened(a);
    await settle();
    expect(received.map((m) => [m.seq, m.payload[0]])).toEqual([[4, 4]]);
    expect(linkA.stats).toMatchObject({ superseded: 4, messagesSent: 1 });
    expect(linkA.stats.bytesSent).toBeLessThan(2 * 100 * 4); // one message's frames, not five
  });

  it('paces a latest-wins kind per link: held back until pump() after the interval, then the newest goes', async () => {
    const clock = { now: 0 };
    const { a, received } = meshPair(0, { ...plainTimers, now: () => clock.now }, 100);
    await opened(a);
    a.send({ to: 'b', kind: 'model', epoch: 1, seq: 1, payload: Float32Array.of(1) });
    clock.now = 30;
    a.send({ to: 'b', kind: 'model', epoch: 1, seq: 2, payload: Float32Array.of(2) });
    a.send({ to: 'b', kind: 'model', epoch: 1, seq: 3, payload: Float32Array.of(3) });
    a.pump();
    await settle();
    expect(received.map((m) => m.seq)).toEqual([1]);
    clock.now = 100;
    a.pump();
    await settle();
    expect(received.map((m) => m.seq)).toEqual([1, 3]);
  });

  it('drops injected-loss messages whole: every delivered message is complete, drops are counted', async () => {
    const { a, linkA, linkB, received } = meshPair(0.3);
    await opened(a);
    const sent = 400;
    for (let seq = 0; seq < sent; seq++) {
      // 5 chunks each; one message per macrotask so latest-wins never supersedes one.
      a.send({ to: 'b', kind: 'model', epoch: 1, seq, payload: new Float32Array(20_000).fill(seq) });
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    await settle();
    expect(linkA.stats.injectedDrops + received.length).toBe(sent);
    expect(Math.abs(linkA.stats.injectedDrops / sent - 0.3)).toBeLessThan(0.1);
    for (const message of received) expect(message.payload.every((v) => v === message.seq)).toBe(true);
    expect(linkB.stats.malformedFrames).toBe(0);
    expect(linkB.receiver.bufferedBytes).toBe(0); // nothing partial left behind
  });

  it('counts malformed chunks and NaN payloads on the receiving link and never delivers them', async () => {
    const { a, received, linkB, wireToB, arrivingAtB } = meshPair();
    await opened(a);
    // Garbage, a truncated frame, a string, and a frame whose payload holds a NaN.
    const good = encodeMessage({ kind: 'model', epoch: 1, seq: 1, dtype: 'f32' }, Float32Array.of(1, 2, 3), { messageId: 1 });
    const nan = encodeMessage({ kind: 'model', epoch: 1, seq: 2, dtype: 'f32' }, Float32Array.of(1, Number.NaN, 3), { messageId: 2 });
    const inf = encodeMessage({ kind: 'tracker', epoch: 1, seq: 3, dtype: 'f64' }, Float64Array.of(Infinity), { messageId: 3 });
    wireToB.send(Uint8Array.of(1, 2, 3, 4, 5));
    wireToB.send((good[0] as Uint8Array).subarray(0, 40));
    wireToB.send(nan[0] as Uint8Array);
    wireToB.send(inf[0] as Uint8Array);
    arrivingAtB.events.emit('data', 'not binary'); // what a browser hands over for a text message
    await settle();
    expect(received).toHaveLength(0);
    expect(linkB.stats.rejects).toEqual({ 'too-short': 1, 'bad-length': 1, 'non-finite': 2, 'not-binary': 1 });
    expect(linkB.stats.malformedFrames).toBe(5);
    expect(linkB.stats.messagesReceived).toBe(0);
    // After all that, a good frame still gets through.
    wireToB.send(good[0] as Uint8Array);
    await settle();
    expect(received.map((m) => Array.from(m.payload))).toEqual([[1, 2, 3]]);
  });

  it('counts a message to a peer without a link instead of throwing', () => {
    const { a } = meshPair();
    a.send({ to: 'nobody', kind: 'model', epoch: 0, seq: 0, payload: new Float32Array(1) });
    expect(a.unroutable).toBe(1);
  });

  it('delays messages as injected, then delivers them', async () => {
    const injector = new FaultInjector('a', seededRandom(1));
    injector.update({ ...noFaults(), delay: { meanMs: 30, jitterMs: 0 } });
    const sleeps: number[] = [];
    const timers = { ...plainTimers, sleep: (ms: number) => (sleeps.push(ms), plainTimers.sleep(ms)) };
    const a = new Mesh({ injector, timers });
    const b = new Mesh({ injector: new FaultInjector('b', seededRandom(2)), timers: plainTimers });
    const [ab, ba] = memoryChannelPair();
    const link = a.attach('b', ab);
    b.attach('a', ba);
    const received: IncomingMessage[] = [];
    b.events.on('message', (m) => received.push(m));
    await opened(a);
    a.send({ to: 'b', kind: 'model', epoch: 0, seq: 0, payload: new Float32Array(4) });
    await settle();
    expect(received).toHaveLength(0);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(received).toHaveLength(1);
    expect(sleeps).toEqual([30]);
    expect(link.stats.injectedDelays).toBe(1);
  });

  it('keeps the counters of a torn-down link in its retired totals', async () => {
    const { a, linkA } = meshPair(1); // everything dropped: counted on the link
    await opened(a);
    for (let seq = 0; seq < 3; seq++) a.send({ to: 'b', kind: 'model', epoch: 1, seq, payload: new Float32Array(4) });
    expect(linkA.stats.injectedDrops).toBe(3);
    a.detach('b');
    expect(a.links()).toEqual([]);
    expect(a.retired.injectedDrops).toBe(3);
  });

  it('an echo the node does not give goes out as 0 (none)', async () => {
    const { a, received } = meshPair();
    await opened(a);
    a.send({ to: 'b', kind: 'model', epoch: 0, seq: 1, payload: Float32Array.of(1) });
    await settle();
    expect(received[0]?.echo).toBe(0);
  });

  it("carries a compressed message's envelope as opaque bytes: it arrives as `encoded` with an empty payload", async () => {
    const { a, received, linkB } = meshPair();
    await opened(a);
    const encoded = Uint8Array.from({ length: 40_000 }, (_, i) => (i * 31) & 0xff); // several 16 KiB chunks
    a.send({ to: 'b', kind: 'tracker', epoch: 2, seq: 5, payload: new Float64Array(0), encoded });
    await settle();
    expect(received).toHaveLength(1);
    const [message] = received;
    expect(message).toMatchObject({ from: 'a', kind: 'tracker', epoch: 2, seq: 5 });
    expect(message?.payload.length).toBe(0);
    expect(Array.from(message?.encoded ?? [])).toEqual(Array.from(encoded));
    expect(linkB.stats.malformedFrames).toBe(0);
  });

  it('sendsNow: ready once the link is open, not again until the pacing interval has passed since the last offer', async () => {
    const clock = { now: 0 };
    const { a } = meshPair(0, { ...plainTimers, now: () => clock.now }, 100);
    expect(a.sendsNow('b', 'model')).toBe(false); // not open yet
    expect(a.sendsNow('nobody', 'model')).toBe(false);
    await opened(a);
    expect(a.sendsNow('b', 'model')).toBe(true);
    a.send({ to: 'b', kind: 'model', epoch: 1, seq: 1, payload: Float32Array.of(1) });
    clock.now = 60;
    expect(a.sendsNow('b', 'model')).toBe(false);
    expect(a.sendsNow('b', 'tracker')).toBe(true); // paced per kind
    expect(a.sendsNow('b', 'reduce')).toBe(true); // per-round kinds are never paced
    clock.now = 100;
    expect(a.sendsNow('b', 'model')).toBe(true);
  });

  it('sendsNow counts a message still in an injected delay as offered', async () => {
    const clock = { now: 0 };
    const injector = new FaultInjector('a', seededRandom(1));
    injector.update({ ...noFaults(), delay: { meanMs: 10_000, jitterMs: 0 } });
    const a = new Mesh({ injector, timers: { ...plainTimers, now: () => clock.now }, minSendIntervalMs: 100 });
    const [ab] = memoryChannelPair();
    a.attach('b', ab);
    await opened(a);
    a.send({ to: 'b', kind: 'model', epoch: 1, seq: 1, payload: Float32Array.of(1) });
    clock.now = 50;
    expect(a.sendsNow('b', 'model')).toBe(false);
    clock.now = 150;
    expect(a.sendsNow('b', 'model')).toBe(true);
    a.close();
  });
});
