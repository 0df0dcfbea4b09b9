/**
 * Issue 18: training survives everyone leaving. Train to 85%, close every tab, open 3 new ones: the first starts
 * from the room checkpoint (the root's last upload, kept by the server) and the others take its model, so they
 * start at ≥ 80%, not at chance. Then the same after a server restart (the checkpoint is on disk). And when the
 * server lost its disk, a tab that trained there resumes from its own copy in IndexedDB.
 */
import type { StoredCheckpoint } from '@canopy/protocol';
import type { Cluster, Tab } from '../../packages/harness/src/cluster';
import type { RunningServer } from '../../packages/harness/src/server';
import { accuracyOf, isRoot, openTabs, waitForAll, type NodeStatus } from '../../packages/harness/src/status';
import { expect, test } from '../fixtures/test';

async function checkpointOf(server: RunningServer, room: string): Promise<StoredCheckpoint | undefined> {
  const response = await fetch(`${server.url}/api/rooms/${room}/checkpoint`);
  return response.ok ? ((await response.json()) as { checkpoint: StoredCheckpoint }).checkpoint : undefined;
}

/** Opens 3 tabs and returns their first statuses with a held-out figure (read within a second of it). */
async function reopen(cluster: Cluster, room: string): Promise<{ tabs: Tab[]; first: NodeStatus[] }> {
  const tabs = await openTabs(cluster, room, 3);
  const first = await waitForAll(tabs, (all) => all.every((s) => s.heldOutAccuracy !== null), 'a first held-out evaluation on every tab', 90_000);
  return { tabs, first };
}

function expectResumed(first: readonly NodeStatus[], checkpoint: StoredCheckpoint): void {
  const root = first.find(isRoot);
  expect(root?.resumedFrom, 'the root started from the room checkpoint').toEqual({ runId: checkpoint.runId, step: checkpoint.step, source: 'room' });
  for (const s of first) expect(accuracyOf(s), `${s.peerId} starts near the checkpoint`).toBeGreaterThanOrEqual(0.8);
}

test('close every tab and reopen, or restart the server: training resumes from the room checkpoint at ≥ 80%', async ({ cluster, server }) => {
  const room = 'resume';
  const tabs = await openTabs(cluster, room, 3);
  await waitForAll(tabs, (all) => all.every((s) => accuracyOf(s) >= 0.85), 'every tab ≥ 85%');
  await expect.poll(async () => (await checkpointOf(server, room))?.heldOut.accuracy ?? 0, { timeout: 30_000 }).toBeGreaterThanOrEqual(0.85);
  for (const tab of tabs) await cluster.close(tab);
  const checkpoint = (await checkpointOf(server, room))!;

  const again = await reopen(cluster, room);
  expectResumed(again.first, checkpoint);

  // The server restarts with nobody in the room; the checkpoint (now renewed by the reopened root) is on disk.
  await expect.poll(async () => (await checkpointOf(server, room))?.heldOut.accuracy ?? 0, { timeout: 30_000 }).toBeGreaterThanOrEqual(0.8);
  for (const tab of again.tabs) await cluster.close(tab);
  const beforeRestart = (await checkpointOf(server, room))!;
  await server.stop();
  await server.start();
  expect(await checkpointOf(server, room)).toEqual(beforeRestart);
  const afterRestart = await reopen(cluster, room);
  expectResumed(afterRestart.first, beforeRestart);
});

test('roll back: after a reset the admin starts a new run from the previous run\'s checkpoint; every tab starts there', async ({ cluster, server }) => {
  const room = 'rollback';
  const tabs = await openTabs(cluster, room, 3);
  const trained = await waitForAll(tabs, (all) => all.every((s) => accuracyOf(s) >= 0.85), 'every tab ≥ 85%');
  const firstRun = trained[0]!.runId!;
  await expect.poll(async () => (await checkpointOf(server, room))?.heldOut.accuracy ?? 0, { timeout: 30_000 }).toBeGreaterThanOrEqual(0.85);
  const dashboard = (await cluster.open(`/dashboard?room=${room}&token=${server.adminToken}`, { name: 'dashboard' })).page;
  dashboard.on('dialog', (dialog) => void dialog.accept());

  await dashboard.locator('#reset-button').click(); // enabled once the dashboard knows the room's state
  await expect(dashboard.locator('#control-status'), 'the server applied the reset').toContainText(`reset applied (run ${firstRun + 1})`, { timeout: 20_000 });
  await waitForAll(tabs, (all) => all.every((s) => s.runId === firstRun + 1 && s.heldOutAccuracy !== null), 'the reset run evaluated', 60_000);
  const rollback = dashboard.locator(`button[data-rollback="${firstRun}"]`);
  await expect(rollback).toBeVisible({ timeout: 30_000 });
  await rollback.click();
  await expect(dashboard.locator('#control-status'), 'the server applied the rollback').toContainText(`rollback applied (run ${firstRun + 2})`, { timeout: 20_000 });
  const first = await waitForAll(tabs, (all) => all.every((s) => s.runId === firstRun + 2 && s.heldOutAccuracy !== null), 'the rolled-back run evaluated', 60_000);
  for (const s of first) {
    expect(s.resumedFrom?.runId, `${s.peerId} started from the checkpoint`).toBe(firstRun + 2);
    expect(accuracyOf(s), `${s.peerId} starts where run ${firstRun} was`).toBeGreaterThanOrEqual(0.8);
  }
});

test('a server that lost its state directory: a tab that trained there resumes from its own IndexedDB copy at ≥ 80%', async ({ cluster, server }) => {
  const room = 'local-copy';
  const tabs = await openTabs(cluster, room, 2);
  await waitForAll(tabs, (all) => all.every((s) => accuracyOf(s) >= 0.85), 'both tabs ≥ 85%');
  // Each tab keeps a copy of its evaluated model at most every 10 s: let one of ≥ 85% land.
  await new Promise((resolve) => setTimeout(resolve, 12_000));
  const [kept, other] = tabs as [Tab, Tab];
  await cluster.close(other);
  await server.stop();
  await server.start({ freshState: true });
  expect(await checkpointOf(server, room)).toBeUndefined(); // the room checkpoint is gone with the disk
  await kept.page.reload(); // the tab's memory is gone too: only IndexedDB remains
  const [first] = await waitForAll([kept], (all) => all.every((s) => s.heldOutAccuracy !== null), 'a first held-out evaluation', 90_000);
  expect(first?.resumedFrom?.source, 'the tab started from its own copy').toBe('local');
  expect(accuracyOf(first!), 'and near where it was').toBeGreaterThanOrEqual(0.8);
});
