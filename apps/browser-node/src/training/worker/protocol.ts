/**
 * Messages between the page and the compute worker. Both sides validate what they receive with these
 * schemas: a malformed message becomes an `error` reply (worker) or a counted rejection (page), never a throw.
 * Vectors travel as Float32Array and are transferred, not copied.
 */
import { z } from 'zod';
import { BACKEND_NAMES } from '../backend/names';
import { MODEL_NAMES } from '../model/names';

const requestId = z.number().int().nonnegative();
const seed = z.number().int().min(0).max(0xffffffff);
// z.custom keeps the type Float32Array (any backing buffer), which is what tfjs and the algorithms use.
const vector = z.custom<Float32Array>((value) => value instanceof Float32Array, { message: 'expected a Float32Array' });
const backendName = z.enum(BACKEND_NAMES as ['webgpu', 'webgl', 'wasm', 'cpu']);

const partition = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('iid') }),
  z.object({ kind: z.literal('dirichlet'), alpha: z.number().positive().finite() }),
]);

const shard = z
  .object({ nodes: z.number().int().positive(), node: z.number().int().nonnegative(), partition, seed })
  .refine((s) => s.node < s.nodes, { message: 'shard.node must be < shard.nodes' });

const datasetSource = z.discriminatedUnion('source', [
  /** An absolute URL: a worker resolves relative URLs against its own script, not the page. */
  z.object({ source: z.literal('url'), url: z.string().refine((u) => URL.canParse(u), { message: 'dataset url must be absolute' }) }),
  z.object({ source: z.literal('bytes'), bytes: z.instanceof(ArrayBuffer) }),
]);

export const initRequestSchema = z.object({
  type: z.literal('init'),
  model: z.enum(MODEL_NAMES as ['mlp', 'cnn']),
  backend: z.object({ forced: backendName.optional(), candidates: z.array(backendName).min(1).optional() }),
  dataset: datasetSource,
  shard,
  batchSize: z.number().int().min(1).max(4096),
  /** Seed of the common x⁰ (same for every node). */
  initSeed: seed,
  /** Minibatch order (different per node). */
  samplerSeed: seed,
  heldOutSamples: z.number().int().positive().optional(),
});

export const gradientRequestSchema = z.object({
  type: z.literal('gradient'),
  requestId,
  /** One or more points evaluated on the same minibatch (or the whole shard for 'full'). */
  points: z.array(vector).min(1),
  batch: z.enum(['minibatch', 'full']),
});

export const evaluateRequestSchema = z.object({ type: z.literal('evaluate'), requestId, params: vector });

export const mainToWorkerSchema = z.discriminatedUnion('type', [initRequestSchema, gradientRequestSchema, evaluateRequestSchema]);

const backendTrial = z.discriminatedUnion('status', [
  z.object({ backend: backendName, status: z.literal('ok'), msPerStep: z.number(), samplesMs: z.array(z.number()) }),
  z.object({ backend: backendName, status: z.enum(['unavailable', 'cannot-train']), reason: z.string() }),
]);

export const WORKER_ERROR_REASONS = ['malformed-message', 'not-initialised', 'init-failed', 'wrong-size', 'compute-failed'] as const;
export type WorkerErrorReason = (typeof WORKER_ERROR_REASONS)[number];

export const workerToMainSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('ready'),
    backend: backendName,
    msPerStep: z.number(),
    ranking: z.array(backendTrial),
    parameterCount: z.number().int().positive(),
    shardSize: z.number().int().positive(),
    /** The common initial model x⁰ from initSeed. */
    x0: vector,
  }),
  z
    .object({
      type: z.literal('gradient-result'),
      requestId,
      loss: z.number(),
      accuracy: z.number(),
      gradients: z.array(vector),
      /** The loss at every point of the request, same order as `gradients` (PC-ASGD compares them). */
      losses: z.array(z.number()),
      /** Time the worker spent on this request (excludes queueing and messaging). */
      computeMs: z.number(),
    })
    .refine((m) => m.losses.length === m.gradients.length, { message: 'losses must have one entry per gradient', path: ['losses'] }),
  z.object({ type: z.literal('evaluation'), requestId, loss: z.number(), accuracy: z.number(), samples: z.number().int(), computeMs: z.number() }),
  z.object({ type: z.literal('error'), requestId: requestId.optional(), reason: z.enum(WORKER_ERROR_REASONS), message: z.string() }),
]);

export type InitRequest = z.infer<typeof initRequestSchema>;
export type GradientRequest = z.infer<typeof gradientRequestSchema>;
export type EvaluateRequest = z.infer<typeof evaluateRequestSchema>;
export type MainToWorker = z.infer<typeof mainToWorkerSchema>;
export type WorkerToMain = z.infer<typeof workerToMainSchema>;
export type ReadyMessage = Extract<WorkerToMain, { type: 'ready' }>;
export type GradientResultMessage = Extract<WorkerToMain, { type: 'gradient-result' }>;
export type EvaluationMessage = Extract<WorkerToMain, { type: 'evaluation' }>;
export type WorkerErrorMessage = Extract<WorkerToMain, { type: 'error' }>;

/** A message and the buffers to transfer with it (postMessage's second argument). */
export interface Envelope<M> {
  readonly message: M;
  readonly transfer: ArrayBuffer[];
}

export type Parsed<M> = { readonly ok: true; readonly message: M } | { readonly ok: false; readonly error: string };

export function parseMainToWorker(data: unknown): Parsed<MainToWorker> {
  return parseWith(mainToWorkerSchema, data);
}

export function parseWorkerToMain(data: unknown): Parsed<WorkerToMain> {
  return parseWith(workerToMainSchema, data);
}

function parseWith<M>(schema: z.ZodType<M>, data: unknown): Parsed<M> {
  const result = schema.safeParse(data);
  return result.success ? { ok: true, message: result.data } : { ok: false, error: z.prettifyError(result.error) };
}

/** The distinct buffers behind some vectors (a buffer listed twice makes postMessage throw). */
export function buffersOf(vectors: readonly Float32Array[]): ArrayBuffer[] {
  return [...new Set(vectors.map((v) => v.buffer as ArrayBuffer))];
}
