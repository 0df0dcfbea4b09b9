/**
 * Metrics of rooms the store evicted (idle rooms make way for new ones): kept so that an export after the
 * eviction still answers instead of a 404. On disk under the state directory, or in memory without one.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MetricsSampleSchema, type MetricsSample } from '@canopy/protocol';

export interface MetricsArchive {
  save(room: string, samples: readonly MetricsSample[]): void;
  /** Oldest first; undefined when the room was never archived. */
  load(room: string): MetricsSample[] | undefined;
}

/** Rooms whose metrics are kept; the oldest archive goes first. */
export const ARCHIVED_ROOMS = 256;

export class InMemoryMetricsArchive implements MetricsArchive {
  private readonly rooms = new Map<string, readonly MetricsSample[]>();

  save(room: string, samples: readonly MetricsSample[]): void {
    this.rooms.delete(room);
    this.rooms.set(room, [...samples]);
    if (this.rooms.size > ARCHIVED_ROOMS) this.rooms.delete(this.rooms.keys().next().value as string);
  }

  load(room: string): MetricsSample[] | undefined {
    const samples = this.rooms.get(room);
    return samples === undefined ? undefined : [...samples];
  }
}

/** One JSON file per room (the name hex-encoded: any room name is a safe file name). */
export class FileMetricsArchive implements MetricsArchive {
  constructor(private readonly dir: string) {}

  save(room: string, samples: readonly MetricsSample[]): void {
    mkdirSync(this.dir, { recursive: true });
    const path = this.pathOf(room);
    writeFileSync(`${path}.tmp`, JSON.stringify(samples));
    renameSync(`${path}.tmp`, path);
    this.prune();
  }

  load(room: string): MetricsSample[] | undefined {
    const path = this.pathOf(room);
    if (!existsSync(path)) return undefined;
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    // The file is ours, but a sample that no longer fits the schema is dropped rather than served.
    return Array.isArray(parsed) ? parsed.filter((s): s is MetricsSample => MetricsSampleSchema.safeParse(s).success) : undefined;
  }

  private pathOf(room: string): string {
    return join(this.dir, `${Buffer.from(room).toString('hex')}.json`);
  }

  private prune(): void {
    const files = readdirSync(this.dir).filter((f) => f.endsWith('.json'));
    if (files.length <= ARCHIVED_ROOMS) return;
    const byAge = files.map((f) => ({ f, at: statSync(join(this.dir, f)).mtimeMs })).sort((a, b) => a.at - b.at);
    for (const { f } of byAge.slice(0, files.length - ARCHIVED_ROOMS)) rmSync(join(this.dir, f), { force: true });
  }
}
