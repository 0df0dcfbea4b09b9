/**
 * Issue 3: 200 socket.io clients join one room at once, then leave at once, against an in-process signaling
 * server on port 0 (`--instances N`: issue 19's storm over N instances on Redis, src/join-storm/multi-instance.ts). Reports the time from the join emit to the join ack that carries the peer's topology,
 * how long the whole room takes to converge on the final epoch, and the process heap.
 */
import { createSignalingServer, silentLogger } from '../../apps/signaling-server/src/index';
import { connectClient, defaultJoin, waitUntil, type ClientSocket } from '../../apps/signaling-server/src/testing/clients';
import { intFlag } from '../flags';
import type { BenchResult, BenchSection } from '../section';
import { runMultiInstanceStorm } from '../src/join-storm/multi-instance';
import { percentile } from '../src/join-storm/percentile';

const CLIENTS = 200;
const ROOM = 'storm';
const P99_GOAL_MS = 1000;

/** No --expose-gc under tsx: collect if the runtime allows it, then give the collector a moment either way. */
async function settledHeapMiB(): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let i = 0; i < 3; i += 1) {
    gc?.();
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return process.memoryUsage().heapUsed / 2 ** 20;
}

const round = (x: number, digits = 1): number => Number(x.toFixed(digits));

export const section: BenchSection = {
  name: 'join-storm',
  description: `${CLIENTS} socket.io clients join, then leave, one room of an in-process signaling server (--instances N: over N instances on Redis)`,
  async run(log) {
    const instances = intFlag('instances', 1, 1, 8);
    if (instances > 1) return runMultiInstanceStorm({ instances, clients: intFlag('clients', 2000), roomSize: intFlag('room-size', 50, 2, 4096) }, log);
    const server = await createSignalingServer({
      host: '127.0.0.1',
      logger: silentLogger,
      staticDir: null,
      maxRoomSize: CLIENTS,
    });
    const sockets: ClientSocket[] = [];
    try {
      for (let i = 0; i < CLIENTS; i += 1) sockets.push(await connectClient(server.url));
      const latestEpoch = new Map<ClientSocket, number>();
      for (const s of sockets) s.on('topology', (t) => latestEpoch.set(s, Math.max(latestEpoch.get(s) ?? 0, t.epoch)));
      const heapBefore = await settledHeapMiB();
      log(`${CLIENTS} clients connected; heap ${heapBefore.toFixed(1)} MiB`);

      const stormStart = performance.now();
      const latencies = await Promise.all(
        sockets.map(async (s, i) => {
          const sent = performance.now();
          const ack = await s.timeout(60_000).emitWithAck('join', defaultJoin(ROOM, `storm ${i}`));
          if (!ack.ok) throw new Error(`join refused: ${ack.error.code}`);
          latestEpoch.set(s, Math.max(latestEpoch.get(s) ?? 0, ack.topology.epoch));
          return performance.now() - sent;
        }),
      );
      const joinedAll = performance.now() - stormStart;
      await waitUntil(() => sockets.every((s) => latestEpoch.get(s) === CLIENTS), 60_000, 'every client at the final epoch');
      const converged = performance.now() - stormStart;
      const rebuilt = (await server.store.get(ROOM))?.rebuiltRepairs ?? Number.NaN;
      const heapJoined = await settledHeapMiB();
      log(`joined in ${joinedAll.toFixed(0)} ms, converged in ${converged.toFixed(0)} ms; heap ${heapJoined.toFixed(1)} MiB`);

      const leaveStart = performance.now();
      await Promise.all(sockets.map((s) => s.timeout(60_000).emitWithAck('leave', {})));
      const leftAll = performance.now() - leaveStart;
      const heapLeft = await settledHeapMiB();
      const sorted = [...latencies].sort((a, b) => a - b);
      const p50 = percentile(sorted, 50);
      const p99 = percentile(sorted, 99);

      const result: BenchResult = {
        title: `Join storm: ${CLIENTS} clients, one room (two trees, fan-out 2)`,
        columns: ['measure', 'value'],
        rows: [
          ['join emit → topology (ack), p50 ms', round(p50)],
          ['join emit → topology (ack), p99 ms', round(p99)],
          ['join emit → topology (ack), max ms', round(sorted.at(-1) ?? Number.NaN)],
          [`all ${CLIENTS} acks received, ms`, round(joinedAll)],
          [`every peer at the final epoch (${CLIENTS}), ms`, round(converged)],
          [`all ${CLIENTS} leaves acknowledged, ms`, round(leftAll)],
          ['heap before joins (clients connected), MiB', round(heapBefore)],
          ['heap with the room full, MiB', round(heapJoined)],
          ['heap after everyone left, MiB', round(heapLeft)],
          ['repairs replaced by a full rebuild', rebuilt],
        ],
        targets: [{ name: 'join → topology p99 (ms), concurrent storm', measured: round(p99), goal: `≤ ${P99_GOAL_MS}`, met: p99 <= P99_GOAL_MS }],
        notes: [
          'Clients and server share one Node process (socket.io-client over loopback websockets): latencies include client-side work.',
          'Every join pushes a new PeerTopology to every member, so a storm of n joins sends O(n²) topology messages; latency grows with queue position.',
          'Heap is process.memoryUsage().heapUsed after a 600 ms settle; tsx runs without --expose-gc, so garbage not yet collected is included and the figures are upper bounds.',
        ],
      };
      return result;
    } finally {
      for (const s of sockets) s.close();
      await server.close();
    }
  },
};
