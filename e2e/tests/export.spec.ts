/**
 * Issue 18: a model to take home. A 3-tab run; the dashboard's "Download model" saves the room checkpoint (the
 * root's newest evaluated model) as a tfjs LayersModel; `pnpm evaluate` reloads it in Node with tfjs and scores
 * it on the held-out set: the same accuracy the dashboard showed (±1 point). The node page's own download too.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Download, Page } from '@playwright/test';
import { repoRoot } from '../../packages/harness/src/server';
import { accuracyOf, openTabs, waitForAll } from '../../packages/harness/src/status';
import { expect, test } from '../fixtures/test';

const run = promisify(execFile);

/** Clicks `button` and saves the three files it downloads into a fresh directory. */
async function saveDownloads(page: Page, button: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'canopy-model-'));
  const downloads: Download[] = [];
  const collect = (download: Download): void => void downloads.push(download);
  page.on('download', collect);
  await page.locator(button).click();
  await expect.poll(() => downloads.length, { timeout: 30_000 }).toBe(3);
  page.off('download', collect);
  for (const download of downloads) await download.saveAs(join(dir, download.suggestedFilename()));
  return dir;
}

async function evaluate(dir: string): Promise<{ measured: { accuracy: number; samples: number }; claimed: { accuracy: number } }> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'apps/browser-node/src/training/export/evaluate-cli.ts', dir, '--json'], { cwd: repoRoot });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { measured: { accuracy: number; samples: number }; claimed: { accuracy: number } };
}

test('3 tabs: the model downloaded from the dashboard scores in Node with tfjs what the dashboard showed', async ({ cluster }) => {
  const room = 'export';
  const tabs = await openTabs(cluster, room, 3);
  await waitForAll(tabs, (all) => all.every((s) => accuracyOf(s) >= 0.85), 'every tab ≥ 85%');
  const dashboard = (await cluster.open(`/dashboard?room=${room}`, { name: 'dashboard' })).page;
  const button = dashboard.locator('#download-model');
  await expect(button).toBeEnabled({ timeout: 30_000 });
  await expect(dashboard.locator('#checkpoint-line')).toContainText(/Checkpoint: run \d+, step [\d,]+, \d+\.\d% held-out \(mnist mlp\)/);
  // The root uploads every 10 s, the dashboard looks every 5 s: the checkpoint catches up with the tabs.
  await expect.poll(async () => Number(await button.getAttribute('data-accuracy')), { timeout: 30_000 }).toBeGreaterThan(0.8);
  const shown = Number(await button.getAttribute('data-accuracy'));

  const fromDashboard = await evaluate(await saveDownloads(dashboard, '#download-model'));
  console.log(`dashboard showed ${shown}; the downloaded checkpoint claims ${fromDashboard.claimed.accuracy}; measured in Node ${fromDashboard.measured.accuracy}`);
  expect(fromDashboard.measured.samples).toBe(2_000);
  expect(Math.abs(fromDashboard.measured.accuracy - fromDashboard.claimed.accuracy)).toBeLessThanOrEqual(0.01);
  // The root may have renewed the checkpoint between the reading and the click (every 10 s, ~1 point apart at most).
  expect(Math.abs(fromDashboard.claimed.accuracy - shown)).toBeLessThanOrEqual(0.03);

  // A student keeps their own tab's model the same way.
  const student = tabs[1]!.page;
  await expect(student.locator('#download-model')).toBeEnabled();
  const fromNode = await evaluate(await saveDownloads(student, '#download-model'));
  expect(Math.abs(fromNode.measured.accuracy - fromNode.claimed.accuracy)).toBeLessThanOrEqual(0.01);
  expect(fromNode.measured.accuracy).toBeGreaterThan(0.8);
});
