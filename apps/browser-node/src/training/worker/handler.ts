/**
 * The worker's logic without the Worker: validates each incoming message, runs it against a trainer and
 * returns the reply with its transfer list. Requests are processed one at a time, in arrival order, so a
 * gradient sent right after init waits for init instead of failing.
 */
import { errorMessage } from '../backend/errors';
import type { BackendChoice } from '../backend/choose-backend';
import type { Trainer } from '../trainer';
import {
  buffersOf,
  parseMainToWorker,
  type Envelope,
  type EvaluateRequest,
  type GradientRequest,
  type InitRequest,
  type WorkerErrorReason,
  type WorkerToMain,
} from './protocol';

/** Builds the tf-backed trainer for an init request (chooses the backend, loads the data). */
export type TrainerFactory = (init: InitRequest) => Promise<{ readonly trainer: Trainer; readonly backend: BackendChoice }>;

export type Reply = Envelope<WorkerToMain>;

/** Runs one validated compute request against a trainer: the pure part, testable without a worker. */
export async function handleComputeRequest(
  request: GradientRequest | EvaluateRequest,
  trainer: Trainer,
  now: () => number = () => performance.now(),
): Promise<Reply> {
  const { requestId } = request;
  const points = request.type === 'gradient' ? request.points : [request.params];
  const wrong = points.find((p) => p.length !== trainer.model.parameterCount);
  if (wrong) {
    return errorReply('wrong-size', `vector has ${wrong.length} values, the model has ${trainer.model.parameterCount}`, requestId);
  }
  const started = now();
  try {
    if (request.type === 'gradient') {
      const result = await trainer.gradients(request.points, request.batch);
      const message: WorkerToMain = {
        type: 'gradient-result',
        requestId,
        loss: result.loss,
        accuracy: result.accuracy,
        gradients: result.gradients,
        losses: result.losses,
        computeMs: now() - started,
      };
      return { message, transfer: buffersOf(result.gradients) };
    }
    const evaluation = await trainer.evaluate(request.params);
    return { message: { type: 'evaluation', requestId, ...evaluation, computeMs: now() - started }, transfer: [] };
  } catch (error) {
    return errorReply('compute-failed', errorMessage(error), requestId);
  }
}

/**
 * The stateful side: holds the trainer built by the last successful init. A later init (a new run with
 * another shard or model) replaces it; requests queued before it still complete against the old one.
 */
export class WorkerSession {
  private trainer: Trainer | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  /** Messages rejected by validation (for diagnostics). */
  malformed = 0;

  constructor(private readonly createTrainer: TrainerFactory) {}

  /** Never rejects: every failure becomes an `error` reply. */
  handle(data: unknown): Promise<Reply> {
    const reply = this.queue.then(() => this.process(data));
    this.queue = reply.catch(() => undefined); // process() does not throw; never let one failure stall the queue
    return reply;
  }

  private async process(data: unknown): Promise<Reply> {
    const parsed = parseMainToWorker(data);
    if (!parsed.ok) {
      this.malformed++;
      return errorReply('malformed-message', `malformed message: ${parsed.error}`, requestIdOf(data));
    }
    const request = parsed.message;
    if (request.type === 'init') return this.init(request);
    if (!this.trainer) return errorReply('not-initialised', `'${request.type}' before a successful 'init'`, request.requestId);
    return handleComputeRequest(request, this.trainer);
  }

  private async init(request: InitRequest): Promise<Reply> {
    try {
      const { trainer, backend } = await this.createTrainer(request);
      this.trainer = trainer;
      const x0 = trainer.model.initialParameters(request.initSeed);
      const message: WorkerToMain = {
        type: 'ready',
        backend: backend.backend,
        msPerStep: backend.msPerStep,
        ranking: backend.ranking.map((trial) => (trial.status === 'ok' ? { ...trial, samplesMs: [...trial.samplesMs] } : { ...trial })),
        parameterCount: trainer.model.parameterCount,
        shardSize: trainer.shardSize,
        x0,
      };
      return { message, transfer: [x0.buffer as ArrayBuffer] };
    } catch (error) {
      return errorReply('init-failed', errorMessage(error));
    }
  }
}

function errorReply(reason: WorkerErrorReason, message: string, requestId?: number): Reply {
  return { message: requestId === undefined ? { type: 'error', reason, message } : { type: 'error', requestId, reason, message }, transfer: [] };
}

/** Best effort: lets the page fail the right pending request even when the rest of the message is bad. */
function requestIdOf(data: unknown): number | undefined {
  if (typeof data !== 'object' || data === null || !('requestId' in data)) return undefined;
  const id = data.requestId;
  return typeof id === 'number' && Number.isInteger(id) && id >= 0 ? id : undefined;
}
