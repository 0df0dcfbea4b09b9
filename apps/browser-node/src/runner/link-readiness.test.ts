import type { MessageKind } from '@canopy/protocol';
import { describe, expect, it } from 'vitest';
import { ReadinessTracker } from './link-readiness';

describe('ReadinessTracker', () => {
  it('lists the ready (peer, kind) pairs with the count of forwarded messages it had seen, only when changed', () => {
    const ready = new Set(['a|model']);
    const tracker = new ReadinessTracker({
      links: () => [{ peer: 'a' }, { peer: 'b' }],
      sendsNow: (peer: string, kind: MessageKind) => ready.has(`${peer}|${kind}`),
    });
    expect(tracker.changed()).toEqual({ peers: ['a', 'b'], ready: [{ peer: 'a', kind: 'model', seen: 0 }] });
    expect(tracker.changed()).toBeUndefined();
    tracker.noteForwarded({ to: 'a', kind: 'model', epoch: 1, seq: 1, payload: new Float32Array(1) });
    expect(tracker.changed()).toEqual({ peers: ['a', 'b'], ready: [{ peer: 'a', kind: 'model', seen: 1 }] });
    ready.clear();
    ready.add('b|tracker');
    expect(tracker.changed()?.ready).toEqual([{ peer: 'b', kind: 'tracker', seen: 0 }]);
  });
});
