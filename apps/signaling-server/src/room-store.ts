/**
 * Where rooms live. The in-memory store serves one process; a multi-instance deployment would put socket.io's
 * Redis adapter under the broadcasts and a shared implementation of this interface under the room state.
 */
import type { Room } from './room';

/** Makes a room; `createdBy` is the address of the client whose join creates it (per-address limits). */
export type CreateRoom = (name: string, createdBy: string | undefined) => Room;

export interface RoomStore {
  get(name: string): Room | undefined;
  /** undefined when the store is full and no idle room can be evicted. */
  getOrCreate(name: string, createdBy?: string): Room | undefined;
  /** Forgets the room if nobody is in or watching it and it holds no metrics worth exporting. */
  release(name: string): void;
  rooms(): IterableIterator<Room>;
  readonly size: number;
}

export class InMemoryRoomStore implements RoomStore {
  private readonly byName = new Map<string, Room>();

  constructor(
    private readonly create: CreateRoom,
    private readonly maxRooms: number,
    /** Called with a room about to be evicted (its metrics are archived, not lost). */
    private readonly onEvict: (room: Room) => void = () => {},
  ) {}

  get size(): number {
    return this.byName.size;
  }

  get(name: string): Room | undefined {
    return this.byName.get(name);
  }

  getOrCreate(name: string, createdBy?: string): Room | undefined {
    const existing = this.byName.get(name);
    if (existing !== undefined) return existing;
    if (this.byName.size >= this.maxRooms && !this.evictOldestIdle()) return undefined;
    const room = this.create(name, createdBy);
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

  /** Idle rooms keep their metrics in memory until space is needed (then in the archive); the oldest goes first. */
  private evictOldestIdle(): boolean {
    for (const [name, room] of this.byName) {
      if (room.isIdle()) {
        this.onEvict(room);
        this.byName.delete(name);
        return true;
      }
    }
    return false;
  }
}
