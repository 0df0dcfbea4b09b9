import type { LinkCounters, MetricsSample } from '@canopy/protocol';
import { describe, expect, it } from 'vitest';
import { LinkRateTracker } from './link-rates';
import { sample } from './test-samples';

const link = (peer: string, messagesSent: number, injectedDrops: number, bytesSent = messagesSent * 100): LinkCounters => ({
  peer,
  state: 'open',
  bytesSent,
  bytesReceived: 0,
  messagesSent,
  messagesReceived: 0,
  injectedDrops,
  malformedFrames: 0,
});

const withLinks = (at: number, links: LinkCounters[]): MetricsSample => sample({ peerId: 'a', at, links });

describe('LinkRateTracker', () => {
  it('derives message and drop rates and the loss fraction from counter deltas', () => {
    const tracker = new LinkRateTracker();
    tracker.observe(withLinks(1_000, [link('b', 100, 10)]));
    expect(tracker.get('a', 'b', 1_000)).toBeNull(); // one sample is not a rate
    tracker.observe(withLinks(3_000, [link('b', 140, 20)]));
    expect(tracker.get('a', 'b', 3_000)).toMatchObject({ messagesPerSecond: 20, dropsPerSecond: 5, bytesPerSecond: 2_000, loss: 0.2 });
    expect(tracker.get('b', 'a', 3_000)).toBeNull();
  });

  it('treats a counter that went down as a reopened link', () => {
    const tracker = new LinkRateTracker();
    tracker.observe(withLinks(0, [link('b', 500, 50)]));
    tracker.observe(withLinks(1_000, [link('b', 30, 0)]));
    expect(tracker.get('a', 'b', 1_000)).toMatchObject({ messagesPerSecond: 30, dropsPerSecond: 0, loss: 0 });
  });

  it('ignores replayed samples and reports a silent link as having no rate', () => {
    const tracker = new LinkRateTracker(2_000);
    tracker.observe(withLinks(0, [link('b', 0, 0)]));
    tracker.observe(withLinks(1_000, [link('b', 0, 0)]));
    expect(tracker.get('a', 'b', 1_000)?.loss).toBeNull();
    tracker.observe(withLinks(500, [link('b', 999, 0)]));
    expect(tracker.get('a', 'b', 1_000)?.messagesPerSecond).toBe(0);
    expect(tracker.current(1_500)).toHaveLength(1);
    expect(tracker.current(5_000)).toHaveLength(0);
  });

  it('forgets a peer that left', () => {
    const tracker = new LinkRateTracker();
    tracker.observe(withLinks(0, [link('b', 0, 0), link('c', 0, 0)]));
    tracker.observe(withLinks(1_000, [link('b', 10, 0), link('c', 10, 0)]));
    tracker.forget('b');
    expect(tracker.current(1_000).map((r) => r.to)).toEqual(['c']);
  });
});
