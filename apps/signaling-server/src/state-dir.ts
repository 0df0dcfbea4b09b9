/**
 * What the server keeps beyond its process: the key that signs resume secrets, the room ledger (epochs, run
 * ids) and the metrics of evicted rooms. With a directory they survive a restart; without one (tests, the
 * embedded default of createSignalingServer) they live in memory.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FileCheckpointStore, InMemoryCheckpointStore, type CheckpointStore } from './checkpoints/checkpoint-store';
import { FileMetricsArchive, InMemoryMetricsArchive, type MetricsArchive } from './metrics-archive';
import { newServerKey, SERVER_KEY_BYTES } from './resume-secret';
import { FileRoomLedger, InMemoryRoomLedger, type RoomLedger } from './room-ledger';

export interface ServerState {
  readonly key: Buffer;
  readonly ledger: RoomLedger;
  readonly archive: MetricsArchive;
  readonly checkpoints: CheckpointStore;
}

export function openServerState(dir: string | null, checkpointBudgetBytes?: number): ServerState {
  if (dir === null) {
    return { key: newServerKey(), ledger: new InMemoryRoomLedger(), archive: new InMemoryMetricsArchive(), checkpoints: new InMemoryCheckpointStore(checkpointBudgetBytes) };
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return {
    key: serverKey(join(dir, 'server-key')),
    ledger: new FileRoomLedger(join(dir, 'rooms.json')),
    archive: new FileMetricsArchive(join(dir, 'metrics')),
    checkpoints: new FileCheckpointStore(join(dir, 'checkpoints'), checkpointBudgetBytes),
  };
}

function serverKey(path: string): Buffer {
  if (existsSync(path)) {
    const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'hex');
    if (key.length !== SERVER_KEY_BYTES) throw new Error(`${path}: expected ${SERVER_KEY_BYTES} bytes of hex (delete it to make a new key)`);
    return key;
  }
  const key = newServerKey();
  writeFileSync(path, key.toString('hex'), { mode: 0o600 });
  return key;
}
