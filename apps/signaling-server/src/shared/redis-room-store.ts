/**
 * Rooms in Redis, so that several server instances serve one room. A room is one hash: its record (JSON),
 * a version, and its ledger entry (epochs and run id, kept after the room is forgotten so that a room made
 * again continues its numbers). `update` is optimistic: read, change, then a Lua compare-and-set on the
 * version; a conflict (another instance changed the room meanwhile) re-reads and runs the change again, so
 * epochs are never issued twice. Metrics are a capped list per room; the rooms a sorted set by creation.
 */
import type { MetricsSample } from '@canopy/protocol';
import type { Redis } from 'ioredis';
import { DEFAULT_METRICS_WINDOW } from '../metrics-window';
import { Room, type RoomRecord } from '../room';
import { InMemoryRoomLedger, type LedgerEntry } from '../room-ledger';
import { selectMetrics, summarize, type CreateRoomOptions, type MetricsQuery, type RoomStore, type RoomStoreSettings, type RoomSummary, type Updated } from '../room-store';

/** Attempts of one update before giving up (only under extreme contention on one room). */
const MAX_ATTEMPTS = 200;

// KEYS: room hash, rooms zset. ARGV: expected version, record, ledger, name, max rooms (0: not creating), now.
const SAVE_SCRIPT = `
local current = redis.call('HGET', KEYS[1], 'version') or '0'
if current ~= ARGV[1] then return 0 end
if ARGV[5] ~= '0' and not redis.call('ZSCORE', KEYS[2], ARGV[4]) then
  if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[5]) then return -1 end
  redis.call('ZADD', KEYS[2], ARGV[6], ARGV[4])
end
redis.call('HSET', KEYS[1], 'record', ARGV[2], 'ledger', ARGV[3], 'version', tostring(tonumber(current) + 1))
return 1`;

// KEYS: room hash, rooms zset, metrics list. ARGV: expected version, name.
const FORGET_SCRIPT = `
local current = redis.call('HGET', KEYS[1], 'version') or '0'
if current ~= ARGV[1] then return 0 end
redis.call('HDEL', KEYS[1], 'record')
redis.call('HSET', KEYS[1], 'version', tostring(tonumber(current) + 1))
redis.call('ZREM', KEYS[2], ARGV[2])
redis.call('DEL', KEYS[3])
return 1`;

interface Loaded {
  readonly room: Room | undefined;
  readonly version: string;
  readonly ledger: InMemoryRoomLedger;
}

export class RedisRoomStore implements RoomStore {
  private readonly maxSamples: number;

  constructor(
    private readonly redis: Redis,
    private readonly settings: RoomStoreSettings,
    /** Key prefix, so that several deployments (or tests) can share one Redis. */
    private readonly prefix = 'canopy:',
  ) {
    this.maxSamples = settings.metricsLimits?.maxSamples ?? DEFAULT_METRICS_WINDOW.maxSamples;
  }

  async get(name: string): Promise<Room | undefined> {
    return (await this.load(name)).room;
  }

  async update<T>(name: string, change: (room: Room) => T, create?: CreateRoomOptions): Promise<Updated<T> | undefined> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const loaded = await this.load(name);
      const creating = loaded.room === undefined;
      if (creating && create === undefined) return undefined;
      const room = loaded.room ?? new Room(name, { ledger: loaded.ledger, ...create });
      const value = change(room);
      const ledger = loaded.ledger.load(name);
      const saved = (await this.redis.eval(
        SAVE_SCRIPT,
        2,
        this.roomKey(name),
        this.roomsKey(),
        loaded.version,
        JSON.stringify(room.toRecord()),
        ledger === undefined ? '' : JSON.stringify(ledger),
        name,
        creating ? String(this.settings.maxRooms) : '0',
        String(Date.now()),
      )) as number;
      if (saved === 1) return { room, value };
      if (saved === -1 && !(await this.evictOldestIdle())) return undefined;
    }
    throw new Error(`room ${name}: ${MAX_ATTEMPTS} conflicting updates in a row`);
  }

  async release(name: string): Promise<void> {
    const loaded = await this.load(name);
    if (loaded.room === undefined || !loaded.room.isIdle()) return;
    if ((await this.redis.llen(this.metricsKey(name))) > 0) return;
    await this.forget(name, loaded.version);
  }

  async list(): Promise<RoomSummary[]> {
    const names = await this.redis.zrange(this.roomsKey(), 0, -1);
    const rooms = await Promise.all(names.map((name) => this.get(name)));
    return rooms.filter((room): room is Room => room !== undefined).map(summarize);
  }

  async pushMetrics(name: string, sample: MetricsSample): Promise<void> {
    await this.redis.multi().rpush(this.metricsKey(name), JSON.stringify(sample)).ltrim(this.metricsKey(name), -this.maxSamples, -1).exec();
  }

  async metrics(name: string, query?: MetricsQuery): Promise<MetricsSample[] | undefined> {
    if ((await this.redis.hexists(this.roomKey(name), 'record')) === 0) return undefined;
    // Only the newest are read when that is all that is asked (a dashboard's snapshot).
    const from = query?.recent !== undefined && query.runId === undefined ? -query.recent : 0;
    const raw = await this.redis.lrange(this.metricsKey(name), from, -1);
    return selectMetrics(raw.map((line) => JSON.parse(line) as MetricsSample), query);
  }

  async close(): Promise<void> {
    await this.redis.quit();
  }

  private async load(name: string): Promise<Loaded> {
    const [record = null, version = null, ledgerJson = null] = await this.redis.hmget(this.roomKey(name), 'record', 'version', 'ledger');
    const ledger = new InMemoryRoomLedger();
    if (ledgerJson !== null && ledgerJson !== '') ledger.save(name, JSON.parse(ledgerJson) as LedgerEntry);
    const room = record === null ? undefined : Room.fromRecord(JSON.parse(record) as RoomRecord, ledger);
    return { room, version: version ?? '0', ledger };
  }

  private async forget(name: string, version: string): Promise<boolean> {
    const done = await this.redis.eval(FORGET_SCRIPT, 3, this.roomKey(name), this.roomsKey(), this.metricsKey(name), version, name);
    return done === 1;
  }

  /** The oldest idle room goes, its metrics handed to onEvict first (as the in-memory store does). */
  private async evictOldestIdle(): Promise<boolean> {
    for (const name of await this.redis.zrange(this.roomsKey(), 0, -1)) {
      const loaded = await this.load(name);
      if (loaded.room === undefined || !loaded.room.isIdle()) continue;
      const samples = (await this.metrics(name)) ?? [];
      if (await this.forget(name, loaded.version)) {
        this.settings.onEvict?.(name, samples);
        return true;
      }
    }
    return false;
  }

  private roomKey(name: string): string {
    return `${this.prefix}room:${name}`;
  }

  private metricsKey(name: string): string {
    return `${this.prefix}metrics:${name}`;
  }

  private roomsKey(): string {
    return `${this.prefix}rooms`;
  }
}
