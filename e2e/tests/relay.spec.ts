/**
 * Issue 17: two tabs on hosts with no route to each other (each in its own network namespace, reaching only the
 * server's address: client isolation on school Wi-Fi) train through the TURN relay the server starts with
 * `--turn` (Debian's coturn, per-peer time-limited credentials in the join ack). Both node pages and the
 * dashboard say the link is relayed. With a relay that does not answer, both pages say so within 10 s.
 */
import { chromium, type TestInfo } from '@playwright/test';
import { BrowserFleet, Cluster, type Tab } from '../../packages/harness/src/cluster';
import { freePort, launchServer, type RunningServer } from '../../packages/harness/src/server';
import { accuracyOf, nodePage, waitForAll, waitForStatus } from '../../packages/harness/src/status';
import { expect, test } from '../fixtures/test';
import { CHROMIUM_ARGS, findChromium, realLookup } from '../../packages/harness/src/chromium';
import { createIsolatedHosts, type IsolatedHosts } from '../../packages/harness/src/isolated-hosts';
import { currentFacts } from '../../packages/harness/src/netns';

const facts = currentFacts();
const ROOM = 'relayed';

interface IsolatedPair {
  readonly server: RunningServer;
  /** One tab on each of the two hosts. */
  readonly tabs: readonly [Tab, Tab];
  readonly clusters: Cluster[];
}

/** Two isolated hosts, a server (started with `serverArgs`) in this namespace, one tab per host; always cleaned up. */
async function withIsolatedPair(testInfo: TestInfo, serverArgs: readonly string[], body: (pair: IsolatedPair) => Promise<void>): Promise<void> {
  test.skip(facts.platform !== 'linux' || facts.uid !== 0 || !facts.hasIp, 'needs Linux, root and ip for per-host network namespaces');
  const chromiumPath = findChromium(realLookup(() => chromium.executablePath())).executablePath ?? chromium.executablePath();
  let isolated: IsolatedHosts | undefined;
  let server: RunningServer | undefined;
  const fleet = new BrowserFleet();
  const { clusters } = fleet;
  try {
    isolated = createIsolatedHosts(2, chromiumPath);
    const [a, b] = isolated.hosts as [NonNullable<IsolatedHosts['hosts'][0]>, NonNullable<IsolatedHosts['hosts'][0]>];
    // The premise: the hosts' common gateway (this namespace) passes nothing between them.
    expect(isolated.forwarding()).toBe(false);

    server = await launchServer({ host: '0.0.0.0', args: serverArgs });
    for (const host of [a, b]) {
      const browser = await chromium.launch({ executablePath: host.chromiumLauncher, args: CHROMIUM_ARGS });
      fleet.add(browser, `http://${host.serverAddress}:${server.port}`);
    }
    const tabs = [await clusters[0]!.open(nodePage(ROOM), { name: 'host-a' }), await clusters[1]!.open(nodePage(ROOM), { name: 'host-b' })] as const;
    await body({ server, tabs, clusters });
  } catch (error) {
    await fleet.attachDiagnostics(testInfo, server?.output ?? []);
    throw error;
  } finally {
    await fleet.close();
    await server?.stop();
    isolated?.remove();
  }
}

test('two tabs with no route to each other train to 85% through the TURN relay, and every page says relayed', async ({ browser }, testInfo) => {
  await withIsolatedPair(testInfo, ['--turn', '--turn-port', String(await freePort())], async ({ server, tabs, clusters }) => {
    for (const tab of tabs) await waitForStatus(tab, (s) => s.links.some((l) => l.state === 'open' && l.route !== null), 'an open link with a known route', 60_000);
    const all = await waitForAll(tabs, (statuses) => statuses.every((s) => accuracyOf(s) >= 0.85), 'both tabs ≥ 85% through the relay');
    for (const s of all) {
      expect(s.links.filter((l) => l.state === 'open').map((l) => l.route), `${s.peerId}'s links`).toEqual(['relayed']);
      expect(s.modelFinite).toBe(true);
    }
    for (const tab of tabs) await expect(tab.page.locator('table.links tr[data-route="relayed"]')).toHaveCount(1);

    // The teacher's dashboard (the fixture's browser, on the server's machine) marks the link, counts it per node.
    const teacher = new Cluster(browser, server.url);
    clusters.push(teacher);
    const dashboard = (await teacher.open(`/dashboard?room=${ROOM}&token=${server.adminToken}`, { name: 'dashboard' })).page;
    // Both trees' edges between the two tabs (pull and push) ride the one relayed connection.
    await expect(dashboard.locator('g[data-edge].relayed')).toHaveCount(2);
    await expect(dashboard.locator('table.node-table tbody tr').first()).toContainText('1 relayed');
  });
});

test('with a TURN relay that does not answer, both pages say the relay is unreachable within 10 s; the dashboard marks the link stalled', async ({ browser }, testInfo) => {
  // A relay URL whose port nobody serves (the relay "elsewhere" is down or firewalled).
  const deadPort = String(await freePort());
  await withIsolatedPair(testInfo, ['--turn-url', `turn:{host}:${deadPort}?transport=udp`, '--turn-secret', 'unused'], async ({ server, tabs, clusters }) => {
    const joined = Date.now();
    for (const tab of tabs) await expect(tab.page.locator('ul.problems li')).toContainText(['relay unreachable'], { timeout: 15_000 });
    expect(Date.now() - joined).toBeLessThan(10_000 + 2_000); // the second tab's page load is inside the window

    const teacher = new Cluster(browser, server.url);
    clusters.push(teacher);
    const dashboard = (await teacher.open(`/dashboard?room=${ROOM}&token=${server.adminToken}`, { name: 'dashboard' })).page;
    await expect(dashboard.locator('g[data-edge].stalled')).toHaveCount(2, { timeout: 20_000 });
    await expect(dashboard.locator('table.node-table tbody tr.stalled')).toHaveCount(2);
  });
});

test('without a relay, two tabs that cannot reach each other say so within 10 s and say to start the server with --turn', async ({}, testInfo) => {
  await withIsolatedPair(testInfo, [], async ({ tabs }) => {
    const joined = Date.now();
    for (const tab of tabs) await expect(tab.page.locator('ul.problems li')).toContainText(['cannot reach each other'], { timeout: 15_000 });
    expect(Date.now() - joined).toBeLessThan(10_000 + 2_000); // the second tab's page load is inside the window
    for (const tab of tabs) await expect(tab.page.locator('ul.problems li').first()).toContainText('start it with --turn');
  });
});
