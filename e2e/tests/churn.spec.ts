/**
 * Membership changes while training (issue 5, scenarios 4-6): a tab leaves, a tab joins, the root leaves, and the
 * signaling server dies and comes back. Training must go on over the open WebRTC links throughout.
 */
import { validateTopology } from '@canopy/algorithms';
import { snapshot } from '../../packages/harness/src/room-admin';
import { accuracyOf, isRoot, nodePage, openTabs, rootOf, statuses, waitForAll, type NodeStatus } from '../../packages/harness/src/status';
import { expect, test } from '../fixtures/test';

const meanAccuracy = (all: readonly NodeStatus[]): number => all.reduce((n, s) => n + accuracyOf(s), 0) / all.length;
const maxEpoch = (all: readonly NodeStatus[]): number => Math.max(...all.map((s) => s.epoch ?? -1));
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

test('scenario 4: a non-root tab closes mid-run, the others go on; a newcomer catches up within 30 s', async ({ cluster }) => {
  const room = 'churn';
  const tabs = await openTabs(cluster, room, 4);
  const before = await waitForAll(tabs, (a) => a.every((s) => accuracyOf(s) >= 0.6), 'every tab ≥ 60%');

  const leaverIndex = before.findIndex((s) => !isRoot(s));
  const leaver = tabs[leaverIndex]!;
  const rest = tabs.filter((t) => t !== leaver);
  await cluster.close(leaver);
  const atClose = await statuses(rest);

  const newEpoch = await waitForAll(rest, (a) => a.every((s) => (s.epoch ?? -1) > maxEpoch(before)), 'a new epoch at every remaining tab', 30_000);
  await waitForAll(
    rest,
    (a) => a.every((s, i) => s.step > newEpoch[i]!.step + 20) && meanAccuracy(a) >= meanAccuracy(atClose),
    'the remaining tabs keep stepping and do not lose accuracy',
    90_000,
  );

  const joinedAt = Date.now();
  const newcomer = await cluster.open(nodePage(room), { name: 'newcomer' });
  const everyone = [...rest, newcomer];
  const caughtUp = await waitForAll(
    everyone,
    (a) => {
      const root = rootOf(a);
      const fresh = a.at(-1)!;
      return root !== undefined && fresh.heldOutAccuracy !== null && accuracyOf(root) - accuracyOf(fresh) <= 0.05;
    },
    'the newcomer within 5 points of the root',
    30_000,
  );
  expect(Date.now() - joinedAt).toBeLessThanOrEqual(30_000);
  expect(caughtUp.at(-1)!.modelFinite).toBe(true);
  // A leave and a join are honest churn: nobody screened off, no model called blown up.
  for (const s of caughtUp) expect({ peer: s.peerId, quarantined: s.quarantined, recoveries: s.recoveries }).toEqual({ peer: s.peerId, quarantined: [], recoveries: 0 });
});

test('scenario 5: the root tab closes mid-run: a new root is elected and accuracy keeps rising', async ({ cluster }) => {
  const tabs = await openTabs(cluster, 'root-leaves', 4);
  const before = await waitForAll(tabs, (a) => a.every((s) => accuracyOf(s) >= 0.5), 'every tab ≥ 50%');
  const rootIndex = before.findIndex(isRoot);
  expect(rootIndex).toBeGreaterThanOrEqual(0);
  const oldRoot = before[rootIndex]!.peerId;
  const rest = tabs.filter((_, i) => i !== rootIndex);
  await cluster.close(tabs[rootIndex]!);
  const atClose = Math.max(...(await statuses(rest)).map(accuracyOf));

  const elected = await waitForAll(
    rest,
    (a) => {
      const roots = a.filter(isRoot);
      return roots.length === 1 && roots[0]!.peerId !== oldRoot && a.every((s) => s.epoch === roots[0]!.epoch);
    },
    'one new root, agreed by every remaining tab',
    30_000,
  );
  expect(rootOf(elected)!.peerId).not.toBe(oldRoot);
  const after = await waitForAll(rest, (a) => accuracyOf(rootOf(a)!) >= Math.min(0.9, atClose + 0.03), 'accuracy rising under the new root', 120_000);
  for (const s of after) expect({ peer: s.peerId, quarantined: s.quarantined, recoveries: s.recoveries }).toEqual({ peer: s.peerId, quarantined: [], recoveries: 0 });
});

test('scenario 6: the signaling server dies mid-run: tabs keep training, reconnect, and the room is rebuilt', async ({ cluster, server }) => {
  const room = 'restart';
  const tabs = await openTabs(cluster, room, 4);
  const allLinksOpen = (s: NodeStatus): boolean => s.links.length > 0 && s.links.every((l) => l.state === 'open');
  const before = await waitForAll(tabs, (a) => a.every((s) => accuracyOf(s) >= 0.5 && allLinksOpen(s)), 'every tab ≥ 50% with all its links open');
  const ids = before.map((s) => s.peerId).sort();

  await server.stop('SIGKILL');
  const atKill = await statuses(tabs);
  await sleep(10_000);
  const during = await statuses(tabs);
  for (const [i, s] of during.entries()) {
    expect(s.step, `${s.peerId} keeps stepping without the server`).toBeGreaterThan(atKill[i]!.step + 10);
    expect(s.bytesReceived, `${s.peerId} keeps receiving from its neighbours`).toBeGreaterThan(atKill[i]!.bytesReceived);
  }

  await server.start();
  await waitForAll(tabs, (a) => a.every((s) => s.connection === 'joined'), 'every tab re-joined', 60_000);
  const rebuilt = await snapshot(server, room);
  expect(rebuilt.members.map((m) => m.peerId).sort()).toEqual(ids);
  expect(rebuilt.topology).not.toBeNull();
  validateTopology(rebuilt.topology!);
  await waitForAll(tabs, (a) => a.every((s) => s.epoch === rebuilt.topology!.epoch || (s.epoch ?? 0) > rebuilt.topology!.epoch), 'tabs on the rebuilt epoch', 30_000);
  await waitForAll(tabs, (a) => accuracyOf(rootOf(a) ?? a[0]!) >= 0.85, 'training goes on after the restart', 120_000);
});
