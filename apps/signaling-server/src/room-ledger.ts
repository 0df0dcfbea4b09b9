/**
 * What a room's numbers must never repeat across a server restart: the epochs it has issued and its run id.
 * Tabs only accept newer epochs, so a restarted server that counted from 1 again would be ignored; taking the
 * numbers from returning tabs instead let any client set them (issue 16). The room reserves epochs in blocks
 * (one write per EPOCH_BLOCK epochs, written before any of them is issued) and records each new run id.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface LedgerEntry {
  /** Every epoch issued so far is at most this; a restarted room starts above it. */
  readonly epochCeiling: number;
  readonly runId: number;
}

export interface RoomLedger {
  load(room: string): LedgerEntry | undefined;
  save(room: string, entry: LedgerEntry): void;
}

/** Epochs reserved per write. */
export const EPOCH_BLOCK = 1024;
/** Rooms remembered; the least recently saved is forgotten first. */
export const LEDGER_ROOMS = 4096;

export class InMemoryRoomLedger implements RoomLedger {
  protected readonly entries = new Map<string, LedgerEntry>();

  load(room: string): LedgerEntry | undefined {
    return this.entries.get(room);
  }

  save(room: string, entry: LedgerEntry): void {
    this.entries.delete(room); // re-insert: Map order is the save order
    this.entries.set(room, entry);
    if (this.entries.size > LEDGER_ROOMS) this.entries.delete(this.entries.keys().next().value as string);
  }
}

/** The ledger as one JSON file, rewritten atomically (temp file + rename) on every save. */
export class FileRoomLedger extends InMemoryRoomLedger {
  constructor(private readonly path: string) {
    super();
    if (!existsSync(path)) return;
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    const rooms = typeof parsed === 'object' && parsed !== null ? (parsed as { rooms?: unknown }).rooms : undefined;
    if (typeof rooms !== 'object' || rooms === null) throw new Error(`${path}: not a room ledger (no "rooms" object)`);
    for (const [room, entry] of Object.entries(rooms)) {
      const { epochCeiling, runId } = (entry ?? {}) as Partial<LedgerEntry>;
      if (Number.isSafeInteger(epochCeiling) && Number.isSafeInteger(runId)) this.entries.set(room, { epochCeiling: epochCeiling!, runId: runId! });
    }
  }

  override save(room: string, entry: LedgerEntry): void {
    super.save(room, entry);
    mkdirSync(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.tmp`;
    writeFileSync(temporary, JSON.stringify({ rooms: Object.fromEntries(this.entries) }));
    renameSync(temporary, this.path);
  }
}
