/**
 * Each room's newest checkpoint, and the newest of each of its last RUNS_KEPT runs (what the admin can roll back
 * to): on disk under the state directory (kept across restarts), in memory without one, or in Redis shared by
 * several instances. Three implementations, one behaviour suite (checkpoint-store.test.ts).
 *
 * Size-limited: every kept entry (a room's newest, each run's newest) counts its values' bytes, and a save that
 * takes the total over the budget removes the entries saved longest ago, any room's, until it fits; the entry
 * just saved always stays. Rooms come and go (a classroom per lesson), so without a budget the disk only fills.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StoredCheckpointSchema, type StoredCheckpoint } from '@canopy/protocol';

export interface Checkpoint {
  readonly meta: StoredCheckpoint;
  readonly values: Float32Array;
}

/** Asynchronous: the Redis implementation (redis-checkpoint-store.ts) shares checkpoints between instances. */
export interface CheckpointStore {
  save(checkpoint: Checkpoint): Promise<void>;
  /** The room's newest checkpoint. */
  load(room: string): Promise<Checkpoint | undefined>;
  /** The newest checkpoint of run `runId`, while that run is among the last RUNS_KEPT. */
  loadRun(room: string, runId: number): Promise<Checkpoint | undefined>;
  /** Descriptions of the runs kept, newest run first. */
  history(room: string): Promise<StoredCheckpoint[]>;
}

export const RUNS_KEPT = 8;
/** Default budget: 256 MB, about 600 checkpoints of the MNIST MLP (407 KB each). */
export const DEFAULT_CHECKPOINT_BUDGET_BYTES = 256 * 1024 * 1024;

/** One kept entry: a room's newest ('newest') or a run's newest (the run id). */
interface EntryRef {
  readonly room: string;
  readonly slot: 'newest' | number;
  readonly at: number;
  readonly bytes: number;
}

/**
 * The entries to remove so the kept ones fit in `budget`: oldest first (a room's run copies before its newest
 * of the same moment), never the entry just saved (`keep`).
 */
export function overBudget(entries: readonly EntryRef[], budget: number, keep: { room: string; runId: number }): EntryRef[] {
  let total = entries.reduce((sum, e) => sum + e.bytes, 0);
  const protectedEntry = (e: EntryRef): boolean => e.room === keep.room && (e.slot === 'newest' || e.slot === keep.runId);
  const candidates = entries
    .filter((e) => !protectedEntry(e))
    .sort((a, b) => a.at - b.at || (a.slot === 'newest' ? 1 : 0) - (b.slot === 'newest' ? 1 : 0) || a.room.localeCompare(b.room));
  const removed: EntryRef[] = [];
  for (const entry of candidates) {
    if (total <= budget) break;
    removed.push(entry);
    total -= entry.bytes;
  }
  return removed;
}

const copy = (checkpoint: Checkpoint): Checkpoint => ({ meta: checkpoint.meta, values: checkpoint.values.slice() });

export class InMemoryCheckpointStore implements CheckpointStore {
  private readonly rooms = new Map<string, { newest: Checkpoint | undefined; runs: Map<number, Checkpoint> }>();

  constructor(private readonly budgetBytes = DEFAULT_CHECKPOINT_BUDGET_BYTES) {}

  async save(checkpoint: Checkpoint): Promise<void> {
    const kept = copy(checkpoint);
    const room = this.rooms.get(checkpoint.meta.room) ?? { newest: kept, runs: new Map<number, Checkpoint>() };
    room.newest = kept;
    room.runs.set(kept.meta.runId, kept);
    for (const runId of [...room.runs.keys()].sort((a, b) => b - a).slice(RUNS_KEPT)) room.runs.delete(runId);
    this.rooms.set(checkpoint.meta.room, room);
    this.enforceBudget(kept.meta);
  }

  private enforceBudget(saved: StoredCheckpoint): void {
    const entries: EntryRef[] = [];
    for (const [name, room] of this.rooms) {
      if (room.newest !== undefined) entries.push({ room: name, slot: 'newest', at: room.newest.meta.at, bytes: room.newest.values.byteLength });
      for (const [runId, c] of room.runs) entries.push({ room: name, slot: runId, at: c.meta.at, bytes: c.values.byteLength });
    }
    for (const entry of overBudget(entries, this.budgetBytes, { room: saved.room, runId: saved.runId })) {
      const room = this.rooms.get(entry.room);
      if (room === undefined) continue;
      if (entry.slot === 'newest') room.newest = undefined;
      else room.runs.delete(entry.slot);
      if (room.newest === undefined && room.runs.size === 0) this.rooms.delete(entry.room);
    }
  }

  async load(room: string): Promise<Checkpoint | undefined> {
    const found = this.rooms.get(room)?.newest;
    return found === undefined ? undefined : copy(found);
  }

  async loadRun(room: string, runId: number): Promise<Checkpoint | undefined> {
    const found = this.rooms.get(room)?.runs.get(runId);
    return found === undefined ? undefined : copy(found);
  }

  async history(room: string): Promise<StoredCheckpoint[]> {
    return [...(this.rooms.get(room)?.runs.values() ?? [])].map((c) => c.meta).sort((a, b) => b.runId - a.runId);
  }
}

/**
 * `<hex room>.bin` (f32 LE) + `<hex room>.json` for the newest, `<hex room>.run-<id>.*` per run kept; each file
 * replaced atomically, values before their description.
 */
export class FileCheckpointStore implements CheckpointStore {
  constructor(
    private readonly dir: string,
    private readonly budgetBytes = DEFAULT_CHECKPOINT_BUDGET_BYTES,
  ) {}

  async save(checkpoint: Checkpoint): Promise<void> {
    mkdirSync(this.dir, { recursive: true });
    const hex = this.hexOf(checkpoint.meta.room);
    this.write(join(this.dir, hex), checkpoint);
    this.write(join(this.dir, `${hex}.run-${checkpoint.meta.runId}`), checkpoint);
    for (const runId of this.runIds(hex).slice(RUNS_KEPT)) this.remove(`${hex}.run-${runId}`);
    this.enforceBudget(checkpoint.meta);
  }

  /** Every entry on disk, from its description (a file that is not one of ours is not counted). */
  private enforceBudget(saved: StoredCheckpoint): void {
    const entries: (EntryRef & { readonly base: string })[] = [];
    for (const file of readdirSync(this.dir)) {
      const match = /^([0-9a-f]+)(?:\.run-(\d+))?\.json$/.exec(file);
      if (match === null) continue;
      const base = file.slice(0, -'.json'.length);
      const meta = StoredCheckpointSchema.safeParse(safeJson(join(this.dir, file)));
      if (!meta.success || this.hexOf(meta.data.room) !== match[1]) continue;
      const slot = match[2] === undefined ? 'newest' : Number(match[2]);
      entries.push({ room: meta.data.room, slot, at: meta.data.at, bytes: meta.data.parameterCount * 4, base });
    }
    const removed = overBudget(entries, this.budgetBytes, { room: saved.room, runId: saved.runId });
    for (const entry of removed) this.remove((entry as EntryRef & { base: string }).base);
  }

  private remove(base: string): void {
    // Description first: a torn removal leaves values without a description, which read() ignores.
    for (const ext of ['json', 'bin']) rmSync(join(this.dir, `${base}.${ext}`), { force: true });
  }

  async load(room: string): Promise<Checkpoint | undefined> {
    return this.read(join(this.dir, this.hexOf(room)), room);
  }

  async loadRun(room: string, runId: number): Promise<Checkpoint | undefined> {
    const found = this.read(join(this.dir, `${this.hexOf(room)}.run-${runId}`), room);
    return found?.meta.runId === runId ? found : undefined;
  }

  async history(room: string): Promise<StoredCheckpoint[]> {
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
    const meta = StoredCheckpointSchema.safeParse(safeJson(`${base}.json`));
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

/** A file's JSON, or undefined when it is not JSON (a torn or foreign file is ignored, never thrown). */
function safeJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}
