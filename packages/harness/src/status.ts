/** Reading a tab's state through the node page's `window.canopy.status()`. */
import type { LinkStatus, NodeStatus } from '../../../apps/browser-node/src/runner/status';
import type { Cluster, Tab } from './cluster';

export type { LinkStatus, NodeStatus };

declare global {
  interface Window {
    canopy?: { status(): NodeStatus };
  }
}

export async function status(tab: Tab): Promise<NodeStatus> {
  const value = await tab.page.evaluate(() => window.canopy?.status() ?? null);
  if (value === null) throw new Error(`${tab.name}: window.canopy is not there (page not loaded?)`);
  return value;
}

/** Polls until `accept` holds for the tab's status; the timeout error shows the last status seen. */
export async function waitForStatus(
  tab: Tab,
  accept: (s: NodeStatus) => boolean,
  what: string,
  timeoutMs = 120_000,
): Promise<NodeStatus> {
  const deadline = Date.now() + timeoutMs;
  let last: NodeStatus | undefined;
  while (Date.now() < deadline) {
    try {
      last = await status(tab);
      if (accept(last)) return last;
      if (last.error) throw new Error(`${tab.name} reports an error: ${last.error}`);
    } catch (error) {
      if (error instanceof Error && error.message.includes('reports an error')) throw error;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${tab.name}: timed out after ${timeoutMs} ms waiting for ${what}; last status: ${JSON.stringify(summary(last))}`);
}

/** The fields worth printing when a wait fails. */
export function summary(s: NodeStatus | undefined): unknown {
  if (!s) return null;
  const { peerId, epoch, runId, step, heldOutAccuracy, connection, waiting, error, injectedDrops, malformedFrames } = s;
  return { peerId, epoch, runId, step, heldOutAccuracy, connection, waiting, error, injectedDrops, malformedFrames, links: s.links.map((l) => `${l.peer}:${l.state}`) };
}

export const accuracyOf = (s: NodeStatus): number => s.heldOutAccuracy ?? 0;

export function isRoot(s: NodeStatus): boolean {
  return s.roles?.pull.isRoot ?? false;
}

/** wasm is the fastest backend on these CPU-only machines; forcing it skips a calibration per tab. */
export const nodePage = (room: string): string => `/?room=${room}&backend=wasm`;

export async function openTabs(cluster: Cluster, room: string, count: number): Promise<Tab[]> {
  const tabs: Tab[] = [];
  for (let i = 0; i < count; i++) tabs.push(await cluster.open(nodePage(room)));
  return tabs;
}

export async function statuses(tabs: readonly Tab[]): Promise<NodeStatus[]> {
  return Promise.all(tabs.map((tab) => status(tab)));
}

/** Polls all tabs until `accept` holds for their statuses together. */
export async function waitForAll(
  tabs: readonly Tab[],
  accept: (all: NodeStatus[]) => boolean,
  what: string,
  timeoutMs = 180_000,
): Promise<NodeStatus[]> {
  const deadline = Date.now() + timeoutMs;
  let last: NodeStatus[] = [];
  while (Date.now() < deadline) {
    last = await statuses(tabs);
    const failed = last.find((s) => s.error);
    if (failed) throw new Error(`a tab reports an error: ${failed.error}`);
    if (accept(last)) return last;
    await new Promise((r) => setTimeout(r, 1_000));
  }
  const seen = last.map((s) => `${s.peerId}: run ${s.runId}, step ${s.step}, acc ${s.heldOutAccuracy}, loss ${s.heldOutLoss?.toFixed(3)}, ${s.waiting ?? ''}`);
  throw new Error(`timed out waiting for ${what}; last: ${seen.join(' | ')}`);
}

export function rootOf(all: readonly NodeStatus[]): NodeStatus | undefined {
  return all.find(isRoot);
}

/** The root reaches `target` and every tab is within `spread` of it. */
export const rootAtWithSpread = (target: number, spread: number) => (all: NodeStatus[]): boolean => {
  const root = rootOf(all);
  if (!root || accuracyOf(root) < target) return false;
  return all.every((s) => Math.abs(accuracyOf(s) - accuracyOf(root)) <= spread);
};

