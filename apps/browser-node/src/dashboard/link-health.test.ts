import type { LinkCounters, MetricsSample } from '@canopy/protocol';
import { describe, expect, it } from 'vitest';
import { STALLED_AFTER_MS, LinkHealthTracker, formatLinkHealth } from './link-health';

const link = (peer: string, state: LinkCounters['state'], route?: 'direct' | 'relayed'): LinkCounters => ({
  peer, state, ...(route === undefined ? {} : { route }), bytesSent: 0, bytesReceived: 0, messagesSent: 0, messagesReceived: 0, injectedDrops: 0, malformedFrames: 0,
});

const sample = (at: number, links: LinkCounters[], peerId = 'p-a'): MetricsSample => ({
  room: 'r', peerId, at, runId: 1, epoch: 1, step: 0, loss: null, trainAccuracy: null, heldOutAccuracy: null, stepMs: null, backend: 'wasm',
  bytesSent: 0, bytesReceived: 0, messagesSent: 0, messagesReceived: 0, injectedDrops: 0, malformedFrames: 0, staleness: null, delayScale: 1, links,
});

describe('LinkHealthTracker', () => {
  it('counts open and relayed links from the newest report', () => {
    const tracker = new LinkHealthTracker();
    tracker.observe(sample(1_000, [link('p-b', 'open', 'relayed'), link('p-c', 'open', 'direct'), link('p-d', 'connecting')]));
    expect(tracker.health('p-a')).toEqual({ open: 2, total: 3, relayed: ['p-b'], stalled: [] });
    expect(formatLinkHealth(tracker.health('p-a'))).toBe('2/3 open, 1 relayed');
    expect(tracker.health('p-x')).toBeNull();
  });

  it('a link not open for 10 s is stalled; opening clears it, and a later outage starts the clock again', () => {
    const tracker = new LinkHealthTracker();
    tracker.observe(sample(0, [link('p-b', 'connecting')]));
    tracker.observe(sample(STALLED_AFTER_MS - 1, [link('p-b', 'connecting')]));
    expect(tracker.health('p-a')?.stalled).toEqual([]);
    tracker.observe(sample(STALLED_AFTER_MS, [link('p-b', 'connecting')]));
    expect(tracker.health('p-a')?.stalled).toEqual(['p-b']);
    expect(formatLinkHealth(tracker.health('p-a'))).toBe('0/1 open, 1 stalled');
    tracker.observe(sample(STALLED_AFTER_MS + 500, [link('p-b', 'open', 'direct')]));
    expect(tracker.health('p-a')?.stalled).toEqual([]);
    tracker.observe(sample(STALLED_AFTER_MS + 1_000, [link('p-b', 'closed')]));
    tracker.observe(sample(STALLED_AFTER_MS + 2_000, [link('p-b', 'closed')]));
    expect(tracker.health('p-a')?.stalled).toEqual([]);
  });

  it('ignores reports older than the newest (relayed out of order)', () => {
    const tracker = new LinkHealthTracker();
    tracker.observe(sample(2_000, [link('p-b', 'open', 'direct')]));
    tracker.observe(sample(1_000, [link('p-b', 'connecting')]));
    expect(tracker.health('p-a')).toMatchObject({ open: 1 });
  });
});
