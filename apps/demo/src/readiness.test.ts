import { describe, expect, it } from 'vitest';
import { parseTabStatus, type StatusRead } from '../../../packages/harness/src/tab-status';
import { validStatus } from '../../../packages/harness/src/fake-status';
import { clusterReadiness } from './readiness';

const open = (...peers: string[]) => peers.map((peer) => ({ peer, state: 'open' }));
const ready = (overrides: Record<string, unknown> = {}): StatusRead =>
  parseTabStatus(validStatus({ paused: true, waiting: 'paused', runId: 2, links: open('p0', 'p2', 'p3'), ...overrides }));
const names = ['tab1', 'tab2'];

describe('clusterReadiness', () => {
  it('is ready when every tab is joined, prepared and paused in the current run, links open, same epoch', () => {
    expect(clusterReadiness(names, [ready(), ready()], 2)).toEqual({ ready: true, pending: [], failed: null });
  });

  it.each([
    [{ kind: 'loading' } as StatusRead, 'page loading'],
    [ready({ connection: 'connecting' }), 'connecting'],
    [ready({ runId: 1 }), 'expected 2'],
    [ready({ waiting: 'preparing the model and data' }), 'preparing'],
    [ready({ links: open('p0') }), 'links'],
    [ready({ epoch: 4 }), 'different epochs'],
  ])('waits while a tab is not there yet (%#)', (second, why) => {
    const readiness = clusterReadiness(names, [ready(), second], 2);
    expect(readiness.ready).toBe(false);
    expect(readiness.failed).toBeNull();
    expect(readiness.pending.join(' ')).toContain(why);
  });

  it('gives up at once when a tab reports an error', () => {
    const readiness = clusterReadiness(names, [ready(), ready({ error: 'backend failed' })], 2);
    expect(readiness).toMatchObject({ ready: false, failed: 'tab2: backend failed' });
  });
});
