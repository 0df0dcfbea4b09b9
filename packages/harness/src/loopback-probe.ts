/**
 * Run inside a network namespace with only loopback (see e2e/tests/diagnostics.spec.ts): the real server and two
 * real Chromium tabs of one room, exactly the "machine with no network" a new user may have. Writes, as JSON to
 * the path given, whether a tab's page explained the unopened link and how long after the second tab opened.
 */
import { writeFileSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { Cluster } from './cluster';
import { launchServer, type RunningServer } from './server';
import { CHROMIUM_ARGS, findChromium, realLookup } from './chromium';

export interface LoopbackProbeResult {
  readonly explained: boolean;
  /** ms from the second tab's load to the explanation (or to giving up). */
  readonly afterMs: number;
  readonly problems: readonly string[];
}

const GIVE_UP_MS = 20_000;
const PATTERN = /found no network address/;

async function main(out: string): Promise<void> {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  try {
    const { executablePath } = findChromium(realLookup(() => chromium.executablePath()));
    server = await launchServer();
    browser = await chromium.launch({ headless: true, args: CHROMIUM_ARGS, ...(executablePath ? { executablePath } : {}) });
    const cluster = new Cluster(browser, server.url);
    const tabs = [await cluster.open('/?room=offline&backend=wasm'), await cluster.open('/?room=offline&backend=wasm')];
    const start = Date.now();
    let problems: string[] = [];
    while (Date.now() - start < GIVE_UP_MS) {
      problems = (await Promise.all(tabs.map((tab) => tab.page.locator('ul.problems li').allTextContents()))).flat();
      if (problems.some((p) => PATTERN.test(p))) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const result: LoopbackProbeResult = { explained: problems.some((p) => PATTERN.test(p)), afterMs: Date.now() - start, problems };
    writeFileSync(out, JSON.stringify(result));
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop();
  }
}

const out = process.argv[2];
if (out === undefined) {
  console.error('usage: loopback-probe.ts RESULT.json');
  process.exit(2);
}
main(out).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
