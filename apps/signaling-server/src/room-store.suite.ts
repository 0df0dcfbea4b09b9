/**
 * The behaviour every RoomStore must have (like js-libp2p's compliance suites): the in-memory store and the
 * Redis store both run it (room-store.test.ts, shared/redis-room-store.test.ts).
 */
import type { MetricsSample } from '@canopy/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import type { Room } from './room';
import type { RoomStore, RoomStoreSettings } from './room-store';

export interface StoreFixture {
  /** Two handles on the same rooms (for a shared store: two connections, as two server instances have). */
  readonly stores: readonly [RoomStore, RoomStore];
  cleanup(): Promise<void>;
}

export type MakeStores = (settings: RoomStoreSettings) => Promise<StoreFixture>;

const joinAs = (room: Room, socketId: string) =>
  room.join({ socketId, displayName: socketId, capabilities: { backend: 'cpu', stepMs: null }, now: 0 });

const sample = (room: string, step: number, runId = 1): MetricsSample =>
  ({ room, peerId: 'p', at: step, runId, step, loss: 1, links: [] }) as unknown as MetricsSample;

export function roomStoreBehaviour(name: string, make: MakeStores): void {
  describe(`RoomStore behaviour: ${name}`, () => {
    const fixtures: StoreFixture[] = [];
    afterEach(async () => {
      for (const fixture of fixtures.splice(0)) await fixture.cleanup();
    });
    const open = async (settings: Partial<RoomStoreSettings> = {}): Promise<readonly [RoomStore, RoomStore]> => {
      const fixture = await make({ maxRooms: 8, ...settings });
      fixtures.push(fixture);
      return fixture.stores;
    };

    it('creates a room only when asked, and saves what a change does to it', async () => {
      const [store] = await open();
      expect(await store.get('r')).toBeUndefined();
      expect(await store.update('r', () => 1)).toBeUndefined();
      const created = await store.update('r', (room) => joinAs(room, 's1').member.peerId, { createdBy: '10.0.0.1' });
      expect(created?.room.size).toBe(1);
      const again = await store.get('r');
      expect(again?.member(created!.value)?.socketId).toBe('s1');
      expect(again?.topology?.epoch).toBe(created?.room.topology?.epoch);
      expect(await store.list()).toEqual([{ name: 'r', createdBy: '10.0.0.1', members: 1, watchers: 0 }]);
    });

    it('counts the rooms each address created, as long as they exist', async () => {
      const [store, other] = await open();
      await store.update('a1', () => undefined, { createdBy: '10.0.0.1' });
      await other.update('a2', () => undefined, { createdBy: '10.0.0.1' });
      await store.update('b1', () => undefined, { createdBy: '10.0.0.2' });
      await store.update('admin', () => undefined, {});
      expect([await store.createdBy('10.0.0.1'), await other.createdBy('10.0.0.2'), await store.createdBy('10.0.0.3')]).toEqual([2, 1, 0]);
      await store.release('a1');
      expect(await other.createdBy('10.0.0.1')).toBe(1);
    });

    it('releases a room only when nobody is in or watching it and it holds no metrics', async () => {
      const [store] = await open();
      const { value: peer } = (await store.update('busy', (room) => joinAs(room, 's1').member.peerId, {}))!;
      await store.release('busy');
      expect(await store.get('busy')).toBeDefined();
      await store.update('busy', (room) => room.leave(peer));
      await store.update('busy', (room) => room.watchers.add('dashboard'));
      await store.release('busy');
      expect(await store.get('busy')).toBeDefined();
      await store.update('busy', (room) => room.watchers.delete('dashboard'));
      await store.pushMetrics('busy', sample('busy', 1));
      await store.release('busy');
      expect(await store.metrics('busy')).toHaveLength(1);
      await store.update('empty', () => undefined, {});
      await store.release('empty');
      expect(await store.get('empty')).toBeUndefined();
      expect(await store.metrics('empty')).toBeUndefined();
    });

    it('an address creates at most its limit of rooms, even with every create at once through two handles', async () => {
      const stores = await open({ maxRooms: 64 });
      const creates = await Promise.all(
        Array.from({ length: 12 }, (_, i) => stores[i % 2]!.update(`squat-${i}`, () => 'made', { createdBy: '10.0.0.9', maxPerCreator: 3 })),
      );
      expect(creates.filter((c) => c !== undefined)).toHaveLength(3);
      expect(await stores[0].createdBy('10.0.0.9')).toBe(3);
      expect(await stores[1].update('other', () => 'made', { createdBy: '10.0.0.10', maxPerCreator: 3 })).toMatchObject({ value: 'made' });
      // An existing room is joined whatever its creator's count.
      const existing = creates.findIndex((c) => c !== undefined);
      expect(await stores[1].update(`squat-${existing}`, () => 'joined', { createdBy: '10.0.0.9', maxPerCreator: 3 })).toMatchObject({ value: 'joined' });
    });

    it('keeps a bounded window of metrics, selectable by run and recency', async () => {
      const [store] = await open({ metricsLimits: { maxSamples: 4, maxBytes: 1e9 } });
      await store.update('m', () => undefined, {});
      for (let step = 1; step <= 6; step++) await store.pushMetrics('m', sample('m', step, step <= 4 ? 1 : 2));
      expect((await store.metrics('m'))?.map((s) => s.step)).toEqual([3, 4, 5, 6]);
      expect((await store.metrics('m', { recent: 2 }))?.map((s) => s.step)).toEqual([5, 6]);
      expect((await store.metrics('m', { runId: 1 }))?.map((s) => s.step)).toEqual([3, 4]);
    });

    it('when full, evicts the oldest idle room (its metrics handed over), and refuses when none is idle', async () => {
      const evicted: [string, number[]][] = [];
      const [store] = await open({ maxRooms: 2, onEvict: (room, samples) => evicted.push([room, samples.map((s) => s.step)]) });
      await store.update('old', () => undefined, {});
      await store.pushMetrics('old', sample('old', 7));
      await store.update('live', (room) => joinAs(room, 's1'), {});
      expect(await store.update('new', () => 'made', {})).toMatchObject({ value: 'made' });
      expect(evicted).toEqual([['old', [7]]]);
      expect(await store.get('old')).toBeUndefined();
      await store.update('new', (room) => joinAs(room, 's2'));
      expect(await store.update('newer', () => 'made', {})).toBeUndefined();
    });

    it('a room forgotten and made again continues above every epoch and run id it issued', async () => {
      const [store] = await open();
      const first = await store.update('again', (room) => {
        joinAs(room, 's1');
        room.control({ type: 'reset' });
        return { epoch: room.topology!.epoch, runId: room.state.runId, peer: room.memberList()[0]!.peerId };
      }, {});
      await store.update('again', (room) => room.leave(first!.value.peer));
      await store.release('again');
      expect(await store.get('again')).toBeUndefined();
      const second = await store.update('again', (room) => joinAs(room, 's2').topology.epoch, {});
      expect(second!.value).toBeGreaterThan(first!.value.epoch);
      expect(second!.room.state.runId).toBe(first!.value.runId);
    });

    it('concurrent joins through two handles: every member kept, no epoch issued twice', async () => {
      const stores = await open();
      await stores[0].update('storm', () => undefined, {});
      const joins = await Promise.all(
        Array.from({ length: 40 }, (_, i) => stores[i % 2]!.update('storm', (room) => joinAs(room, `s${i}`).topology.epoch)),
      );
      const epochs = joins.map((j) => j!.value);
      expect(new Set(epochs).size).toBe(40);
      const room = (await stores[1].get('storm'))!;
      expect(room.size).toBe(40);
      expect(new Set(room.memberList().map((m) => m.peerId)).size).toBe(40);
      expect(room.topology!.epoch).toBe(Math.max(...epochs));
      expect(room.topology!.peers).toHaveLength(40);
    });
  });
}
