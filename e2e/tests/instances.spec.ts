/**
 * Issue 19: one room served by two signaling instances sharing a real redis-server. Four tabs, two opened from
 * each instance (each link naming the other instance), train to 90% in one pair of trees; a fifth joins through
 * the second instance with no other server in its link. That instance is killed (SIGKILL): the four reconnect
 * through the first with their resume secrets and keep their peer ids and places; the stranded fifth is swept
 * out by the surviving instance and the trees are repaired without it; training goes on. Then Redis restarts:
 * the room, its members and its metrics are all still there and a new tab joins.
 */
import { randomBytes } from 'node:crypto';
import { startRedis, type RunningRedis } from '../../apps/signaling-server/src/testing/redis-server';
import { Cluster, type Tab } from '../../packages/harness/src/cluster';
import { launchServer, type RunningServer } from '../../packages/harness/src/server';
import { accuracyOf, nodePage, statuses, waitForAll, type NodeStatus } from '../../packages/harness/src/status';
import { expect, test } from '../fixtures/test';

const ROOM = 'split';

async function health(server: RunningServer): Promise<{ rooms: number; peers: number }> {
  return (await (await fetch(`${server.url}/healthz`)).json()) as { rooms: number; peers: number };
}

async function metricsCount(server: RunningServer): Promise<number> {
  const body = (await (await fetch(`${server.url}/api/rooms/${ROOM}/metrics.json`)).json()) as { samples: unknown[] };
  return body.samples.length;
}

const stepsOf = (all: readonly NodeStatus[]): Map<string, number> => new Map(all.map((s) => [s.peerId ?? '', s.step]));

test('4 tabs over 2 instances train to 90%; one instance dies, its tabs keep their places, a stranded one is swept out; Redis restarts and nothing is lost', async ({ browser }, testInfo) => {
  test.setTimeout(300_000);
  let redis: RunningRedis | undefined;
  const servers: RunningServer[] = [];
  const clusters: Cluster[] = [];
  try {
    redis = await startRedis();
    const adminToken = randomBytes(16).toString('hex');
    for (let i = 0; i < 2; i++) servers.push(await launchServer({ args: ['--redis', redis.url], adminToken }));
    const [a, b] = servers as [RunningServer, RunningServer];
    const onA = new Cluster(browser, a.url);
    const onB = new Cluster(browser, b.url);
    clusters.push(onA, onB);
    const tabs: Tab[] = [];
    for (const [cluster, other] of [[onA, b], [onB, a], [onA, b], [onB, a]] as const) {
      tabs.push(await cluster.open(`${nodePage(ROOM)}&servers=${encodeURIComponent(other.url)}`));
    }
    const trained = await waitForAll(tabs, (all) => all.every((s) => accuracyOf(s) >= 0.9), 'every tab ≥ 90%', 150_000);
    const ids = trained.map((s) => s.peerId);
    expect(new Set(ids).size).toBe(4);
    expect(await health(a)).toMatchObject({ rooms: 1, peers: 4 });
    expect(await health(b)).toMatchObject({ rooms: 1, peers: 4 });
    // A tab whose link names no other server: it cannot follow when its instance dies.
    const stranded = await onB.open(nodePage(ROOM));
    await waitForAll([stranded], (all) => all.every((s) => s.connection === 'joined' && s.step > 0), 'the fifth tab joined and training', 60_000);
    expect(await health(a)).toMatchObject({ rooms: 1, peers: 5 });

    // Instance B dies without a word to anyone.
    const before = await statuses(tabs);
    const steps = stepsOf(before);
    const epochBefore = Math.max(...before.map((s) => s.epoch ?? 0));
    await b.stop('SIGKILL');
    const after = await waitForAll(
      tabs,
      (all) => all.every((s) => s.connection === 'joined' && (s.epoch ?? 0) > epochBefore && s.step >= (steps.get(s.peerId ?? '') ?? 0) + 100),
      'every tab joined again, the trees repaired without the stranded tab, and 100 more steps on each',
      90_000,
    );
    expect(after.map((s) => s.peerId), 'every tab kept its peer id').toEqual(ids);
    expect(await health(a)).toMatchObject({ rooms: 1, peers: 4 });
    for (const s of after) {
      expect(accuracyOf(s), `${s.peerId} keeps training`).toBeGreaterThanOrEqual(0.85);
      expect(s.links.filter((l) => l.state === 'open').length, `${s.peerId} has open links`).toBeGreaterThan(0);
    }

    // Redis restarts: the room, its members and its metrics are kept, and the room takes a fifth tab.
    const samples = await metricsCount(a);
    await redis.restart();
    expect(await health(a)).toMatchObject({ rooms: 1, peers: 4 });
    expect(await metricsCount(a)).toBeGreaterThanOrEqual(samples);
    await onB.close(stranded);
    const fifth = await onA.open(nodePage(ROOM));
    const five = await waitForAll([...tabs, fifth], (all) => all.every((s) => s.connection === 'joined' && accuracyOf(s) >= 0.85), 'five tabs in the room, all ≥ 85%', 90_000);
    expect(five.slice(0, 4).map((s) => s.peerId)).toEqual(ids);
    expect(await health(a)).toMatchObject({ rooms: 1, peers: 5 });
  } catch (error) {
    for (const cluster of clusters) await cluster.attachDiagnostics(testInfo, servers.flatMap((s) => s.output));
    throw error;
  } finally {
    for (const cluster of clusters) await cluster.closeAll();
    for (const server of servers) await server.stop();
    await redis?.stop();
  }
});
