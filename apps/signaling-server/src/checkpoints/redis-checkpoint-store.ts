/**
 * Checkpoints in Redis (`--redis`), so that every instance serving a room sees the checkpoint its root uploaded
 * through any of them, and a rollback on one instance finds the run another stored. Per room one hash:
 * `newest:meta`/`newest:values` and `run:<id>:meta`/`run:<id>:values` (values as f32 LE bytes); a set names the
 * rooms that hold any. Same rules as the other stores (RUNS_KEPT runs, the byte budget via overBudget), same suite.
 * What comes back from Redis is checked like a file from disk: a description that fails its schema, belongs to
 * another room or does not match its values' length is ignored.
 */
import { StoredCheckpointSchema, type StoredCheckpoint } from '@canopy/protocol';
import type { Redis } from 'ioredis';
import { DEFAULT_CHECKPOINT_BUDGET_BYTES, overBudget, RUNS_KEPT, type Checkpoint, type CheckpointStore } from './checkpoint-store';

type Slot = 'newest' | number;

const field = (slot: Slot, part: 'meta' | 'values'): string => (slot === 'newest' ? `newest:${part}` : `run:${slot}:${part}`);
const RUN_META = /^run:(\d+):meta$/;

export class RedisCheckpointStore implements CheckpointStore {
  constructor(
    private readonly redis: Redis,
    private readonly budgetBytes = DEFAULT_CHECKPOINT_BUDGET_BYTES,
    private readonly prefix = 'canopy:',
  ) {}

  async save(checkpoint: Checkpoint): Promise<void> {
    const { meta, values } = checkpoint;
    const bytes = Buffer.from(values.buffer, values.byteOffset, values.byteLength);
    const json = JSON.stringify(meta);
    await this.redis
      .multi()
      .hset(this.key(meta.room), field('newest', 'meta'), json, field('newest', 'values'), bytes, field(meta.runId, 'meta'), json, field(meta.runId, 'values'), bytes)
      .sadd(this.roomsKey(), meta.room)
      .exec();
    const stale = (await this.runIds(meta.room)).slice(RUNS_KEPT);
    if (stale.length > 0) await this.redis.hdel(this.key(meta.room), ...stale.flatMap((runId) => [field(runId, 'meta'), field(runId, 'values')]));
    await this.enforceBudget(meta);
  }

  async load(room: string): Promise<Checkpoint | undefined> {
    return this.read(room, 'newest');
  }

  async loadRun(room: string, runId: number): Promise<Checkpoint | undefined> {
    const found = await this.read(room, runId);
    return found?.meta.runId === runId ? found : undefined;
  }

  async history(room: string): Promise<StoredCheckpoint[]> {
    const runIds = await this.runIds(room);
    if (runIds.length === 0) return [];
    const metas = await this.redis.hmget(this.key(room), ...runIds.map((runId) => field(runId, 'meta')));
    return metas.flatMap((raw, i): StoredCheckpoint[] => {
      const meta = parseMeta(raw, room);
      return meta !== undefined && meta.runId === runIds[i] ? [meta] : [];
    });
  }

  /** Every kept entry from its description (bytes = parameterCount · 4), then the oldest removed until it fits. */
  private async enforceBudget(saved: StoredCheckpoint): Promise<void> {
    const entries: { room: string; slot: Slot; at: number; bytes: number }[] = [];
    for (const room of await this.redis.smembers(this.roomsKey())) {
      const slots: Slot[] = ['newest', ...(await this.runIds(room))];
      const metas = await this.redis.hmget(this.key(room), ...slots.map((slot) => field(slot, 'meta')));
      slots.forEach((slot, i) => {
        const meta = parseMeta(metas[i] ?? null, room);
        if (meta !== undefined) entries.push({ room, slot, at: meta.at, bytes: meta.parameterCount * 4 });
      });
    }
    for (const entry of overBudget(entries, this.budgetBytes, { room: saved.room, runId: saved.runId })) {
      await this.redis.hdel(this.key(entry.room), field(entry.slot, 'meta'), field(entry.slot, 'values'));
      if ((await this.redis.hlen(this.key(entry.room))) === 0) await this.redis.srem(this.roomsKey(), entry.room);
    }
  }

  private async read(room: string, slot: Slot): Promise<Checkpoint | undefined> {
    const [rawMeta, rawValues] = await this.redis.hmgetBuffer(this.key(room), field(slot, 'meta'), field(slot, 'values'));
    const meta = parseMeta(rawMeta?.toString('utf8') ?? null, room);
    if (meta === undefined || rawValues === null || rawValues === undefined || rawValues.byteLength !== meta.parameterCount * 4) return undefined;
    const values = new Float32Array(meta.parameterCount);
    new Uint8Array(values.buffer).set(rawValues);
    return { meta, values };
  }

  /** Run ids with a checkpoint in this room, newest first. */
  private async runIds(room: string): Promise<number[]> {
    const fields = await this.redis.hkeys(this.key(room));
    return fields
      .map((name) => RUN_META.exec(name)?.[1])
      .filter((id): id is string => id !== undefined)
      .map(Number)
      .sort((a, b) => b - a);
  }

  private key(room: string): string {
    return `${this.prefix}checkpoints:${room}`;
  }

  private roomsKey(): string {
    return `${this.prefix}checkpoint-rooms`;
  }
}

function parseMeta(raw: string | null, room: string): StoredCheckpoint | undefined {
  if (raw === null) return undefined;
  try {
    const meta = StoredCheckpointSchema.safeParse(JSON.parse(raw));
    return meta.success && meta.data.room === room ? meta.data : undefined;
  } catch {
    return undefined;
  }
}
