/**
 * Where rooms and their metrics live. Every change goes through `update`, which is atomic for the room across
 * every server sharing the store: the in-memory store serves one process (`pnpm start`); the Redis store
 * (redis-room-store.ts) lets several instances serve one room. Both pass room-store.suite.ts.
 */
import type { MetricsSample } from '@canopy/protocol';
import { MetricsWindow, type MetricsWindowLimits } from './metrics-window';
import { Room } from './room';
import type { RoomLedger } from './room-ledger';

export interface CreateRoomOptions {
  /** The client address whose join creates the room (per-address room limits). */
  readonly createdBy?: string;
  /**
   * Refuse to create the room when `createdBy` already created this many that exist, checked in the same atomic
   * step as the creation (so concurrent joins from one address cannot exceed it).
   */
  readonly maxPerCreator?: number;
}

export interface Updated<T> {
  /** The room after the change (a copy for a shared store: later changes to it are not saved). */
  readonly room: Room;
  readonly value: T;
}

export interface RoomSummary {
  readonly name: string;
  readonly createdBy: string | undefined;
  readonly members: number;
  readonly watchers: number;
}

export interface MetricsQuery {
  /** Only this run's samples. */
  readonly runId?: number;
  /** Only the newest `recent` samples. */
  readonly recent?: number;
}

export interface RoomStore {
  /** The room as it is now; undefined when there is none. Changes to it are not saved (use update). */
  get(name: string): Promise<Room | undefined>;
  /**
   * Applies `change` to the room and saves it, atomically for this room on every server sharing the store.
   * `change` may run more than once (a shared store retries when another server changed the room meanwhile),
   * so it must only change the room and return a value: sending, logging and the like come after.
   * Missing room: created first when `create` is given, else undefined. Undefined too when the store is full
   * and no idle room can be evicted, or when the creator reached `create.maxPerCreator`.
   */
  update<T>(name: string, change: (room: Room) => T, create?: CreateRoomOptions): Promise<Updated<T> | undefined>;
  /** Forgets the room if nobody is in or watching it and it holds no metrics worth exporting. */
  release(name: string): Promise<void>;
  list(): Promise<RoomSummary[]>;
  /** How many of the rooms that exist were created by this client address (per-address limits). */
  createdBy(address: string): Promise<number>;
  /** Appends to an existing room's bounded metrics window (the oldest samples go first). */
  pushMetrics(name: string, sample: MetricsSample): Promise<void>;
  /** Oldest first; undefined when there is no such room. */
  metrics(name: string, query?: MetricsQuery): Promise<MetricsSample[] | undefined>;
  close(): Promise<void>;
}

export interface RoomStoreSettings {
  readonly maxRooms: number;
  readonly metricsLimits?: MetricsWindowLimits;
  /** Called with a room about to be evicted to make space, and its metrics (archived, not lost). */
  readonly onEvict?: (name: string, metrics: MetricsSample[]) => void;
}

export function creatorAtLimit(create: CreateRoomOptions, created: number): boolean {
  return create.createdBy !== undefined && create.maxPerCreator !== undefined && created >= create.maxPerCreator;
}

export function summarize(room: Room): RoomSummary {
  return { name: room.name, createdBy: room.createdBy, members: room.size, watchers: room.watchers.size };
}

export function selectMetrics(samples: MetricsSample[], query: MetricsQuery = {}): MetricsSample[] {
  const run = query.runId === undefined ? samples : samples.filter((s) => s.runId === query.runId);
  return query.recent === undefined ? run : run.slice(Math.max(0, run.length - query.recent));
}

export class InMemoryRoomStore implements RoomStore {
  private readonly byName = new Map<string, { readonly room: Room; readonly metrics: MetricsWindow }>();

  constructor(
    private readonly settings: RoomStoreSettings,
    /** Keeps the rooms' epochs and run ids beyond their lifetime (room-ledger.ts). */
    private readonly ledger?: RoomLedger,
  ) {}

  get(name: string): Promise<Room | undefined> {
    return Promise.resolve(this.byName.get(name)?.room);
  }

  update<T>(name: string, change: (room: Room) => T, create?: CreateRoomOptions): Promise<Updated<T> | undefined> {
    let entry = this.byName.get(name);
    if (entry === undefined && create !== undefined) {
      if (creatorAtLimit(create, [...this.byName.values()].filter(({ room }) => room.createdBy === create.createdBy).length)) return Promise.resolve(undefined);
      if (this.byName.size >= this.settings.maxRooms && !this.evictOldestIdle()) return Promise.resolve(undefined);
      const room = new Room(name, { ...(this.ledger === undefined ? {} : { ledger: this.ledger }), ...(create.createdBy === undefined ? {} : { createdBy: create.createdBy }) });
      entry = { room, metrics: new MetricsWindow(this.settings.metricsLimits) };
      this.byName.set(name, entry);
    }
    if (entry === undefined) return Promise.resolve(undefined);
    return Promise.resolve({ room: entry.room, value: change(entry.room) });
  }

  release(name: string): Promise<void> {
    const entry = this.byName.get(name);
    if (entry !== undefined && entry.room.isIdle() && entry.metrics.size === 0) this.byName.delete(name);
    return Promise.resolve();
  }

  list(): Promise<RoomSummary[]> {
    return Promise.resolve([...this.byName.values()].map(({ room }) => summarize(room)));
  }

  createdBy(address: string): Promise<number> {
    let count = 0;
    for (const { room } of this.byName.values()) if (room.createdBy === address) count++;
    return Promise.resolve(count);
  }

  pushMetrics(name: string, sample: MetricsSample): Promise<void> {
    this.byName.get(name)?.metrics.push(sample);
    return Promise.resolve();
  }

  metrics(name: string, query?: MetricsQuery): Promise<MetricsSample[] | undefined> {
    const entry = this.byName.get(name);
    return Promise.resolve(entry === undefined ? undefined : selectMetrics(entry.metrics.all(), query));
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  /** Idle rooms keep their metrics in memory until space is needed (then in the archive); the oldest goes first. */
  private evictOldestIdle(): boolean {
    for (const [name, { room, metrics }] of this.byName) {
      if (room.isIdle()) {
        this.settings.onEvict?.(name, metrics.all());
        this.byName.delete(name);
        return true;
      }
    }
    return false;
  }
}
