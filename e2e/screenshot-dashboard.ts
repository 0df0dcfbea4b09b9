/**
 * Screenshot of the classroom dashboard during a live run, for the README: the real server, 4 headless
 * training tabs and the dashboard (admin view) in Chromium, 30% injected loss, then docs/dashboard.png.
 *
 *   pnpm exec tsx e2e/screenshot-dashboard.ts [--seconds 45] [--out docs/dashboard.png]
 *
 * Builds the app when its sources are newer than dist/. On Linux as root it re-runs itself inside a private
 * network namespace (WebRTC needs a non-loopback interface; nothing leaves the machine), like e2e/run.sh.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import { Cluster } from '../packages/harness/src/cluster';
import { control } from '../packages/harness/src/room-admin';
import { launchServer, repoRoot, type RunningServer } from '../packages/harness/src/server';
import { nodePage } from '../packages/harness/src/status';
import { buildApp, currentBuildNeed } from '../packages/harness/src/app-build';
import { CHROMIUM_ARGS, findChromium, realLookup } from '../packages/harness/src/chromium';
import { currentFacts, decideNamespace, reexecInNamespace } from '../packages/harness/src/netns';
import { readTabStatus } from '../packages/harness/src/tab-status';

const ROOM = 'classroom';
const TABS = 4;

interface Options {
  readonly seconds: number;
  readonly out: string;
}

function options(): Options {
  const { values } = parseArgs({ options: { seconds: { type: 'string', default: '45' }, out: { type: 'string', default: 'docs/dashboard.png' } } });
  const seconds = Number(values.seconds);
  if (!Number.isFinite(seconds) || seconds < 5 || seconds > 600) throw new Error('--seconds must be between 5 and 600');
  return { seconds, out: resolve(repoRoot, values.out) };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function capture(server: RunningServer, browser: Browser, { seconds, out }: Options): Promise<void> {
  const cluster = new Cluster(browser, server.url);
  try {
    const tabs = [];
    for (let i = 1; i <= TABS; i++) tabs.push(await cluster.open(`${nodePage(ROOM)}&name=tab-${i}`, { name: `tab-${i}` }));
    const context = await browser.newContext({ viewport: { width: 1600, height: 1150 }, deviceScaleFactor: 1 });
    const dashboard = await context.newPage();
    await dashboard.goto(`${server.url}/dashboard?room=${ROOM}&token=${server.adminToken}`);
    console.log(`waiting for ${TABS} tabs to train…`);
    const deadline = Date.now() + 180_000;
    for (;;) {
      const reads = await Promise.all(tabs.map((tab) => readTabStatus(tab.page)));
      if (reads.every((r) => r.kind === 'ok' && r.status.step > 0)) break;
      if (Date.now() > deadline) throw new Error(`tabs not training after 180 s: ${JSON.stringify(reads.map((r) => r.kind))}`);
      await sleep(1_000);
    }
    await control(server, ROOM, { type: 'loss', p: 0.3 });
    console.log(`training for ${seconds} s at 30% loss…`);
    await sleep(seconds * 1_000);
    mkdirSync(dirname(out), { recursive: true });
    await dashboard.screenshot({ path: out, fullPage: true });
    console.log(`wrote ${out}`);
    await context.close();
  } finally {
    await cluster.closeAll();
  }
}

async function main(): Promise<number> {
  const chosen = options();
  const decision = decideNamespace(currentFacts());
  if (decision.kind !== 'inside') {
    const need = currentBuildNeed(repoRoot);
    if (need.build) {
      console.log(`building the app (${need.why})…`);
      await buildApp(repoRoot, (line) => console.log(`  ${line}`));
    }
  }
  if (decision.kind === 'enter') return reexecInNamespace();
  if (decision.kind === 'direct') console.log(`running without a private network namespace (${decision.reason})`);
  const { executablePath } = findChromium(realLookup(() => chromium.executablePath()));
  // Every interface, as pnpm start does: the header then shows the join QR code.
  const server = await launchServer({ host: '0.0.0.0' });
  const browser = await chromium.launch({ headless: true, args: CHROMIUM_ARGS, ...(executablePath ? { executablePath } : {}) });
  try {
    await capture(server, browser, chosen);
    return 0;
  } finally {
    await browser.close();
    await server.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
