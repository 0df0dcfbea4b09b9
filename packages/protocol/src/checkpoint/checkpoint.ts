/**
 * Room checkpoints over HTTP: the root (it holds the consensus model) uploads the weights it just evaluated,
 * `POST /api/rooms/NAME/checkpoint` with the f32 values as the body and who/what in headers; dashboards read
 * `GET /api/rooms/NAME/checkpoint` (what, when) and `.../checkpoint.bin` (the values). Everything here is checked
 * by the server before it replaces the stored checkpoint.
 */
import { z } from 'zod';
import { CounterSchema, IdentifierSchema, PeerIdSchema, ProbabilitySchema, RoomNameSchema, RunIdSchema } from '../signaling/primitives';

/** Parameters of each model the app trains (apps/browser-node's layouts; a test there checks they agree). */
export const MODEL_PARAMETERS: Readonly<Record<string, number>> = { mlp: 101_770, cnn: 11_274, transformer: 251_680 };

/** The largest body the server reads (a 4M-parameter model), so an upload cannot exhaust its memory. */
export const MAX_CHECKPOINT_BYTES = 16 * 1024 * 1024;

export const CHECKPOINT_HEADERS = {
  peer: 'x-canopy-peer',
  /** The resume secret of the uploader's join ack: proves it is that member. */
  secret: 'x-canopy-secret',
  /** CheckpointMeta as JSON. */
  meta: 'x-canopy-meta',
} as const;

export const HeldOutSchema = z.strictObject({
  accuracy: ProbabilitySchema,
  loss: z.number().min(0).max(1e6),
  samples: z.number().int().min(1).max(10_000_000),
});

/** What the uploader says about the weights in the body. */
export const CheckpointMetaSchema = z.strictObject({
  runId: RunIdSchema,
  step: CounterSchema,
  dataset: IdentifierSchema,
  model: IdentifierSchema,
  algorithm: IdentifierSchema,
  /** Held-out figures of exactly these weights. */
  heldOut: HeldOutSchema,
});

/** A stored checkpoint's description, as the server serves it. */
export const StoredCheckpointSchema = z.strictObject({
  ...CheckpointMetaSchema.shape,
  room: RoomNameSchema,
  peerId: PeerIdSchema,
  parameterCount: z.number().int().min(1),
  /** Server time of the upload, ms since 1970. */
  at: z.number().int().min(0),
});

export type CheckpointMeta = z.infer<typeof CheckpointMetaSchema>;
export type StoredCheckpoint = z.infer<typeof StoredCheckpointSchema>;
