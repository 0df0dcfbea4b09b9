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

// KEYS: room hash, rooms zset, creator set. ARGV: expected version, record, ledger, name, max rooms (0: not
// creating), now, creator address ('' for none), most rooms per creator ('0': no limit).
const SAVE_SCRIPT = `
local current = redis.call('HGET', KEYS[1], 'version') or '0'
if current ~= ARGV[1] then return 0 end
if ARGV[5] ~= '0' and not redis.call('ZSCORE', KEYS[2], ARGV[4]) then
  if ARGV[7] ~= '' and ARGV[8] ~= '0' and redis.call('SCARD', KEYS[3]) >= tonumber(ARGV[8]) then return -2 end
  if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[5]) then return -1 end
  redis.call('ZADD', KEYS[2], ARGV[6], ARGV[4])
  if ARGV[7] ~= '' then redis.call('SADD', KEYS[3], ARGV[4]) end
end
redis.call('HSET', KEYS[1], 'record', ARGV[2], 'ledger', ARGV[3], 'version', tostring(tonumber(current) + 1))
return 1`;

// KEYS: room hash, rooms zset, metrics list, creator set. ARGV: expected version, name.
const FORGET_SCRIPT = `
local current = redis.call('HGET', KEYS[1], 'version') or '0'
if current ~= ARGV[1] then return 0 end
redis.call('SREM', KEYS[4], ARGV[2])
redis.call('HDEL', KEYS[1], 'record')
redis.call('HSET', KEYS[1], 'version', tostring(tonumber(current) + 1))
redis.call('ZREM', KEYS[2], ARGV[2])
redis.call('DEL', KEYS[3])
return 1`;

interface Waiting {
  readonly change: (room: Room) => unknown;
  readonly create?: CreateRoomOptions;
  readonly resolve: (updated: Updated<unknown> | undefined) => void;
  readonly reject: (error: unknown) => void;
}

interface Loaded {
  readonly room: Room | undefined;
  readonly version: string;
  readonly ledger: InMemoryRoomLedger;
}

export class RedisRoomStore implements RoomStore {
  private readonly maxSamples: number;
  /** Changes waiting for their room's next group commit, and the rooms with one under way. */
  private readonly waiting = new Map<string, Waiting[]>();
  private readonly committing = new Set<string>();
  /** Updates and releases not finished yet. */
  private readonly inFlight = new Set<Promise<unknown>>();
  private closing = false;

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

  /**
   * Changes to one room from this instance are committed in groups: while one compare-and-set is under way,
   * the changes that arrive wait, then all of them are applied to one fresh read and saved in one round trip.
   * A storm of joins thus costs a few writes, not one each; optimistic retries are left for the rare race
   * between instances.
   */
  update<T>(name: string, change: (room: Room) => T, create?: CreateRoomOptions): Promise<Updated<T> | undefined> {
    this.open();
    const work = new Promise<Updated<T> | undefined>((resolve, reject) => {
      const queue = this.waiting.get(name) ?? [];
      queue.push({ change, ...(create === undefined ? {} : { create }), resolve: resolve as Waiting['resolve'], reject });
      this.waiting.set(name, queue);
      if (!this.committing.has(name)) void this.drain(name);
    });
    return this.track(work);
  }

  private async drain(name: string): Promise<void> {
    this.committing.add(name);
    try {
      for (let batch = this.takeWaiting(name); batch.length > 0; batch = this.takeWaiting(name)) await this.commit(name, batch);
    } finally {
      this.committing.delete(name);
    }
  }

  private takeWaiting(name: string): Waiting[] {
    const batch = this.waiting.get(name) ?? [];
    this.waiting.delete(name);
    return batch;
  }

  private async commit(name: string, batch: readonly Waiting[]): Promise<void> {
    let items = [...batch];
    try {
      for (let attempt = 0; attempt < MAX_ATTEMPTS && items.length > 0; attempt++) {
        const loaded = await this.load(name);
        // Without the room, changes before the first one that may create it find nothing (as one by one).
        const first = loaded.room === undefined ? items.findIndex((item) => item.create !== undefined) : 0;
        if (first === -1) return items.forEach((item) => item.resolve(undefined));
        for (const item of items.slice(0, first)) item.resolve(undefined);
        items = items.slice(first);
        const creator = items[0]!.create;
        const room = loaded.room ?? new Room(name, { ledger: loaded.ledger, ...(creator?.createdBy === undefined ? {} : { createdBy: creator.createdBy }) });
        const applied = this.applyAll(room, items);
        if (applied.thrower !== undefined) {
          items = items.filter((item) => item !== applied.thrower); // the others again, on a fresh read
          continue;
        }
        const saved = await this.save(name, room, loaded, loaded.room === undefined ? creator?.maxPerCreator : undefined);
        if (saved === 1) return items.forEach((item, i) => item.resolve({ room, value: applied.values[i] }));
        if (saved === -1 && !(await this.evictOldestIdle())) return items.forEach((item) => item.resolve(undefined));
        if (saved === -2) {
          items[0]!.resolve(undefined); // its address made enough rooms; the others again (one may create it)
          items = items.slice(1);
        }
      }
      const error = new Error(`room ${name}: ${MAX_ATTEMPTS} conflicting updates in a row`);
      for (const item of items) item.reject(error);
    } catch (error) {
      for (const item of items) item.reject(error); // Redis unreachable, say: each caller answers with an error
    }
  }

  /** Applies the changes in order; one that throws is refused (its caller gets the error) and the batch redone. */
  private applyAll(room: Room, items: readonly Waiting[]): { values: unknown[]; thrower?: Waiting } {
    const values: unknown[] = [];
    for (const item of items) {
      try {
        values.push(item.change(room));
      } catch (error) {
        item.reject(error);
        return { values, thrower: item };
      }
    }
    return { values };
  }

  /** 1 saved, 0 the room changed since `loaded` (another instance), -1 the store is full, -2 the creator's limit. */
  private async save(name: string, room: Room, loaded: Loaded, maxPerCreator: number | undefined): Promise<number> {
    const ledger = loaded.ledger.load(name);
    return (await this.redis.eval(
      SAVE_SCRIPT,
      3,
      this.roomKey(name),
      this.roomsKey(),
      this.creatorKey(room.createdBy ?? ''),
      loaded.version,
      JSON.stringify(room.toRecord()),
      ledger === undefined ? '' : JSON.stringify(ledger),
      name,
      loaded.room === undefined ? String(this.settings.maxRooms) : '0',
      String(Date.now()),
      room.createdBy ?? '',
      String(maxPerCreator ?? 0),
    )) as number;
  }

  release(name: string): Promise<void> {
    return this.track(this.releaseNow(name));
  }

  private async releaseNow(name: string): Promise<void> {
    const loaded = await this.load(name);
    if (loaded.room === undefined || !loaded.room.isIdle()) return;
    if ((await this.redis.llen(this.metricsKey(name))) > 0) return;
    await this.forget(name, loaded.room, loaded.version);
  }

  async list(): Promise<RoomSummary[]> {
    this.open();
    const names = await this.redis.zrange(this.roomsKey(), 0, -1);
    const rooms = await Promise.all(names.map((name) => this.get(name)));
    return rooms.filter((room): room is Room => room !== undefined).map(summarize);
  }

  async createdBy(address: string): Promise<number> {
    this.open();
    return this.redis.scard(this.creatorKey(address));
  }

  async pushMetrics(name: string, sample: MetricsSample): Promise<void> {
    this.open();
    await this.redis.multi().rpush(this.metricsKey(name), JSON.stringify(sample)).ltrim(this.metricsKey(name), -this.maxSamples, -1).exec();
  }

  async metrics(name: string, query?: MetricsQuery): Promise<MetricsSample[] | undefined> {
    this.open();
    if ((await this.redis.hexists(this.roomKey(name), 'record')) === 0) return undefined;
    // Only the newest are read when that is all that is asked (a dashboard's snapshot).
    const from = query?.recent !== undefined && query.runId === undefined ? -query.recent : 0;
    const raw = await this.redis.lrange(this.metricsKey(name), from, -1);
    return selectMetrics(raw.map((line) => JSON.parse(line) as MetricsSample), query);
  }

  /** Waits for the changes under way (the departures of a closing server's sockets), then disconnects. */
  async close(): Promise<void> {
    this.closing = true;
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    await this.redis.quit();
  }

  /** After close() began, nothing new reaches Redis (a late message from another instance, say). */
  private open(): void {
    if (this.closing) throw new Error('the room store is closed');
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.inFlight.add(work);
    const done = (): void => void this.inFlight.delete(work);
    work.then(done, done);
    return work;
  }

  private async load(name: string): Promise<Loaded> {
    this.open();
    const [record = null, version = null, ledgerJson = null] = await this.redis.hmget(this.roomKey(name), 'record', 'version', 'ledger');
    const ledger = new InMemoryRoomLedger();
    if (ledgerJson !== null && ledgerJson !== '') ledger.save(name, JSON.parse(ledgerJson) as LedgerEntry);
    const room = record === null ? undefined : Room.fromRecord(JSON.parse(record) as RoomRecord, ledger);
    return { room, version: version ?? '0', ledger };
  }

  private async forget(name: string, room: Room, version: string): Promise<boolean> {
    const keys = [this.roomKey(name), this.roomsKey(), this.metricsKey(name), this.creatorKey(room.createdBy ?? '')];
    const done = await this.redis.eval(FORGET_SCRIPT, keys.length, ...keys, version, name);
    return done === 1;
  }

  /** The oldest idle room goes, its metrics handed to onEvict first (as the in-memory store does). */
  private async evictOldestIdle(): Promise<boolean> {
    for (const name of await this.redis.zrange(this.roomsKey(), 0, -1)) {
      const loaded = await this.load(name);
      if (loaded.room === undefined || !loaded.room.isIdle()) continue;
      const samples = (await this.metrics(name)) ?? [];
      if (await this.forget(name, loaded.room, loaded.version)) {
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

  /** The rooms one client address created (their count limits what it may create). */
  private creatorKey(address: string): string {
    return `${this.prefix}created-by:${address}`;
  }

  private roomsKey(): string {
    return `${this.prefix}rooms`;
  }
}
