/** Admin → server control actions. Each one needs the admin token; the server answers with the new RoomState. */
import { z } from 'zod';
import { SIGNALING_LIMITS } from './limits';
import { IdentifierSchema, PeerIdSchema, ProbabilitySchema, RoomNameSchema, RunIdSchema, TokenSchema } from './primitives';
import {
  AlgorithmNameSchema,
  BurstLossSchema,
  CompressionSettingsSchema,
  DelaySettingsSchema,
  HyperParamsSchema,
  LinkLossSchema,
  PartitionSchema,
} from './settings';
import { TopologyKindSchema } from './topology-schema';

export const ControlActionSchema = z.discriminatedUnion('type', [
  /** Replaces the loss settings: global p, per-link overrides, optional burst model (null turns it off). */
  z.strictObject({
    type: z.literal('loss'),
    p: ProbabilitySchema,
    links: z.array(LinkLossSchema).max(SIGNALING_LIMITS.linkOverrides).optional(),
    burst: BurstLossSchema.nullable().optional(),
  }),
  z.strictObject({ type: z.literal('delay'), ...DelaySettingsSchema.shape }),
  /** factor 1 removes the slowdown. */
  z.strictObject({ type: z.literal('straggler'), peer: PeerIdSchema, factor: z.number().min(1).max(1000) }),
  z.strictObject({ type: z.literal('pause') }),
  /** locked: new tabs are refused ('room-locked'); members keep their places and may reconnect. */
  z.strictObject({ type: z.literal('lock'), locked: z.boolean() }),
  z.strictObject({ type: z.literal('resume') }),
  /** Starts a new run with the same settings. */
  z.strictObject({ type: z.literal('reset') }),
  /** Chooses the algorithm and its hyper-parameters; starts a new run. */
  z.strictObject({
    type: z.literal('algorithm'),
    name: AlgorithmNameSchema,
    learningRate: z.number().positive().max(100),
    batchSize: z.number().int().min(1).max(4096).optional(),
    params: HyperParamsSchema.optional(),
  }),
  /** Chooses the wire compression (R-FAST; others ignore it); starts a new run so every link begins with a keyframe. */
  z.strictObject({ type: z.literal('compression'), ...CompressionSettingsSchema.shape }),
  /** Rebuilds the graphs with a new epoch (the run goes on: nodes reset their trackers per ALGORITHMS.md). */
  z.strictObject({ type: z.literal('topology'), kind: TopologyKindSchema, fanOut: z.number().int().min(1).max(64).optional() }),
  /** How the dataset is split across peers; starts a new run. */
  z.strictObject({ type: z.literal('partition'), partition: PartitionSchema }),
  /** Removes a peer from the room for good (its id is banned there): a tab the teacher or its neighbours found hostile. */
  z.strictObject({ type: z.literal('kick'), peer: PeerIdSchema }),
  /**
   * Takes a peer out of the room for `seconds` (not banned): the trees repair without it, then it rejoins by itself
   * as a new member. For teaching ("the root leaves"); the tab is told why.
   */
  z.strictObject({ type: z.literal('step-out'), peer: PeerIdSchema, seconds: z.number().int().min(1).max(600) }),
  /**
   * Starts a new run from the newest checkpoint of an earlier run `runId` (kept by the server), on that run's
   * dataset and model: every tab starts from those weights.
   */
  z.strictObject({ type: z.literal('rollback'), runId: RunIdSchema }),
  /** Dataset and model; starts a new run. */
  z.strictObject({
    type: z.literal('dataset'),
    dataset: IdentifierSchema,
    model: IdentifierSchema,
    /** The new task's step size and batch (a text model wants other ones than an image classifier); absent: kept. */
    learningRate: z.number().positive().max(100).optional(),
    batchSize: z.number().int().min(1).max(4096).optional(),
  }),
]);

export const ControlRequestSchema = z.strictObject({
  room: RoomNameSchema,
  token: TokenSchema,
  action: ControlActionSchema,
});

export type ControlAction = z.infer<typeof ControlActionSchema>;
export type ControlActionType = ControlAction['type'];
export type ControlRequest = z.infer<typeof ControlRequestSchema>;
