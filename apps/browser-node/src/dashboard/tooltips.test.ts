import { noFaults } from '@canopy/protocol';
import { describe, expect, it } from 'vitest';
import { edgeKey } from './edges';
import { edgeRows, edgeTitle } from './tooltips';

const edge = { kind: 'push' as const, from: 'b', to: 'a', key: edgeKey('push', 'b', 'a') };

describe('edge tooltip', () => {
  it('names the tree and direction, the measured rate and loss, and the configured loss', () => {
    expect(edgeTitle(edge)).toBe('Push b → a (tracker mass, child → parent)');
    expect(edgeTitle(edge, (peer) => `tab ${peer}`)).toBe('Push tab b → tab a (tracker mass, child → parent)');
    const loss = { ...noFaults().loss, p: 0.3, links: [{ from: 'b', to: 'a', p: 0.5 }] };
    const rows = new Map(edgeRows({ from: 'b', to: 'a', messagesPerSecond: 12, dropsPerSecond: 8, bytesPerSecond: 2_500, loss: 0.4, at: 0, seenAt: 0 }, loss, edge));
    expect(rows.get('rate')).toBe('12 msg/s');
    expect(rows.get('measured loss')).toBe('40.0%');
    expect(rows.get('injected loss setting')).toBe('50%');
  });

  it('shows dashes while nothing is measured', () => {
    const rows = new Map(edgeRows(null, null, edge));
    expect(rows.get('rate')).toBe('–');
    expect(rows.get('injected loss setting')).toBe('–');
  });
});
