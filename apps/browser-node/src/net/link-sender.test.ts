import { describe, expect, it } from 'vitest';
import { DEFAULT_LOW_THRESHOLD, type ChannelEvents, type ChannelState, type FrameChannel } from './channel';
import { Emitter } from './emitter';
import { LinkSender, type EncodedMessage } from './link-sender';
import { emptyLinkStats } from './link-stats';

/** A channel whose buffered amount the test controls: nothing drains unless the test says so. */
class ScriptedChannel implements FrameChannel {
  readonly events = new Emitter<ChannelEvents>();
  readonly lowThreshold = DEFAULT_LOW_THRESHOLD;
  readonly maxMessageSize = 256 * 1024;
  state: ChannelState = 'open';
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

function message(kind: EncodedMessage['kind'], seq: number, chunks = 1, epoch = 1): EncodedMessage {
  const frames = Array.from({ length: chunks }, (_, i) => Uint8Array.of(seq, i, kind.length));
  return { kind, epoch, seq, frames };
}

const seqOf = (frame: Uint8Array | undefined): number | undefined => frame?.[0];

describe('LinkSender', () => {
  it('sends at once while the buffer is at or below the low threshold, all chunks of a message together', () => {
    const channel = new ScriptedChannel();
    const stats = emptyLinkStats();
    const sender = new LinkSender(channel, stats);
    sender.offer(message('model', 1, 3));
    expect(channel.sent.map((f) => [f[0], f[1]])).toEqual([[1, 0], [1, 1], [1, 2]]);
    expect(stats).toMatchObject({ messagesSent: 1, bytesSent: 9 });
  });

  it('keeps only the newest message per kind while the buffer is full, and sends it on drain', () => {
    const channel = new ScriptedChannel();
    const stats = emptyLinkStats();
    const sender = new LinkSender(channel, stats);
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
    const sender = new LinkSender(channel, emptyLinkStats());
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
    const sender = new LinkSender(channel, emptyLinkStats());
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
    const sender = new LinkSender(channel, emptyLinkStats());
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
    const stats = emptyLinkStats();
    const sender = new LinkSender(channel, stats);
    expect(() => sender.offer(message('model', 1))).not.toThrow();
    expect(stats).toMatchObject({ sendErrors: 1, messagesSent: 0 });
  });
});
