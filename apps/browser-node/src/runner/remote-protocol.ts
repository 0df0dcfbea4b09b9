/**
 * Messages between the page and the runner worker (the training loop runs in the runner worker; the links
 * stay on the page, where WebRTC is). Both sides validate what they receive with these schemas: a malformed
 * message is counted and dropped, never thrown. Every message carries the page's session number, so replies
 * from a loop the page has already replaced (a new peer id) are ignored.
 */
import type { AlgorithmName, IncomingMessage, OutgoingMessage, RejectReason } from '@canopy/algorithms';
import { ALGORITHM_NAMES, PeerIdSchema, PeerTopologySchema, RoomStateSchema, isMessageKind, type MessageKind } from '@canopy/protocol';
import { z } from 'zod';
import { BACKEND_NAMES, type BackendName } from '../training/backend/names';
import type { LoopStatus, NodeRoles } from './status';

const session = z.number().int().nonnegative();
const count = z.number().int().nonnegative();
const messageKind = z.custom<MessageKind>((value) => isMessageKind(value), { message: 'unknown message kind' });
const vector = z.custom<Float32Array | Float64Array>((value) => value instanceof Float32Array || value instanceof Float64Array, {
  message: 'expected a Float32Array or Float64Array',
});
const bytes = z.custom<Uint8Array>((value) => value instanceof Uint8Array, { message: 'expected a Uint8Array' });
const algorithmName = z.enum(ALGORITHM_NAMES) satisfies z.ZodType<AlgorithmName>;
const backendName = z.enum(BACKEND_NAMES as [BackendName, ...BackendName[]]);

/** Algorithm-level refusals (AlgorithmNode.receive), the only ones counted from the worker. */
export const RUNNER_REJECT_REASONS = [
  'stale-epoch',
  'future-epoch',
  'stale-seq',
  'non-finite',
  'wrong-size',
  'unexpected-kind',
  'not-a-neighbour',
  'bad-encoding',
  'missing-keyframe',
  'screened',
  'quarantined',
] as const satisfies readonly RejectReason[];
// Compile-time check that the list is complete: fails if RejectReason gains a member not listed above.
type MissingReason = Exclude<RejectReason, (typeof RUNNER_REJECT_REASONS)[number]>;
const noMissingReason: MissingReason extends never ? true : never = true;
void noMissingReason;

const messageFields = { kind: messageKind, epoch: count, seq: count, echo: z.number().int().min(0).max(0xffff).optional(), payload: vector, encoded: bytes.optional() };
const incomingMessage = z.object({ from: PeerIdSchema, ...messageFields }) satisfies z.ZodType<IncomingMessage>;
const outgoingMessage = z.object({ to: PeerIdSchema, ...messageFields }) satisfies z.ZodType<OutgoingMessage>;

const treeRole = z.object({ isRoot: z.boolean(), parents: z.array(PeerIdSchema).readonly(), children: z.array(PeerIdSchema).readonly() });
const roles = z.object({ pull: treeRole, push: treeRole }) satisfies z.ZodType<NodeRoles>;
const nullableNumber = z.number().nullable();

export const loopStatusSchema = z.object({
  epoch: count.nullable(),
  runId: count.nullable(),
  algorithm: algorithmName.nullable(),
  dataset: z.string().max(64).nullable(),
  model: z.string().max(64).nullable(),
  roles: roles.nullable(),
  step: count,
  loss: nullableNumber,
  trainAccuracy: nullableNumber,
  heldOutAccuracy: nullableNumber,
  heldOutLoss: nullableNumber,
  sample: z.string().max(1_000).nullable(),
  backend: z.string().max(64).nullable(),
  stepMs: nullableNumber,
  staleness: nullableNumber,
  delayScale: z.number().min(0).max(1),
  informationAge: nullableNumber,
  stragglerFactor: z.number(),
  modelFinite: z.boolean(),
  skippedGradients: count,
  recoveries: count,
  quarantined: z.array(PeerIdSchema).max(1024).readonly(),
  paused: z.boolean(),
  waiting: z.string().max(1000).nullable(),
  error: z.string().max(10_000).nullable(),
  resumedFrom: z.object({ runId: count, step: count, source: z.enum(['room', 'local']) }).nullable(),
}) satisfies z.ZodType<LoopStatus>;

/** Where the worker finds its compute: assets resolve against the page's URL; an optional forced backend. */
export const computeConfigSchema = z.object({
  baseUrl: z.string().refine((url) => URL.canParse(url), { message: 'baseUrl must be an absolute URL' }),
  backend: backendName.optional(),
});

const tuning = z.object({
  reportIntervalMs: z.number().positive().optional(),
  evaluationIntervalMs: z.number().positive().optional(),
  waitTickMs: z.number().positive().optional(),
  /** PortMesh's idle pump interval (the page derives it from its links' pacing). */
  idlePumpMs: z.number().nonnegative().finite().optional(),
});

const readyEntry = z.object({ peer: PeerIdSchema, kind: messageKind, seen: count });

export const pageToRunnerSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('start'),
    session,
    self: PeerIdSchema,
    state: RoomStateSchema,
    topology: PeerTopologySchema,
    joinFromParent: z.boolean(),
    compute: computeConfigSchema,
    tuning,
    /** Record each step's start and compute time (the runner benchmark). */
    instrument: z.boolean(),
    /** The room checkpoint's URL (`/api/rooms/NAME/checkpoint`, absolute): a run started alone resumes from it. */
    checkpointUrl: z.string().url().max(2048).optional(),
  }),
  z.object({ type: z.literal('topology'), session, topology: PeerTopologySchema }),
  z.object({ type: z.literal('room-state'), session, state: RoomStateSchema }),
  z.object({ type: z.literal('stop'), session }),
  /** `runTag`: the run the page's links accepted it for; the worker drops it if its own run has moved on. */
  z.object({ type: z.literal('incoming'), session, runTag: count, message: incomingMessage }),
  /** Which links would send a message at once (outbox.ts). */
  z.object({ type: z.literal('links'), session, peers: z.array(PeerIdSchema), ready: z.array(readyEntry) }),
]);

const stepLog = z.object({ starts: z.array(z.number()), computeMs: z.array(z.number()) });

export const runnerToPageSchema = z.discriminatedUnion('type', [
  /** Messages for the links, in the order the node produced them; possibly none (then: just pump the links). */
  z.object({ type: z.literal('outbox'), session, messages: z.array(outgoingMessage) }),
  z.object({ type: z.literal('run'), session, runId: count }),
  z.object({ type: z.literal('clear-pending'), session }),
  z.object({ type: z.literal('reject'), session, peer: PeerIdSchema, reason: z.enum([...RUNNER_REJECT_REASONS, 'other-run']) }),
  z.object({
    type: z.literal('status'),
    session,
    status: loopStatusSchema,
    /** Messages the worker's outbox replaced before they reached the page, per neighbour (cumulative). */
    superseded: z.record(z.string(), count),
    steps: stepLog.optional(),
  }),
  z.object({ type: z.literal('evaluation'), session, step: count, loss: z.number(), accuracy: z.number(), model: z.instanceof(Float32Array), samples: count.optional(), healthy: z.boolean() }),
  z.object({ type: z.literal('prepared'), session, backend: z.string().max(64), ranking: z.array(z.string().max(200)).max(16), dimension: count }),
  z.object({ type: z.literal('error'), session, message: z.string().max(10_000) }),
]);

export type ComputeConfig = z.infer<typeof computeConfigSchema>;
export type RunnerTuning = z.infer<typeof tuning>;
export type PageToRunner = z.infer<typeof pageToRunnerSchema>;
export type RunnerToPage = z.infer<typeof runnerToPageSchema>;
export type StepLog = z.infer<typeof stepLog>;
export type PreparedInfo = Omit<Extract<RunnerToPage, { type: 'prepared' }>, 'type' | 'session'>;

export type Parsed<M> = { readonly ok: true; readonly message: M } | { readonly ok: false; readonly error: string };

export function parsePageToRunner(data: unknown): Parsed<PageToRunner> {
  return parseWith(pageToRunnerSchema, data);
}

export function parseRunnerToPage(data: unknown): Parsed<RunnerToPage> {
  return parseWith(runnerToPageSchema, data);
}

function parseWith<M>(schema: z.ZodType<M>, data: unknown): Parsed<M> {
  const result = schema.safeParse(data);
  return result.success ? { ok: true, message: result.data } : { ok: false, error: z.prettifyError(result.error) };
}
