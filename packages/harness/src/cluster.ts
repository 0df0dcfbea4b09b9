/**
 * Real Chromium tabs, each in its own browser context (its own storage, its own WebRTC stack), with their
 * console logs kept so a failing scenario can attach them.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';

/** Where a failed run's diagnostics go: Playwright's TestInfo in the e2e scenarios. */
export interface DiagnosticsSink {
  attach(name: string, options: { body: string | Buffer; contentType: string }): Promise<void>;
}

export interface Tab {
  readonly name: string;
  readonly page: Page;
  readonly context: BrowserContext;
  readonly logs: string[];
  closed: boolean;
}

export class Cluster {
  readonly tabs: Tab[] = [];

  constructor(
    private readonly browser: Browser,
    private readonly baseUrl: string,
  ) {}

  /**
   * Opens `path` (e.g. `/?room=r1`) in a fresh context. `initScript` runs in the page before any of its own
   * scripts (the hostile-tab scenario patches the data channel with it).
   */
  async open(path: string, options: { name?: string; initScript?: () => void } = {}): Promise<Tab> {
    const name = options.name ?? `tab${this.tabs.length + 1}`;
    const context = await this.browser.newContext();
    if (options.initScript) await context.addInitScript(options.initScript);
    const page = await context.newPage();
    const logs: string[] = [];
    const stamp = (): string => new Date().toISOString().slice(11, 23);
    page.on('console', (m) => logs.push(`${stamp()} [${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => logs.push(`${stamp()} [pageerror] ${e.stack ?? e.message}`));
    page.on('crash', () => logs.push(`${stamp()} [crash]`));
    try {
      await page.goto(`${this.baseUrl}${path}`);
    } catch (error) {
      // A browser that starts while its network namespace settles may see one change and abort the load: once more.
      if (!String(error).includes('ERR_NETWORK_CHANGED')) throw error;
      await page.goto(`${this.baseUrl}${path}`);
    }
    const tab: Tab = { name, page, context, logs, closed: false };
    this.tabs.push(tab);
    return tab;
  }

  async close(tab: Tab): Promise<void> {
    tab.closed = true;
    await tab.context.close();
  }

  /** Every tab's console log and a screenshot of each open tab, attached to the test report. */
  async attachDiagnostics(testInfo: DiagnosticsSink, serverOutput: readonly string[]): Promise<void> {
    for (const tab of this.tabs) {
      await testInfo.attach(`${tab.name}-console.log`, { body: tab.logs.join('\n'), contentType: 'text/plain' });
      if (!tab.closed) {
        try {
          const shot = await tab.page.screenshot({ fullPage: true, timeout: 5_000 });
          await testInfo.attach(`${tab.name}.png`, { body: shot, contentType: 'image/png' });
        } catch (error) {
          await testInfo.attach(`${tab.name}-screenshot-error.txt`, { body: String(error), contentType: 'text/plain' });
        }
      }
    }
    await testInfo.attach('server.log', { body: serverOutput.join(''), contentType: 'text/plain' });
  }

  async closeAll(): Promise<void> {
    for (const tab of this.tabs) if (!tab.closed) await this.close(tab).catch(() => undefined);
  }
}

/**
 * Several browsers, each with its Cluster (one per emulated host or device): one place for the diagnostics of
 * a failed scenario and for the teardown. Clusters added later (a teacher's dashboard) join `clusters`.
 */
export class BrowserFleet {
  readonly browsers: Browser[] = [];
  readonly clusters: Cluster[] = [];

  add(browser: Browser, baseUrl: string): Cluster {
    this.browsers.push(browser);
    const cluster = new Cluster(browser, baseUrl);
    this.clusters.push(cluster);
    return cluster;
  }

  /** Every cluster's tabs; the server's log once. */
  async attachDiagnostics(testInfo: DiagnosticsSink, serverOutput: readonly string[]): Promise<void> {
    for (const [i, cluster] of this.clusters.entries()) await cluster.attachDiagnostics(testInfo, i === 0 ? serverOutput : []);
  }

  async close(): Promise<void> {
    for (const cluster of this.clusters) await cluster.closeAll();
    for (const browser of this.browsers) await browser.close().catch(() => undefined);
  }
}
