/**
 * The newest checkpoint of each room: on disk under the state directory (kept across restarts), or in memory
 * without one. Two implementations, one behaviour suite (checkpoint-store.test.ts).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StoredCheckpointSchema, type StoredCheckpoint } from '@canopy/protocol';

export interface Checkpoint {
  readonly meta: StoredCheckpoint;
  readonly values: Float32Array;
}

export interface CheckpointStore {
  save(checkpoint: Checkpoint): void;
  load(room: string): Checkpoint | undefined;
}

export class InMemoryCheckpointStore implements CheckpointStore {
  private readonly rooms = new Map<string, Checkpoint>();

  save(checkpoint: Checkpoint): void {
    this.rooms.set(checkpoint.meta.room, { meta: checkpoint.meta, values: checkpoint.values.slice() });
  }

  load(room: string): Checkpoint | undefined {
    const found = this.rooms.get(room);
    return found === undefined ? undefined : { meta: found.meta, values: found.values.slice() };
  }
}

/** `<hex room>.bin` (f32 LE) and `<hex room>.json` (its description), each replaced atomically. */
export class FileCheckpointStore implements CheckpointStore {
  constructor(private readonly dir: string) {}

  save(checkpoint: Checkpoint): void {
    mkdirSync(this.dir, { recursive: true });
    const base = this.baseOf(checkpoint.meta.room);
    const bytes = new Uint8Array(checkpoint.values.buffer, checkpoint.values.byteOffset, checkpoint.values.byteLength);
    // Values first, description last: a description never points at values that are not there yet.
    writeFileSync(`${base}.bin.tmp`, bytes);
    renameSync(`${base}.bin.tmp`, `${base}.bin`);
    writeFileSync(`${base}.json.tmp`, JSON.stringify(checkpoint.meta));
    renameSync(`${base}.json.tmp`, `${base}.json`);
  }

  load(room: string): Checkpoint | undefined {
    const base = this.baseOf(room);
    if (!existsSync(`${base}.json`) || !existsSync(`${base}.bin`)) return undefined;
    const meta = StoredCheckpointSchema.safeParse(JSON.parse(readFileSync(`${base}.json`, 'utf8')));
    const bytes = readFileSync(`${base}.bin`);
    if (!meta.success || bytes.byteLength !== meta.data.parameterCount * 4) return undefined; // not ours, or torn: ignore
    const values = new Float32Array(meta.data.parameterCount);
    new Uint8Array(values.buffer).set(bytes);
    return { meta: meta.data, values };
  }

  private baseOf(room: string): string {
    return join(this.dir, Buffer.from(room).toString('hex'));
  }
}
