/**
 * The browser half of `pnpm bench browser`: `tsx bench/pages/main.ts --out FILE`. Serves the built app
 * with the real signaling server (static files only), opens three benchmark pages (/bench/) in separate
 * Chromium contexts, runs the link part (4 MB over a data channel, raw vs framed) then the step part (bare
 * step vs runner step) and writes the raw measurements as JSON. On Linux as root it re-runs itself inside a private
 * network namespace (packages/harness/src/netns.ts): Chromium gathers no ICE candidates with loopback alone.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { Cluster } from '../../packages/harness/src/cluster';
import { launchServer, repoRoot, type RunningServer } from '../../packages/harness/src/server';
import { CHROMIUM_ARGS, ChromiumMissingError, findChromium, realLookup } from '../../packages/harness/src/chromium';
import { currentFacts, decideNamespace, reexecInNamespace } from '../../packages/harness/src/netns';
import { median, megabytesPerSecond } from '../../apps/browser-node/bench/stats';
import { benchRelay } from './bench-relay';
import { BenchTab } from './bench-tab';
import { BROWSER_BENCH_EXIT as EXIT } from './exit-codes';
import { LINK_PHASE_DEFAULTS, measureLinks } from './link-phase';
import { SignalRelay } from './relay';
import type { BrowserBenchResult, LinkPart, StepPart } from './schemas';
import { measureSteps, STEP_PHASE_DEFAULTS } from './step-phase';

const PAGE = '/bench/';
const log = (line: string): void => console.log(line);

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function logTabTails(cluster: Cluster): void {
  for (const tab of cluster.tabs) console.error(`--- ${tab.name} console (last 15 lines)\n${tab.logs.slice(-15).join('\n')}`);
}

function outPath(argv: readonly string[]): string | undefined {
  const at = argv.indexOf('--out');
  return at >= 0 ? argv[at + 1] : undefined;
}

async function run(executablePath: string | undefined, network: string): Promise<BrowserBenchResult> {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let cluster: Cluster | undefined;
  const cleanup = async (): Promise<void> => {
    await cluster?.closeAll();
    await browser?.close().catch(() => undefined);
    await server?.stop();
  };
  // Killed for time by the section (SIGTERM): close the browser and server first, leave no orphans.
  const onTerm = (): void => void cleanup().finally(() => process.exit(143));
  process.once('SIGTERM', onTerm);
  try {
    const turn = await benchRelay();
    server = await launchServer({ args: turn.serverArgs });
    browser = await chromium.launch({ headless: true, args: CHROMIUM_ARGS, ...(executablePath ? { executablePath } : {}) });
    const pages = new Cluster(browser, server.url);
    cluster = pages;
    const relay = new SignalRelay();
    const open = async (name: string): Promise<BenchTab> => {
      const tab = new BenchTab(name, (await pages.open(PAGE, { name })).page);
      await relay.install(tab);
      await tab.ready();
      return tab;
    };
    const hub = await open('hub');
    const left = await open('left');
    const right = await open('right');
    log(`Chromium ${browser.version()}; three pages open at ${server.url}${PAGE}`);
    // Links first: their raw throughput sets the pace of the step part's neighbours (see pace.ts).
    let links: LinkPart | null = null;
    let linkError: string | null = null;
    try {
      links = { elements: LINK_PHASE_DEFAULTS.elements, transfers: await measureLinks({ sender: left, receiver: right }, relay, { ...LINK_PHASE_DEFAULTS, relay: turn.iceServers() }, log) };
    } catch (error) {
      linkError = describe(error);
      log(`link part failed: ${linkError}`);
    }
    const rawMs = median((links?.transfers ?? []).filter((t) => t.variant === 'raw-256k').map((t) => t.ms));
    const linkMegabytesPerSecond = megabytesPerSecond(LINK_PHASE_DEFAULTS.elements * 4, rawMs); // NaN without it: pace = step time
    let steps: StepPart | null = null;
    let stepError: string | null = null;
    try {
      steps = await measureSteps({ hub, left, right }, relay, STEP_PHASE_DEFAULTS, linkMegabytesPerSecond, log);
    } catch (error) {
      stepError = describe(error);
      log(`step part failed: ${stepError}`);
      logTabTails(pages);
    }
    const problems = [...relay.problems];
    for (const tab of [hub, left, right]) problems.push(...(await tab.problems()));
    return { chromium: browser.version(), network, links, linkError, steps, stepError, problems };
  } catch (error) {
    if (cluster !== undefined) logTabTails(cluster);
    throw error;
  } finally {
    process.off('SIGTERM', onTerm);
    await cleanup();
  }
}

async function main(): Promise<number> {
  const out = outPath(process.argv.slice(2));
  if (out === undefined) {
    console.error('usage: tsx bench/pages/main.ts --out FILE');
    return EXIT.usage;
  }
  let executablePath: string | undefined;
  try {
    ({ executablePath } = findChromium(realLookup(() => chromium.executablePath())));
  } catch (error) {
    if (!(error instanceof ChromiumMissingError)) throw error;
    console.error(error.message);
    return EXIT.noChromium;
  }
  const decision = decideNamespace(currentFacts());
  if (decision.kind === 'enter') return reexecInNamespace();
  const network = decision.kind === 'inside' ? 'private network namespace (veth pair)' : `host network (${decision.reason})`;
  const result = await run(executablePath, network);
  const path = resolve(repoRoot, out);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(result));
  return EXIT.ok;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`browser benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(EXIT.failed);
  },
);
