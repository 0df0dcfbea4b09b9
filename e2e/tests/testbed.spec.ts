/**
 * Issue 15, the emulated device testbed's CI smoke: two "laptops on Wi-Fi", each a Chromium of its own in its
 * own cgroup (0.2 core) and network namespace (50 Mbit/s each way through tbf, 20 ms RTT from the room's fault
 * layer) on a bridge to the server, train together over a direct WebRTC link. The run checks the emulation
 * itself, not only the training: every process of each browser sits in its device's cgroup and was throttled
 * by its quota, and each device's link is shaped.
 */
import { chromium } from '@playwright/test';
import { BrowserFleet, type Tab } from '../../packages/harness/src/cluster';
import { control } from '../../packages/harness/src/room-admin';
import { launchServer, type RunningServer } from '../../packages/harness/src/server';
import { accuracyOf, nodePage, waitForAll } from '../../packages/harness/src/status';
import { expect, test } from '../fixtures/test';
import { CHROMIUM_ARGS, findChromium, realLookup } from '../../packages/harness/src/chromium';
import { createDeviceTestbed, LAPTOP_ON_WIFI, roomDelayMs, testbedProblem, type DeviceTestbed } from '../../packages/harness/src/device-testbed';

const ROOM = 'testbed';

test('two emulated laptops (own cgroup at 0.2 core, own shaped network) train together to 85% over a direct link', async ({}, testInfo) => {
  const problem = testbedProblem();
  test.skip(problem !== undefined, problem ?? '');
  const chromiumPath = findChromium(realLookup(() => chromium.executablePath())).executablePath ?? chromium.executablePath();
  let testbed: DeviceTestbed | undefined;
  let server: RunningServer | undefined;
  const fleet = new BrowserFleet();
  try {
    testbed = createDeviceTestbed(2, LAPTOP_ON_WIFI, chromiumPath);
    server = await launchServer({ host: '0.0.0.0' });
    await control(server, ROOM, { type: 'delay', meanMs: roomDelayMs(LAPTOP_ON_WIFI), jitterMs: 0 });
    const tabs: Tab[] = [];
    for (const device of testbed.devices) {
      const browser = await chromium.launch({ executablePath: device.chromiumLauncher, args: CHROMIUM_ARGS });
      const cluster = fleet.add(browser, `http://${testbed.serverAddress}:${server.port}`);
      tabs.push(await cluster.open(nodePage(ROOM), { name: `device-${device.index}` }));
    }
    const all = await waitForAll(tabs, (statuses) => statuses.every((s) => accuracyOf(s) >= 0.85), 'both devices ≥ 85%', 150_000);
    for (const s of all) {
      expect(s.links.filter((l) => l.state === 'open').map((l) => l.route), `${s.peerId}'s links`).toEqual(['direct']);
      expect(s.modelFinite).toBe(true);
    }
    for (const device of testbed.devices) {
      // A whole Chromium: browser, renderer, GPU and utility processes, all under the device's quota.
      expect(testbed.processesOf(device).length, `processes in device ${device.index}'s cgroup`).toBeGreaterThanOrEqual(3);
      expect(testbed.throttledPeriods(device), `device ${device.index} throttled by its quota`).toBeGreaterThan(0);
      expect(testbed.qdiscOf(device)).toMatch(/tbf .*rate 50Mbit/);
    }
  } catch (error) {
    await fleet.attachDiagnostics(testInfo, server?.output ?? []);
    throw error;
  } finally {
    await fleet.close();
    await server?.stop();
    testbed?.remove();
  }
});
