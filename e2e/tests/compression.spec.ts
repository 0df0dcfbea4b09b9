/**
 * R-FAST's wire compression in real tabs (issue 7): chosen on the dashboard, it starts a new run in which every
 * link carries 8-bit quantized deltas against keyframes as opaque frames; the tabs still train to a good
 * accuracy, nothing they receive is malformed, and a message takes far fewer bytes than before.
 */
import { statuses, openTabs, waitForAll, accuracyOf, type NodeStatus } from '../../packages/harness/src/status';
import { expect, test } from '../fixtures/test';

/** Bytes per message sent by all tabs together between two snapshots. */
function bytesPerMessage(before: readonly NodeStatus[], after: readonly NodeStatus[]): number {
  const sum = (all: readonly NodeStatus[], pick: (s: NodeStatus) => number) => all.reduce((n, s) => n + pick(s), 0);
  const messages = sum(after, (s) => s.messagesSent) - sum(before, (s) => s.messagesSent);
  expect(messages, 'messages sent between the snapshots').toBeGreaterThan(10);
  return (sum(after, (s) => s.bytesSent) - sum(before, (s) => s.bytesSent)) / messages;
}

test('3 tabs: q8 compression chosen on the dashboard, still ≥ 85% held-out, messages ≥ 2.5× smaller', async ({ cluster, server }) => {
  const room = 'squeeze';
  const tabs = await openTabs(cluster, room, 3);
  const dashboard = (await cluster.open(`/dashboard?room=${room}&token=${server.adminToken}`, { name: 'dashboard' })).page;
  const running = await waitForAll(tabs, (all) => all.every((s) => s.step > 0 && s.links.some((l) => l.state === 'open')), 'every tab stepping with open links');
  const runId = running[0]?.runId ?? -1;

  // Uncompressed traffic first: f32 models and f64 running sums, whole vectors.
  const start = await statuses(tabs);
  await dashboard.waitForTimeout(8_000);
  const plain = bytesPerMessage(start, await statuses(tabs));

  await dashboard.locator('#compression-select').selectOption('q8');
  await dashboard.locator('#compression-apply').click();
  const switched = await waitForAll(tabs, (all) => all.every((s) => s.runId === runId + 1 && s.step > 0), 'every tab stepping in the compressed run', 60_000);
  const trained = await waitForAll(
    tabs,
    (all) => all.every((s) => s.runId === runId + 1 && accuracyOf(s) >= 0.85),
    'every tab ≥ 85% held-out with q8 compression',
  );
  const compressed = bytesPerMessage(switched, trained);
  console.log(`bytes per message: uncompressed ${Math.round(plain)}, q8 ${Math.round(compressed)} (${(plain / compressed).toFixed(2)}×)`);
  // Deltas are ~1 byte per parameter against 4 (models) and 8 (running sums); keyframes (two per link, then every
  // 8th message) are whole vectors, so the mean gain is below the deltas' 4–8×.
  expect(plain / compressed).toBeGreaterThan(2.5);
  for (const s of trained) {
    expect(s.modelFinite).toBe(true);
    expect(s.malformedFrames, `${s.peerId} received nothing malformed`).toBe(0);
  }
});
