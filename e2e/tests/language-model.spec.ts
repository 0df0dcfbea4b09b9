/**
 * Issue 18, item 3: a character-level transformer on Moby-Dick, trained by 3 real tabs on the wasm backend.
 * The teacher switches the room to the text task on the dashboard (the model follows the data, the step size
 * and batch are the task's); the tabs get below the unigram baseline (4.41 bits per character: what knowing
 * only letter frequencies gives), and what the model writes is shown on each node page and on the dashboard.
 * How low 3 tabs get in 5 minutes, against 1 tab, is measured by `pnpm bench language-model`, not here.
 */
import { accuracyOf, openTabs, waitForAll } from '../../packages/harness/src/status';
import { expect, test } from '../fixtures/test';

const UNIGRAM_BITS = 4.41;
/** 0.4 below unigram: ~130 steps of 3 tabs (1–2 min idle); the speed target is the benchmark's. */
const BELOW_UNIGRAM_BITS = 4.0;
const bits = (nats: number | null): number => (nats === null ? Infinity : nats / Math.LN2);

test('3 tabs train the Moby-Dick transformer below the unigram baseline; the page and the dashboard show what it writes', async ({ cluster, server }, testInfo) => {
  test.setTimeout(330_000);
  const room = 'melville';
  const tabs = await openTabs(cluster, room, 3);
  const dashboard = (await cluster.open(`/dashboard?room=${room}&token=${server.adminToken}`, { name: 'dashboard' })).page;
  const first = await waitForAll(tabs, (all) => all.every((s) => s.step > 0 && s.runId !== null), 'every tab training');
  const previous = first[0]!.runId!;
  await dashboard.locator('#dataset-select').selectOption('moby-dick');
  await expect(dashboard.locator('#model-select'), 'the model follows the data').toHaveValue('transformer');
  await dashboard.locator('#dataset-apply').click();
  await expect(dashboard.locator('#control-status')).toContainText(`dataset applied (run ${previous + 1})`);

  const trained = await waitForAll(
    tabs,
    (all) => all.every((s) => s.runId === previous + 1 && s.model === 'transformer' && bits(s.heldOutLoss) <= BELOW_UNIGRAM_BITS && s.sample !== null),
    `every tab ≤ ${BELOW_UNIGRAM_BITS} bits per character (unigram ${UNIGRAM_BITS}) with a text sample`,
    240_000,
  );
  for (const s of trained) {
    expect(s.error).toBeNull();
    expect(accuracyOf(s), `${s.peerId}: next-character accuracy above the most common character's share (17%)`).toBeGreaterThan(0.2);
  }
  const [page] = tabs;
  const sample = page!.page.locator('dd[data-field="sample"]');
  await expect(sample).toHaveText(/^The whale[\s\S]{100,}/);
  await expect(dashboard.locator('#text-sample')).toBeVisible();
  await expect(dashboard.locator('#text-sample')).toHaveText(/^The whale[\s\S]{100,}/);
  console.log(`held-out bits per character: ${trained.map((s) => bits(s.heldOutLoss).toFixed(2)).join(', ')} at steps ${trained.map((s) => s.step).join(', ')}`);
  console.log(`sample: ${JSON.stringify(await sample.textContent())}`);
  // Kept under test-results/ (the README's picture comes from here).
  await page!.page.screenshot({ path: testInfo.outputPath('node-page.png'), fullPage: true });
  await dashboard.screenshot({ path: testInfo.outputPath('dashboard.png'), fullPage: true });
});
