import type { TopologyPublisher } from './broadcast';
import type { CheckpointStore } from './checkpoints/checkpoint-store';
import type { ServerCounters } from './counters';
import type { Logger } from './logger';
import type { ResolvedOptions } from './options';
import type { RoomStore } from './room-store';
import type { SignalingIo } from './types';

/** What every handler needs; built once per server. */
export interface ServerContext {
  readonly io: SignalingIo;
  readonly store: RoomStore;
  readonly options: ResolvedOptions;
  readonly counters: ServerCounters;
  readonly logger: Logger;
  readonly topologies: TopologyPublisher;
  /** Signs resume secrets (resume-secret.ts). */
  readonly serverKey: Buffer;
  /** Room checkpoints (a rollback starts a new run from one). */
  readonly checkpoints: CheckpointStore;
}
