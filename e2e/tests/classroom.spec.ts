/**
 * Issue 17, the classroom flow: the dashboard shows the join link as a QR code; decoded by an independent
 * decoder (jsQR) it is the server's LAN address with a short code (not the localhost the teacher typed), and a
 * student's browser following it lands in the room under the name it chose. Preset scenarios run in one click.
 */
import jsQR from 'jsqr';
import { Cluster } from '../../packages/harness/src/cluster';
import { launchServer, type RunningServer } from '../../packages/harness/src/server';
import { snapshot } from '../../packages/harness/src/room-admin';
import { accuracyOf, isRoot, openTabs, statuses, waitForAll, waitForStatus } from '../../packages/harness/src/status';
import { expect, test } from '../fixtures/test';

test('the dashboard\'s QR code decodes to a short link on the LAN address, and the link puts a student in the room', async ({ browser }, testInfo) => {
  let server: RunningServer | undefined;
  const cluster: { value?: Cluster } = {};
  const extra: Cluster[] = [];
  try {
    // Listening everywhere, as `pnpm start` does: the QR must carry an address another machine can open.
    server = await launchServer({ host: '0.0.0.0' });
    cluster.value = new Cluster(browser, server.url); // http://127.0.0.1:PORT: the teacher on the server machine
    const dashboard = (await cluster.value.open(`/dashboard?room=biology&token=${server.adminToken}`, { name: 'dashboard' })).page;
    const canvas = dashboard.locator('#join-link canvas.qr');
    await expect(canvas).toHaveCount(1);
    const pixels = await canvas.evaluate((node: HTMLCanvasElement) => {
      const image = node.getContext('2d')!.getImageData(0, 0, node.width, node.height);
      return { width: image.width, height: image.height, data: Array.from(image.data) };
    });
    const decoded = jsQR(Uint8ClampedArray.from(pixels.data), pixels.width, pixels.height)?.data;
    expect(decoded).toMatch(new RegExp(`^http://(?!127\\.|localhost)[\\d.]+:${server.port}/j/[a-z2-9]{6}$`));
    await expect(dashboard.locator('#join-link a.join-url')).toHaveText(decoded!);

    // The student's laptop opens exactly what the code says (the LAN address, not the teacher's 127.0.0.1).
    const students = new Cluster(browser, new URL(decoded!).origin);
    extra.push(students);
    const student = await students.open(`${new URL(decoded!).pathname}?name=Ada`, { name: 'student' });
    await expect(student.page).toHaveURL(/\/\?room=biology&name=Ada$/);
    const joined = await waitForStatus(student, (s) => s.connection === 'joined', 'the student to join', 30_000);
    expect(joined.room).toBe('biology');
    await expect(dashboard.locator('table.node-table tbody tr')).toContainText(['Ada']);
  } catch (error) {
    await cluster.value?.attachDiagnostics(testInfo, server?.output ?? []);
    for (const c of extra) await c.attachDiagnostics(testInfo, []);
    throw error;
  } finally {
    await cluster.value?.closeAll();
    for (const c of extra) await c.closeAll();
    await server?.stop();
  }
});

test('one-click scenarios: "30% loss: naive vs R-FAST" and "A slow laptop" reach the tabs; "Back to normal" undoes them', async ({ cluster, server }) => {
  const room = 'scenes';
  const tabs = await openTabs(cluster, room, 2);
  await waitForAll(tabs, (all) => all.every((s) => s.step > 0), 'both tabs stepping');
  const dashboard = (await cluster.open(`/dashboard?room=${room}&token=${server.adminToken}`, { name: 'dashboard' })).page;
  await expect(dashboard.locator('table.node-table tbody tr')).toHaveCount(2);
  await expect(dashboard.locator('#explanations summary')).toHaveText('What am I looking at?');

  await dashboard.locator('button[data-scenario="loss-naive-vs-rfast"]').click();
  await expect(dashboard.locator('#scenario-status')).toContainText('Naive gossip under 30% loss');
  await expect.poll(async () => (await snapshot(server, room)).state.settings.algorithm.name).toBe('naive');
  expect((await snapshot(server, room)).state.faults.loss.p).toBe(0.3);
  // The tabs start the naive run (a new run id) and apply the loss (they count drops).
  await waitForAll(tabs, (all) => all.every((s) => s.algorithm === 'naive' && s.injectedDrops > 0), 'tabs on naive with drops');

  await dashboard.locator('button[data-scenario="slow-laptop"]').click();
  const leaf = (await statuses(tabs)).find((s) => !isRoot(s))!;
  await expect.poll(async () => (await snapshot(server, room)).state.faults.stragglers).toEqual([{ peer: leaf.peerId, factor: 4 }]);
  await expect(dashboard.locator('#scenario-status')).toContainText('now computes 4× slower');

  await dashboard.locator('button[data-scenario="clear-faults"]').click();
  await expect.poll(async () => {
    const { faults } = (await snapshot(server, room)).state;
    return { loss: faults.loss.p, stragglers: faults.stragglers.filter((s) => s.factor !== 1) };
  }).toEqual({ loss: 0, stragglers: [] });
});

test('"The root leaves": the trees get a new root at once, the old root is told why and comes back by itself as an ordinary node', async ({ cluster, server }) => {
  const room = 'root-leaves';
  const tabs = await openTabs(cluster, room, 3);
  const before = await waitForAll(tabs, (all) => all.every((s) => accuracyOf(s) >= 0.8), 'every tab ≥ 80%');
  const rootIndex = before.findIndex(isRoot);
  const root = tabs[rootIndex]!;
  const others = tabs.filter((_, i) => i !== rootIndex);
  const dashboard = (await cluster.open(`/dashboard?room=${room}&token=${server.adminToken}`, { name: 'dashboard' })).page;
  await expect(dashboard.locator('table.node-table tbody tr')).toHaveCount(3);

  await dashboard.locator('button[data-scenario="root-leaves"]').click();
  await expect(root.page.locator('ul.problems li')).toContainText(['took this tab out of the room for 30 s']);
  const repaired = await waitForAll(others, (all) => all.every((s) => s.roles !== null && s.peerId !== before[rootIndex]!.peerId && all.some(isRoot)), 'a new root among the others', 10_000);
  expect(repaired.filter(isRoot)).toHaveLength(1);
  await expect(dashboard.locator('table.node-table tbody tr')).toHaveCount(2);

  // Back after 30 s under its own id, not the root, training from its new parent's model.
  const back = await waitForStatus(root, (s) => s.connection === 'joined' && s.roles !== null && s.step > 0, 'the old root back and stepping', 60_000);
  expect(back.peerId).toBe(before[rootIndex]!.peerId);
  expect(isRoot(back)).toBe(false);
  await waitForStatus(root, (s) => accuracyOf(s) >= 0.8, 'the old root at the room\'s accuracy again', 30_000);
  await expect(dashboard.locator('#scenario-status')).toContainText('back as an ordinary node', { timeout: 15_000 });
});
