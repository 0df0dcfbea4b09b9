/**
 * Where rooms live. The in-memory store serves one process; a multi-instance deployment would put socket.io's
 * Redis adapter under the broadcasts and a shared implementation of this interface under the room state.
 */
import type { Room } from './room';

export interface RoomStore {
  get(name: string): Room | undefined;
  /** undefined when the store is full and no idle room can be evicted. */
  getOrCreate(name: string): Room | undefined;
  /** Forgets the room if nobody is in or watching it and it holds no metrics worth exporting. */
  release(name: string): void;
  rooms(): IterableIterator<Room>;
  readonly size: number;
}

export class InMemoryRoomStore implements RoomStore {
  private readonly byName = new Map<string, Room>();

  constructor(
    private readonly create: (name: string) => Room,
    private readonly maxRooms: number,
  ) {}

  get size(): number {
    return this.byName.size;
  }

  get(name: string): Room | undefined {
    return this.byName.get(name);
  }

  getOrCreate(name: string): Room | undefined {
    const existing = this.byName.get(name);
    if (existing !== undefined) return existing;
    if (this.byName.size >= this.maxRooms && !this.evictOldestIdle()) return undefined;
    const room = this.create(name);
    this.byName.set(name, room);
    return room;
  }

  release(name: string): void {
    const room = this.byName.get(name);
    if (room !== undefined && room.isIdle() && room.metrics.size === 0) this.byName.delete(name);
  }

  rooms(): IterableIterator<Room> {
    return this.byName.values();
  }

  /** Idle rooms keep their metrics for export until space is needed; the oldest goes first. */
  private evictOldestIdle(): boolean {
    for (const [name, room] of this.byName) {
      if (room.isIdle()) {
        this.byName.delete(name);
        return true;
      }
    }
    return false;
  }
}
