import { describe, expect, it } from 'vitest';
import { DEFAULT_LOW_THRESHOLD, type ChannelEvents, type ChannelState, type FrameChannel } from './channel';
import { Emitter } from './emitter';
import { LinkSender, type LinkSenderOptions, type PendingMessage } from './link-sender';
import { emptyLinkStats } from './link-stats';

/** A channel whose buffered amount the test controls: nothing drains unless the test says so. */
class ScriptedChannel implements FrameChannel {
  readonly events = new Emitter<ChannelEvents>();
  readonly lowThreshold = DEFAULT_LOW_THRESHOLD;
  readonly maxMessageSize = 256 * 1024;
  state: ChannelState = 'open';
  readonly route = null;
  bufferedAmount = 0;
  readonly sent: Uint8Array[] = [];

  send(frame: Uint8Array): void {
    this.sent.push(frame);
    this.bufferedAmount += frame.byteLength;
  }

  close(): void {
    this.state = 'closed';
  }

  /** The network took everything: bufferedamountlow fires. */
  drain(): void {
    this.bufferedAmount = 0;
    this.events.emit('drain');
  }
}

/** Payload [seq, chunks]: the test encoder turns it into `chunks` frames [seq, chunk index, kind length]. */
function message(kind: PendingMessage['kind'], seq: number, chunks = 1, epoch = 1): PendingMessage {
  return { kind, epoch, seq, flags: 0, payload: Float32Array.of(seq, chunks) };
}

/** A sender over `channel` with a counting encoder and a clock the test moves. */
function senderOn(channel: FrameChannel, extra: Partial<LinkSenderOptions> = {}) {
  const stats = emptyLinkStats();
  const clock = { now: 0 };
  const encoded: number[] = [];
  const sender = new LinkSender(channel, stats, {
    encode: (m, send) => {
      encoded.push(m.seq);
      const chunks = m.payload[1] ?? 1;
      for (let i = 0; i < chunks; i++) send(Uint8Array.of(m.seq, i, m.kind.length));
    },
    now: () => clock.now,
    ...extra,
  });
  return { sender, stats, clock, encoded };
}

const seqOf = (frame: Uint8Array | undefined): number | undefined => frame?.[0];

describe('LinkSender', () => {
  it('sends at once while the buffer is at or below the low threshold, all chunks of a message together', () => {
    const channel = new ScriptedChannel();
    const { sender, stats } = senderOn(channel);
    sender.offer(message('model', 1, 3));
    expect(channel.sent.map((f) => [f[0], f[1]])).toEqual([[1, 0], [1, 1], [1, 2]]);
    expect(stats).toMatchObject({ messagesSent: 1, bytesSent: 9 });
  });

  it('keeps only the newest message per kind while the buffer is full, and sends it on drain', () => {
    const channel = new ScriptedChannel();
    const { sender, stats } = senderOn(channel);
    channel.bufferedAmount = DEFAULT_LOW_THRESHOLD + 1;
    for (let seq = 1; seq <= 5; seq++) sender.offer(message('model', seq));
    sender.offer(message('tracker', 7));
    expect(channel.sent).toHaveLength(0);
    expect(sender.pendingKinds).toEqual(['model', 'tracker']);
    expect(stats.superseded).toBe(4);

    channel.drain();
    expect(channel.sent.map(seqOf)).toEqual([5, 7]);
    expect(sender.pendingKinds).toEqual([]);
  });

  it('stops sending once the buffer rises above the threshold and resumes on the next drain', () => {
    const channel = new ScriptedChannel();
    const { sender } = senderOn(channel);
    channel.bufferedAmount = DEFAULT_LOW_THRESHOLD + 1;
    sender.offer(message('model', 1));
    sender.offer(message('tracker', 2));
    // The first send fills the buffer: the second kind must wait for the next drain.
    channel.send = function (frame: Uint8Array) {
      ScriptedChannel.prototype.send.call(this, frame);
      this.bufferedAmount += DEFAULT_LOW_THRESHOLD;
    };
    channel.drain();
    expect(channel.sent.map(seqOf)).toEqual([1]);
    sender.offer(message('model', 3));
    channel.drain();
    expect(channel.sent.map(seqOf)).toEqual([1, 2]); // the longest-waiting kind goes first
    channel.drain();
    expect(channel.sent.map(seqOf)).toEqual([1, 2, 3]);
  });

  it('never lets an older message replace a newer unsent one of the same kind', () => {
    const channel = new ScriptedChannel();
    const { sender } = senderOn(channel);
    channel.bufferedAmount = DEFAULT_LOW_THRESHOLD + 1;
    sender.offer(message('model', 9));
    sender.offer(message('model', 4)); // e.g. reordered by injected jitter
    sender.offer(message('model', 3, 1, 0)); // older epoch
    channel.drain();
    expect(channel.sent.map(seqOf)).toEqual([9]);
  });

  it('holds messages until the channel opens', () => {
    const channel = new ScriptedChannel();
    channel.state = 'connecting';
    const { sender } = senderOn(channel);
    sender.offer(message('model', 1));
    sender.offer(message('model', 2));
    expect(channel.sent).toHaveLength(0);
    channel.state = 'open';
    channel.events.emit('open');
    expect(channel.sent.map(seqOf)).toEqual([2]);
  });

  it('counts a send the channel refuses instead of throwing', () => {
    const channel = new ScriptedChannel();
    channel.send = () => {
      throw new Error('closed under us');
    };
    const { sender, stats } = senderOn(channel);
    expect(() => sender.offer(message('model', 1))).not.toThrow();
    expect(stats).toMatchObject({ sendErrors: 1, messagesSent: 0 });
  });

  it('encodes only the messages it sends: superseded ones are never framed', () => {
    const channel = new ScriptedChannel();
    const { sender, encoded, stats } = senderOn(channel);
    channel.bufferedAmount = DEFAULT_LOW_THRESHOLD + 1;
    for (let seq = 1; seq <= 5; seq++) sender.offer(message('tracker', seq, 2));
    expect(encoded).toEqual([]);
    channel.drain();
    expect(encoded).toEqual([5]);
    expect(channel.sent.map(seqOf)).toEqual([5, 5]);
    expect(stats).toMatchObject({ superseded: 4, messagesSent: 1 });
  });

  it('holds a paced kind until the interval has passed, then sends the newest at the next offer', () => {
    const channel = new ScriptedChannel();
    const { sender, clock, encoded, stats } = senderOn(channel, { minSendIntervalMs: 100 });
    sender.offer(message('model', 1));
    clock.now = 40;
    sender.offer(message('model', 2));
    clock.now = 99;
    sender.offer(message('model', 3));
    expect(channel.sent.map(seqOf)).toEqual([1]);
    expect(sender.pendingKinds).toEqual(['model']);
    expect(stats.superseded).toBe(1); // 2 replaced by 3 while held

    clock.now = 100;
    sender.offer(message('model', 4));
    expect(channel.sent.map(seqOf)).toEqual([1, 4]);
    expect(encoded).toEqual([1, 4]); // the held-back 2 and 3 cost no encoding
    // The interval restarts at the actual send, not at the offer.
    clock.now = 150;
    sender.offer(message('model', 5));
    expect(channel.sent.map(seqOf)).toEqual([1, 4]);
  });

  it('sends a held paced kind on pump() or drain once due, without a new offer', () => {
    const channel = new ScriptedChannel();
    const { sender, clock } = senderOn(channel, { minSendIntervalMs: 50 });
    sender.offer(message('tracker', 1));
    sender.offer(message('tracker', 2));
    sender.pump();
    expect(channel.sent.map(seqOf)).toEqual([1]);
    clock.now = 60;
    sender.pump();
    expect(channel.sent.map(seqOf)).toEqual([1, 2]);
    clock.now = 70;
    sender.offer(message('tracker', 3));
    clock.now = 110;
    channel.drain();
    expect(channel.sent.map(seqOf)).toEqual([1, 2, 3]);
  });

  it('paces kinds independently and leaves unpaced kinds alone', () => {
    const channel = new ScriptedChannel();
    const { sender, clock } = senderOn(channel, { minSendIntervalMs: 100 });
    sender.offer(message('model', 1));
    clock.now = 10;
    sender.offer(message('tracker', 2)); // another paced kind: its own interval
    sender.offer(message('gossip', 3));
    sender.offer(message('gossip', 4)); // per-round messages are never held back
    sender.offer(message('model', 5));
    expect(channel.sent.map(seqOf)).toEqual([1, 2, 3, 4]);
    expect(sender.pendingKinds).toEqual(['model']);
  });

  it('counts a message whose encoding fails as a send error and goes on', () => {
    const channel = new ScriptedChannel();
    const stats = emptyLinkStats();
    const sender = new LinkSender(channel, stats, {
      encode: (m, send) => {
        if (m.seq === 1) throw new RangeError('seq out of range');
        send(Uint8Array.of(m.seq));
      },
      now: () => 0,
    });
    expect(() => sender.offer(message('model', 1))).not.toThrow();
    sender.offer(message('tracker', 2));
    expect(channel.sent.map(seqOf)).toEqual([2]);
    expect(stats).toMatchObject({ sendErrors: 1, messagesSent: 1 });
  });

  it('merges unsent increments (an additive kind) instead of dropping one: the mass sent is the mass offered', () => {
    const channel = new ScriptedChannel();
    const sent: { seq: number; values: number[] }[] = [];
    const { sender, stats } = senderOn(channel, {
      encode: (m, send) => {
        sent.push({ seq: m.seq, values: Array.from(m.payload) });
        send(Uint8Array.of(m.seq));
      },
    });
    const increment = (seq: number, values: number[], epoch = 1): PendingMessage => ({ kind: 'tracker-increment', epoch, seq, flags: 0, payload: Float64Array.from(values) });
    channel.bufferedAmount = 10 * DEFAULT_LOW_THRESHOLD; // the channel is busy: everything waits
    sender.offer(increment(1, [1, 2]));
    sender.offer(increment(2, [10, 20]));
    sender.offer(increment(3, [100, 200]));
    channel.drain();
    expect(sent).toEqual([{ seq: 3, values: [111, 222] }]);
    expect(stats.superseded).toBe(2); // offers that did not go out as messages of their own
    // A new epoch's increment replaces an old epoch's (that mass was reset by the epoch change anyway).
    channel.bufferedAmount = 10 * DEFAULT_LOW_THRESHOLD;
    sender.offer(increment(4, [1, 1]));
    sender.offer(increment(0, [5, 5], 2));
    channel.drain();
    expect(sent.at(-1)).toEqual({ seq: 0, values: [5, 5] });
  });
});
