/** A room's training settings and injected faults: what control actions change and every peer obeys. */
import { z } from 'zod';
import { COMPRESSOR_NAMES } from '../compression/names';
import { DEFAULT_KEYFRAME_EVERY, MAX_KEYFRAME_EVERY } from '../compression/settings';
import { SIGNALING_LIMITS } from './limits';
import {
  IdentifierSchema,
  MillisecondsSchema,
  PeerIdSchema,
  ProbabilitySchema,
  RunIdSchema,
} from './primitives';
import { TopologyKindSchema } from './topology-schema';

/** Must list the same names as AlgorithmName in @canopy/algorithms (protocol cannot import it; the server checks). */
export const ALGORITHM_NAMES = [
  'rfast',
  'naive',
  'allreduce',
  'dpsgd',
  'adpsgd',
  'local-sgd',
  'overlap-local-sgd',
  'pc-asgd',
  'synthesis',
] as const;
export const AlgorithmNameSchema = z.enum(ALGORITHM_NAMES);
export type SignalingAlgorithmName = z.infer<typeof AlgorithmNameSchema>;

/** Algorithm-specific numbers (H for Local SGD, τ/α/β for Overlap, ...), by name. */
export const HyperParamsSchema = z
  .record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,31}$/, 'hyper-parameter names are identifiers'), z.number())
  .refine((params) => Object.keys(params).length <= SIGNALING_LIMITS.hyperParams, 'too many hyper-parameters');

export const AlgorithmSettingsSchema = z.strictObject({
  name: AlgorithmNameSchema,
  /** η: the minibatch-SGD learning rate on the mean loss (R-FAST scales it by the topology's stepScale). */
  learningRate: z.number().positive().max(100),
  batchSize: z.number().int().min(1).max(4096),
  params: HyperParamsSchema,
});

/**
 * Wire compression (R-FAST only; other algorithms ignore it): the compressor, the keyframe cadence, and the
 * codec's own knobs (topk/sketch ratio, q-dynamic error budget, sketch shape), each optional.
 */
export const CompressionSettingsSchema = z.strictObject({
  name: z.enum(COMPRESSOR_NAMES),
  keyframeEvery: z.number().int().min(1).max(MAX_KEYFRAME_EVERY),
  ratio: z.number().positive().max(1).optional(),
  errorBudget: z.number().positive().max(10).optional(),
  rows: z.number().int().min(1).max(16).optional(),
  columns: z.number().int().min(1).max(1 << 24).optional(),
});

export const TopologySettingsSchema = z.strictObject({
  kind: TopologyKindSchema,
  /** Children per node in the two trees (ignored by ring and exponential). */
  fanOut: z.number().int().min(1).max(64),
});

export const PartitionSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('iid') }),
  /** Label skew: per-class shares drawn from Dirichlet(α); small α = very heterogeneous shards. */
  z.strictObject({ kind: z.literal('dirichlet'), alpha: z.number().positive().max(1e6) }),
]);

export const RoomSettingsSchema = z.strictObject({
  algorithm: AlgorithmSettingsSchema,
  compression: CompressionSettingsSchema,
  topology: TopologySettingsSchema,
  partition: PartitionSchema,
  dataset: IdentifierSchema,
  model: IdentifierSchema,
  /** Seed of x⁰ and of the data split, so every peer of a run starts from the same point. */
  seed: z.number().int().min(0).max(2 ** 32 - 1),
});

/** A directed link's own drop probability, overriding the global one (sender side: `from` drops towards `to`). */
export const LinkLossSchema = z.strictObject({ from: PeerIdSchema, to: PeerIdSchema, p: ProbabilitySchema });

/**
 * Gilbert–Elliott two-state burst model, one chain per directed link, stepped per message. When set, each
 * link drops with lossGood/lossBad depending on its state instead of the global p (overrides still win).
 */
export const BurstLossSchema = z.strictObject({
  pGoodToBad: ProbabilitySchema,
  pBadToGood: ProbabilitySchema,
  lossGood: ProbabilitySchema,
  lossBad: ProbabilitySchema,
});

export const LossSettingsSchema = z.strictObject({
  p: ProbabilitySchema,
  links: z.array(LinkLossSchema).max(SIGNALING_LIMITS.linkOverrides),
  burst: BurstLossSchema.nullable(),
});

/** Added to every outgoing message: mean plus uniform jitter in [-jitter, +jitter], clamped at 0. */
export const DelaySettingsSchema = z.strictObject({ meanMs: MillisecondsSchema, jitterMs: MillisecondsSchema });

/** A slow node: its step takes `factor` times as long (the runner sleeps the difference). */
export const StragglerSchema = z.strictObject({ peer: PeerIdSchema, factor: z.number().min(1).max(1000) });

export const FaultSettingsSchema = z.strictObject({
  loss: LossSettingsSchema,
  delay: DelaySettingsSchema,
  stragglers: z.array(StragglerSchema).max(SIGNALING_LIMITS.stragglers),
});

/** Everything a peer needs to obey the room; sent in the join ack and after every control action. */
export const RoomStateSchema = z.strictObject({
  settings: RoomSettingsSchema,
  faults: FaultSettingsSchema,
  /** Bumped by reset and by any change that invalidates the current run (algorithm, data, model). */
  runId: RunIdSchema,
  paused: z.boolean(),
  /**
   * No new tabs (the admin's lock): only a tab that proves a member's id comes back. After removing a hostile tab,
   * the teacher locks the room so that it cannot rejoin under a new id. Absent in state saved before it existed.
   */
  locked: z.boolean().default(false),
});

export type AlgorithmSettings = z.infer<typeof AlgorithmSettingsSchema>;
export type RoomCompressionSettings = z.infer<typeof CompressionSettingsSchema>;
export type TopologySettings = z.infer<typeof TopologySettingsSchema>;
export type Partition = z.infer<typeof PartitionSchema>;
export type RoomSettings = z.infer<typeof RoomSettingsSchema>;
export type LinkLoss = z.infer<typeof LinkLossSchema>;
export type BurstLoss = z.infer<typeof BurstLossSchema>;
export type LossSettings = z.infer<typeof LossSettingsSchema>;
export type DelaySettings = z.infer<typeof DelaySettingsSchema>;
export type Straggler = z.infer<typeof StragglerSchema>;
export type FaultSettings = z.infer<typeof FaultSettingsSchema>;
export type RoomState = z.infer<typeof RoomStateSchema>;

/** Fresh objects each call, so a room can never mutate another room's (or the defaults') state. */
export function defaultRoomSettings(): RoomSettings {
  return {
    algorithm: { name: 'rfast', learningRate: 0.05, batchSize: 32, params: {} },
    compression: { name: 'none', keyframeEvery: DEFAULT_KEYFRAME_EVERY },
    topology: { kind: 'two-trees', fanOut: 2 },
    partition: { kind: 'iid' },
    dataset: 'mnist',
    model: 'mlp',
    seed: 1,
  };
}

export function noFaults(): FaultSettings {
  return { loss: { p: 0, links: [], burst: null }, delay: { meanMs: 0, jitterMs: 0 }, stragglers: [] };
}

export function initialRoomState(): RoomState {
  return { settings: defaultRoomSettings(), faults: noFaults(), runId: 1, paused: false, locked: false };
}
