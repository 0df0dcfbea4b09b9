/**
 * The classroom dashboard (issue 6) against 4 real training tabs: it draws both trees exactly as the server
 * built them, and its controls reach the tabs (loss → drop counters, pause → step counters, algorithm → a new
 * run with the old one kept for overlay, dataset → a new run on Fashion-MNIST); the CSV export holds every
 * node's series. Without the token no control is shown, and with a wrong one the server's refusal is. The teacher
 * removes a tab and locks the room against newcomers.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import type { DashboardStateView } from '../../apps/browser-node/src/dashboard/state-view';
import { nodePage, openTabs, statuses, waitForAll, waitForStatus, type NodeStatus } from '../../packages/harness/src/status';
import { expect, test } from '../fixtures/test';

async function dashboardState(page: Page): Promise<DashboardStateView | null> {
  return page.evaluate(() => (window as unknown as { canopyDashboard?: { state(): DashboardStateView } }).canopyDashboard?.state() ?? null);
}

/** Polls the dashboard until `accept` holds; the timeout message shows the last state seen. */
async function waitForDashboard(page: Page, accept: (s: DashboardStateView) => boolean, what: string, timeoutMs = 60_000): Promise<DashboardStateView> {
  const deadline = Date.now() + timeoutMs;
  let last: DashboardStateView | null = null;
  while (Date.now() < deadline) {
    last = await dashboardState(page);
    if (last !== null && accept(last)) return last;
    await page.waitForTimeout(300);
  }
  const seen = last === null ? null : { epoch: last.epoch, root: last.root, nodes: last.nodes.length, runId: last.runId, runs: last.runs.map((r) => r.runId), paused: last.paused };
  throw new Error(`dashboard: timed out waiting for ${what}; last: ${JSON.stringify(seen)}`);
}

const edgeList = (edges: readonly { from: string; to: string }[]): string[] => edges.map((e) => `${e.from}>${e.to}`).sort();

/** Both trees as the server told each tab: pull parent → child, push child → parent. */
function treesFromTabs(all: readonly NodeStatus[]): { pull: string[]; push: string[]; root: string | undefined } {
  const pull: string[] = [];
  const push: string[] = [];
  for (const s of all) {
    for (const parent of s.roles?.pull.parents ?? []) pull.push(`${parent}>${s.peerId}`);
    for (const parent of s.roles?.push.parents ?? []) push.push(`${s.peerId}>${parent}`);
  }
  return { pull: pull.sort(), push: push.sort(), root: all.find((s) => s.roles?.pull.isRoot)?.peerId ?? undefined };
}

const sumDrops = (all: readonly NodeStatus[]): number => all.reduce((n, s) => n + s.injectedDrops, 0);

test('4 tabs: the dashboard draws both trees and its controls reach the tabs', async ({ cluster, server }) => {
  const room = 'dash';
  const tabs = await openTabs(cluster, room, 4);
  const dashboard = (await cluster.open(`/dashboard?room=${room}&token=${server.adminToken}`, { name: 'dashboard' })).page;
  await waitForAll(tabs, (all) => all.every((s) => s.step > 0 && s.links.some((l) => l.state === 'open')), 'every tab stepping with open links');

  // Trees: exactly what the tabs were given by the server, at the same epoch.
  const tabView = await statuses(tabs);
  const epoch = tabView[0]?.epoch ?? -1;
  expect(tabView.every((s) => s.epoch === epoch)).toBe(true);
  const expected = treesFromTabs(tabView);
  const drawn = await waitForDashboard(dashboard, (s) => s.epoch === epoch && s.nodes.length === 4, `4 nodes at epoch ${epoch}`);
  expect(drawn.nodes.map((n) => n.id).sort()).toEqual(tabView.map((s) => s.peerId).sort());
  expect(drawn.root).toBe(expected.root);
  expect(edgeList(drawn.edges.pull)).toEqual(expected.pull);
  expect(edgeList(drawn.edges.push)).toEqual(expected.push);
  expect(expected.pull).toHaveLength(3);
  // ...and on screen: one SVG node per tab, one drawn line per edge of each tree.
  await expect(dashboard.locator('svg.topology g[data-peer]')).toHaveCount(4);
  const svgEdges = async (kind: 'pull' | 'push'): Promise<string[]> =>
    (await dashboard.locator(`svg.topology g[data-edge="${kind}"]`).evaluateAll((gs) => gs.map((g) => `${g.getAttribute('data-from')}>${g.getAttribute('data-to')}`))).sort();
  expect(await svgEdges('pull')).toEqual(expected.pull);
  expect(await svgEdges('push')).toEqual(expected.push);
  await expect(dashboard.locator(`svg.topology g.node.root[data-peer="${expected.root}"]`)).toHaveCount(1);

  // Loss slider → every tab's fault injector drops messages.
  const before = await statuses(tabs);
  await dashboard.locator('#loss-slider').fill('0.5');
  await waitForDashboard(dashboard, (s) => s.lossP === 0.5, 'the room loss at 50%');
  await waitForAll(tabs, (all) => all.every((s, i) => s.injectedDrops > (before[i]?.injectedDrops ?? 0) + 5), "every tab's drops rising", 60_000);
  await waitForDashboard(dashboard, (s) => s.edges.pull.some((e) => (e.loss ?? 0) > 0.2), 'a measured loss on the drawn edges', 30_000);
  await dashboard.locator('#loss-slider').fill('0');
  await waitForDashboard(dashboard, (s) => s.lossP === 0, 'the loss back at 0');
  const settled = sumDrops(await statuses(tabs));
  await dashboard.waitForTimeout(2_000);
  expect(sumDrops(await statuses(tabs)) - settled, 'no more drops at 0% loss').toBeLessThanOrEqual(4);

  // Pause → the step counters stop; resume → they move again.
  await dashboard.locator('#pause-button').click();
  await waitForAll(tabs, (all) => all.every((s) => s.paused), 'every tab paused', 30_000);
  await dashboard.waitForTimeout(1_000); // a step already in flight when the pause arrived may still finish
  const pausedSteps = (await statuses(tabs)).map((s) => s.step);
  await dashboard.waitForTimeout(3_000);
  expect((await statuses(tabs)).map((s) => s.step)).toEqual(pausedSteps);
  await expect(dashboard.locator('#paused')).toBeVisible();
  await dashboard.locator('#pause-button').click();
  await waitForAll(tabs, (all) => all.every((s, i) => !s.paused && s.step > (pausedSteps[i] ?? 0)), 'every tab stepping again', 60_000);

  // Algorithm switch → a new run; the previous run stays listed, overlaid on the chart.
  const first = await waitForDashboard(dashboard, (s) => s.runId !== null, 'a run id');
  const previous = first.runId ?? -1;
  await dashboard.locator('#algorithm-select').selectOption('naive');
  // Hyper-parameters are checked against the chosen algorithm before anything is sent.
  await dashboard.locator('#hyper-params').fill('H=4');
  await dashboard.locator('#algorithm-apply').click();
  await expect(dashboard.locator('#control-status')).toContainText('none of the selected algorithms (naive) reads H');
  expect((await statuses(tabs)).every((s) => s.runId === previous)).toBe(true);
  await dashboard.locator('#hyper-params').fill('stableDelay=7');
  await dashboard.locator('#algorithm-apply').click();
  const switched = await waitForDashboard(dashboard, (s) => s.runId === previous + 1 && s.algorithm === 'naive', 'the naive run');
  expect(switched.runs.find((r) => r.runId === previous)).toMatchObject({ current: false, overlaid: true });
  await expect(dashboard.locator(`#run-list li[data-run="${previous}"] input[type="checkbox"]`)).toBeChecked();
  await waitForAll(tabs, (all) => all.every((s) => s.runId === previous + 1 && s.algorithm === 'naive'), 'every tab on the naive run', 60_000);

  // Export → a CSV with every node's series (several reports per node).
  const peers = tabView.map((s) => s.peerId ?? '');
  await waitForDashboard(dashboard, (s) => peers.every((p) => s.runs.some((r) => r.runId === previous && r.peers.includes(p))), 'reports of every node');
  const [download] = await Promise.all([dashboard.waitForEvent('download'), dashboard.locator('#export-csv').click()]);
  const csv = readFileSync(await download.path(), 'utf8').trimEnd().split('\n');
  const header = csv[0]?.split(',') ?? [];
  const peerColumn = header.indexOf('peerId');
  const runColumn = header.indexOf('runId');
  expect(peerColumn).toBeGreaterThanOrEqual(0);
  for (const peer of peers) {
    const rows = csv.slice(1).filter((line) => line.split(',')[peerColumn] === peer);
    expect(rows.length, `reports of ${peer} in the CSV`).toBeGreaterThan(2);
    expect(rows.some((line) => line.split(',')[runColumn] === String(previous))).toBe(true);
  }
  expect(download.suggestedFilename()).toMatch(/^canopy-dash-.*\.csv$/);
});

test('Data control: switching the room to Fashion-MNIST starts a new run that learns the clothes', async ({ cluster, server }) => {
  const room = 'clothes';
  const tabs = await openTabs(cluster, room, 2);
  const dashboard = (await cluster.open(`/dashboard?room=${room}&token=${server.adminToken}`, { name: 'dashboard' })).page;
  const first = await waitForAll(tabs, (all) => all.every((s) => s.step > 0 && s.runId !== null && s.dataset === 'mnist'), 'both tabs training on MNIST');
  const previous = first[0]?.runId ?? -1;
  await dashboard.locator('#dataset-select').selectOption('fashion-mnist');
  await dashboard.locator('#dataset-apply').click();
  // The asset is fetched and trained on by every tab: held-out accuracy on clothes far above chance (10%).
  const trained = await waitForAll(
    tabs,
    (all) => all.every((s) => s.runId === previous + 1 && s.dataset === 'fashion-mnist' && s.error === null && (s.heldOutAccuracy ?? 0) >= 0.6),
    'both tabs ≥ 60% held-out on Fashion-MNIST',
    150_000,
  );
  expect(trained.every((s) => s.step > 0)).toBe(true);
  await expect(dashboard.locator('#dataset-select')).toHaveValue('fashion-mnist');
});

test('without the token no control is shown; with a wrong one the server refusal is', async ({ cluster }) => {
  const room = 'viewers';
  const [tab] = await openTabs(cluster, room, 1);
  const viewer = (await cluster.open(`/dashboard?room=${room}`, { name: 'viewer' })).page;
  const seen = await waitForDashboard(viewer, (s) => s.nodes.length === 1 && s.nodes[0]?.step !== null, 'the one node reporting');
  expect(seen.admin).toBe(false);
  expect(seen.nodes[0]?.id).toBe((await statuses(tab ? [tab] : []))[0]?.peerId);
  await expect(viewer.locator('#controls')).toHaveCount(0);
  await expect(viewer.locator('#loss-slider, #pause-button, #algorithm-select, [data-straggler]')).toHaveCount(0);
  await expect(viewer.getByText('view only')).toBeVisible();

  const intruder = (await cluster.open(`/dashboard?room=${room}&token=not-the-token`, { name: 'intruder' })).page;
  await waitForDashboard(intruder, (s) => s.connected && s.paused !== null, 'the room state');
  await intruder.locator('#pause-button').click();
  await expect(intruder.locator('#control-status')).toContainText('unauthorized');
  expect((await dashboardState(intruder))?.paused).toBe(false);
});

test('names: the name a student gives on the node page is the name on the dashboard, renamed too', async ({ cluster }) => {
  const room = 'names';
  const student = await cluster.open(`${nodePage(room)}&name=${encodeURIComponent('Ada L.')}`, { name: 'ada' });
  const dashboard = (await cluster.open(`/dashboard?room=${room}`, { name: 'dashboard' })).page;
  const joined = await waitForStatus(student, (s) => s.peerId !== null, 'the tab to join', 30_000);
  expect(joined.displayName).toBe('Ada L.');
  expect(await student.page.inputValue('[data-field="name-input"]')).toBe('Ada L.');
  await waitForDashboard(dashboard, (s) => s.nodes.some((n) => n.id === joined.peerId && n.displayName === 'Ada L.'), 'Ada on the dashboard', 30_000);

  // The student picks another name with the page's own field: the page rejoins under it, and remembers it.
  await student.page.fill('[data-field="name-input"]', 'Grace H.');
  await student.page.click('form.name-field button');
  await student.page.waitForURL(/name=Grace/);
  const renamed = await waitForStatus(student, (s) => s.peerId !== null && s.displayName === 'Grace H.', 'the renamed tab to join', 30_000);
  await waitForDashboard(dashboard, (s) => s.nodes.length === 1 && s.nodes[0]?.id === renamed.peerId && s.nodes[0]?.displayName === 'Grace H.', 'Grace (alone) on the dashboard', 30_000);
  // A later visit without ?name= uses the remembered name.
  await student.page.goto(new URL(nodePage(room), student.page.url()).toString());
  const again = await waitForStatus(student, (s) => s.peerId !== null, 'the revisit to join', 30_000);
  expect(again.displayName).toBe('Grace H.');
});

test('the teacher removes a tab from the dashboard: it is told why, stops, and the others go on without it', async ({ cluster, server }) => {
  const room = 'kick';
  const tabs = await openTabs(cluster, room, 3);
  const dashboard = (await cluster.open(`/dashboard?room=${room}&token=${server.adminToken}`, { name: 'dashboard' })).page;
  const before = await waitForAll(tabs, (all) => all.every((s) => s.peerId !== null && s.step > 0), 'every tab stepping');
  const target = before.find((s) => !(s.roles?.pull.isRoot ?? false))!;
  const targetTab = tabs[before.indexOf(target)]!;
  await waitForDashboard(dashboard, (s) => s.nodes.length === 3, '3 nodes on the dashboard');
  dashboard.once('dialog', (dialog) => void dialog.accept());
  await dashboard.click(`button[data-kick="${target.peerId}"]`);
  await expect(targetTab.page.getByText(/removed from room kick: the admin removed this tab/)).toBeVisible({ timeout: 15_000 });
  const gone = await waitForStatus(targetTab, (s) => s.connection === 'disconnected', 'the removed tab to be cut off', 15_000);
  expect(gone.connection).toBe('disconnected');
  await waitForDashboard(dashboard, (s) => s.nodes.length === 2 && !s.nodes.some((n) => n.id === target.peerId), 'the dashboard without it', 15_000);
  const others = tabs.filter((t) => t !== targetTab);
  const stepsAtKick = (await statuses(others)).map((s) => s.step);
  await waitForAll(others, (all) => all.every((s, i) => s.step > stepsAtKick[i]! + 20 && !(s.roles?.pull.parents ?? []).includes(target.peerId!)), 'the others training without it', 30_000);

  // So that it cannot come back under a new id, the teacher locks the room: a new tab is refused and says why,
  // the members go on; once unlocked, the waiting tab joins by itself.
  await dashboard.click('#lock-button');
  await expect(dashboard.locator('#locked')).toBeVisible({ timeout: 10_000 });
  await expect(dashboard.locator('#lock-button')).toHaveText('Unlock room');
  const stranger = await cluster.open(nodePage(room), { name: 'stranger' });
  await expect(stranger.page.getByText(/room-locked/)).toBeVisible({ timeout: 15_000 });
  expect((await statuses([stranger]))[0]!.connection).not.toBe('joined');
  const stepsAtLock = (await statuses(others)).map((s) => s.step);
  await waitForAll(others, (all) => all.every((s, i) => s.step > stepsAtLock[i]! + 20), 'the members training in the locked room', 30_000);
  await dashboard.click('#lock-button');
  await expect(dashboard.locator('#locked')).toBeHidden({ timeout: 10_000 });
  await waitForStatus(stranger, (s) => s.connection === 'joined', 'the waiting tab joining the unlocked room', 15_000);
});
