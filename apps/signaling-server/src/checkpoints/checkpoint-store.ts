/**
 * Each room's newest checkpoint, and the newest of each of its last RUNS_KEPT runs (what the admin can roll back
 * to): on disk under the state directory (kept across restarts), or in memory without one. Two
 * implementations, one behaviour suite (checkpoint-store.test.ts).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StoredCheckpointSchema, type StoredCheckpoint } from '@canopy/protocol';

export interface Checkpoint {
  readonly meta: StoredCheckpoint;
  readonly values: Float32Array;
}

export interface CheckpointStore {
  save(checkpoint: Checkpoint): void;
  /** The room's newest checkpoint. */
  load(room: string): Checkpoint | undefined;
  /** The newest checkpoint of run `runId`, while that run is among the last RUNS_KEPT. */
  loadRun(room: string, runId: number): Checkpoint | undefined;
  /** Descriptions of the runs kept, newest run first. */
  history(room: string): StoredCheckpoint[];
}

export const RUNS_KEPT = 8;

const copy = (checkpoint: Checkpoint): Checkpoint => ({ meta: checkpoint.meta, values: checkpoint.values.slice() });

export class InMemoryCheckpointStore implements CheckpointStore {
  private readonly rooms = new Map<string, { newest: Checkpoint; runs: Map<number, Checkpoint> }>();

  save(checkpoint: Checkpoint): void {
    const kept = copy(checkpoint);
    const room = this.rooms.get(checkpoint.meta.room) ?? { newest: kept, runs: new Map<number, Checkpoint>() };
    room.newest = kept;
    room.runs.set(kept.meta.runId, kept);
    for (const runId of [...room.runs.keys()].sort((a, b) => b - a).slice(RUNS_KEPT)) room.runs.delete(runId);
    this.rooms.set(checkpoint.meta.room, room);
  }

  load(room: string): Checkpoint | undefined {
    const found = this.rooms.get(room)?.newest;
    return found === undefined ? undefined : copy(found);
  }

  loadRun(room: string, runId: number): Checkpoint | undefined {
    const found = this.rooms.get(room)?.runs.get(runId);
    return found === undefined ? undefined : copy(found);
  }

  history(room: string): StoredCheckpoint[] {
    return [...(this.rooms.get(room)?.runs.values() ?? [])].map((c) => c.meta).sort((a, b) => b.runId - a.runId);
  }
}

/**
 * `<hex room>.bin` (f32 LE) + `<hex room>.json` for the newest, `<hex room>.run-<id>.*` per run kept; each file
 * replaced atomically, values before their description.
 */
export class FileCheckpointStore implements CheckpointStore {
  constructor(private readonly dir: string) {}

  save(checkpoint: Checkpoint): void {
    mkdirSync(this.dir, { recursive: true });
    const hex = this.hexOf(checkpoint.meta.room);
    this.write(join(this.dir, hex), checkpoint);
    this.write(join(this.dir, `${hex}.run-${checkpoint.meta.runId}`), checkpoint);
    for (const runId of this.runIds(hex).slice(RUNS_KEPT)) {
      for (const ext of ['bin', 'json']) rmSync(join(this.dir, `${hex}.run-${runId}.${ext}`), { force: true });
    }
  }

  load(room: string): Checkpoint | undefined {
    return this.read(join(this.dir, this.hexOf(room)), room);
  }

  loadRun(room: string, runId: number): Checkpoint | undefined {
    const found = this.read(join(this.dir, `${this.hexOf(room)}.run-${runId}`), room);
    return found?.meta.runId === runId ? found : undefined;
  }

  history(room: string): StoredCheckpoint[] {
    const hex = this.hexOf(room);
    return this.runIds(hex).flatMap((runId) => {
      const found = this.read(join(this.dir, `${hex}.run-${runId}`), room);
      return found === undefined ? [] : [found.meta];
    });
  }

  /** Run ids with files for this room, newest first. */
  private runIds(hex: string): number[] {
    if (!existsSync(this.dir)) return [];
    const pattern = new RegExp(`^${hex}\\.run-(\\d+)\\.json$`);
    return readdirSync(this.dir)
      .map((file) => pattern.exec(file)?.[1])
      .filter((id): id is string => id !== undefined)
      .map(Number)
      .sort((a, b) => b - a);
  }

  private write(base: string, checkpoint: Checkpoint): void {
    const bytes = new Uint8Array(checkpoint.values.buffer, checkpoint.values.byteOffset, checkpoint.values.byteLength);
    writeFileSync(`${base}.bin.tmp`, bytes);
    renameSync(`${base}.bin.tmp`, `${base}.bin`);
    writeFileSync(`${base}.json.tmp`, JSON.stringify(checkpoint.meta));
    renameSync(`${base}.json.tmp`, `${base}.json`);
  }

  private read(base: string, room: string): Checkpoint | undefined {
    if (!existsSync(`${base}.json`) || !existsSync(`${base}.bin`)) return undefined;
    const meta = StoredCheckpointSchema.safeParse(JSON.parse(readFileSync(`${base}.json`, 'utf8')));
    const bytes = readFileSync(`${base}.bin`);
    // Not ours, another room's, or torn between the two renames: ignored.
    if (!meta.success || meta.data.room !== room || bytes.byteLength !== meta.data.parameterCount * 4) return undefined;
    const values = new Float32Array(meta.data.parameterCount);
    new Uint8Array(values.buffer).set(bytes);
    return { meta: meta.data, values };
  }

  private hexOf(room: string): string {
    return Buffer.from(room).toString('hex');
  }
}
