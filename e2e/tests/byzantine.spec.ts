/**
 * Scenario 8 (issue 16): a participant sends well-formed, finite, hostile values. The attacker is a node page
 * whose RTCDataChannel.send is rewritten at the wire level once the test switches the attack on (the frame
 * layout: kind at byte 3, dtype at byte 4, message id at 14, payload from byte 32), so it joins, links and
 * trains honestly first. Its honest neighbours must refuse what it sends, quarantine its link within 10 s and
 * report it (dashboard, or eviction by two reporters), never fall below 80% held-out while it is there (75%
 * during the trees' repair after an eviction: churn alone dips a 3-tab room), and be back where they were within
 * 30 s of it being gone.
 */
import type { Page } from '@playwright/test';
import { accuracyOf, nodePage, openTabs, statuses, waitForAll, type NodeStatus } from '../../packages/harness/src/status';
import type { Tab } from '../../packages/harness/src/cluster';
import { expect, test } from '../fixtures/test';

type AttackMode = 'scaled' | 'random' | 'injection';

/** Runs in the attacker's page before the app: rewrites outgoing frames while window.__canopyAttack names a mode. */
function installHostileRewriter(): void {
  const send = RTCDataChannel.prototype.send as (this: RTCDataChannel, data: unknown) => void;
  const trackerMessages = new Map<number, number>();
  RTCDataChannel.prototype.send = function hostileSend(this: RTCDataChannel, data: unknown): void {
    const mode = (window as unknown as { __canopyAttack?: string }).__canopyAttack;
    if (mode === undefined || !ArrayBuffer.isView(data) || data.byteLength <= 32) return send.call(this, data);
    const bytes = new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
    const kind = bytes[3];
    const dtype = bytes[4];
    if ((kind !== 1 && kind !== 2) || (dtype !== 0 && dtype !== 1)) return send.call(this, data);
    const payload = bytes.buffer.slice(32);
    const values = dtype === 0 ? new Float32Array(payload, 0, payload.byteLength >> 2) : new Float64Array(payload, 0, payload.byteLength >> 3);
    if (mode === 'scaled') for (let k = 0; k < values.length; k++) values[k] = values[k]! * 1000;
    else if (mode === 'random') for (let k = 0; k < values.length; k++) values[k] = (Math.random() * 2 - 1) * 5000;
    else if (mode === 'injection' && kind === 2) {
      // Every chunk of one message gets the same offset: 1000 more per coordinate with every running sum sent.
      const id = new DataView(bytes.buffer).getUint32(14, true);
      if (!trackerMessages.has(id)) trackerMessages.set(id, trackerMessages.size + 1);
      const offset = 1000 * trackerMessages.get(id)!;
      for (let k = 0; k < values.length; k++) values[k] = values[k]! + offset;
    }
    bytes.set(new Uint8Array(payload), 32);
    return send.call(this, bytes);
  } as typeof RTCDataChannel.prototype.send;
}

async function attack(page: Page, mode: AttackMode): Promise<void> {
  await page.evaluate((m) => {
    (window as unknown as { __canopyAttack?: string }).__canopyAttack = m;
  }, mode);
}

const SCENARIOS: readonly [AttackMode, 'interior' | 'leaf'][] = [
  ['scaled', 'interior'],
  ['random', 'leaf'],
  ['injection', 'leaf'],
];

for (const [mode, position] of SCENARIOS) {
  test(`scenario 8: ${position === 'interior' ? 'an interior' : 'a leaf'} attacker sending ${mode} values is quarantined; the honest tabs hold and recover`, async ({ cluster, server }) => {
    const room = `byzantine-${mode}`;
    // Join order decides the place in the trees (fan-out 2): the second joiner is a child of the root with a
    // child of its own, the fourth a leaf.
    const first = await openTabs(cluster, room, position === 'interior' ? 1 : 3);
    const attacker = await cluster.open(nodePage(room), { name: 'attacker', initScript: installHostileRewriter });
    const honest: Tab[] = [...first, ...(position === 'interior' ? await openTabs(cluster, room, 2) : [])];
    const dashboard = (await cluster.open(`/dashboard?room=${room}&token=${server.adminToken}`, { name: 'dashboard' })).page;
    // 87%, not just 85%: a 500-digit evaluation has ~1.6 points of noise, and the floor below is 80%.
    const trained = await waitForAll(honest, (a) => a.every((s) => accuracyOf(s) >= 0.87), 'honest tabs ≥ 87% before the attack');
    const attackerId = (await statuses([attacker]))[0]!.peerId!;
    const neighbours = trained.filter((s) => s.links.some((l) => l.peer === attackerId));
    expect(neighbours.length, 'the attacker has honest neighbours').toBe(position === 'interior' ? 2 : 1);
    const before = trained.map(accuracyOf);

    await attack(attacker.page, mode);
    const start = Date.now();
    let quarantinedAt: number | undefined;
    let evictedAt: number | undefined;
    let lowest = 1;
    /** After an eviction: the trees' repair (a new epoch) is churn, which dips a 3-tab room on its own. */
    let lowestAfterEviction = 1;
    // 25 s of attack: the link must be quarantined within 10 s, and no honest tab may drop below 80%.
    while (Date.now() - start < 25_000) {
      const now = await statuses(honest);
      for (const s of now) {
        // The run's new lows, for a failure report.
        if (accuracyOf(s) < Math.min(lowest, lowestAfterEviction)) console.log(`${((Date.now() - start) / 1000).toFixed(1)} s: ${s.peerId} (${s.roles?.pull.isRoot ? 'root' : 'peer'}, epoch ${s.epoch}) at ${accuracyOf(s).toFixed(3)}`);
        if (evictedAt === undefined) lowest = Math.min(lowest, accuracyOf(s));
        else lowestAfterEviction = Math.min(lowestAfterEviction, accuracyOf(s));
      }
      if (quarantinedAt === undefined && now.some((s) => s.quarantined.includes(attackerId))) quarantinedAt = Date.now() - start;
      if (evictedAt === undefined && (await statuses([attacker]))[0]?.connection === 'disconnected') {
        evictedAt = Date.now() - start;
        console.log(`${(evictedAt / 1000).toFixed(1)} s: the attacker is disconnected (evicted)`);
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(quarantinedAt, 'an honest neighbour quarantined the attacker').toBeDefined();
    expect(quarantinedAt!).toBeLessThan(10_000);
    expect(lowest, 'honest held-out accuracy during the attack').toBeGreaterThanOrEqual(0.8);
    // Measured: the repair after an interior eviction dipped the root to 0.79 in 1 of ~7 runs (issue 16 note); an
    // unscreened attack takes every tab to chance (0.08–0.5).
    expect(lowestAfterEviction, 'honest held-out accuracy during the repair').toBeGreaterThanOrEqual(0.75);
    if (position === 'interior') {
      // Both its neighbours report it: the server evicts it and tells it so.
      await expect(attacker.page.getByText(/removed from room .*quarantined by several of its neighbours/)).toBeVisible({ timeout: 10_000 });
    } else {
      // One report flags it on the dashboard; the teacher removes it.
      const row = dashboard.locator(`tr[data-peer="${attackerId}"]`);
      await expect(row).toHaveClass(/reported/, { timeout: 10_000 });
      dashboard.once('dialog', (dialog) => void dialog.accept());
      await dashboard.click(`button[data-kick="${attackerId}"]`);
      await expect(attacker.page.getByText(/removed from room .*the admin removed this tab/)).toBeVisible({ timeout: 10_000 });
    }
    // Within 30 s of it being gone the honest tabs are back where they were (2 points of sampling noise).
    await waitForAll(
      honest,
      (a: NodeStatus[]) => a.every((s, i) => !s.links.some((l) => l.peer === attackerId && l.state === 'open') && accuracyOf(s) >= Math.min(0.85, before[i]! - 0.02)),
      'honest tabs recovered without the attacker',
      30_000,
    );
  });
}
