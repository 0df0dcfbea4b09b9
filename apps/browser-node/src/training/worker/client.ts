/**
 * Page side of the compute worker: promise-returning calls matched to replies by requestId.
 * Vectors are copied before being transferred, so the caller's arrays (often live views into an algorithm's
 * state) stay usable; the copy costs far less than a step.
 */
import type { BackendName } from '../backend/names';
import type { ModelName } from '../model/names';
import type { BatchKind, HeldOutEvaluation, ShardSpec } from '../trainer';
import { buffersOf, parseWorkerToMain, type InitRequest, type MainToWorker, type ReadyMessage, type WorkerErrorReason, type WorkerToMain } from './protocol';

/** What a Worker offers that the client uses; an in-process fake implements it in tests. */
export interface WorkerPort {
  postMessage(message: MainToWorker, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(type: 'error', listener: (event: { message?: string }) => void): void;
  terminate(): void;
}

export interface ComputeOptions {
  readonly model: ModelName;
  /** Force one backend (e.g. from `?backend=`); otherwise the fastest of `candidates` is measured and chosen. */
  readonly backend?: BackendName;
  readonly candidates?: readonly BackendName[];
  /** The asset as an absolute URL (fetched by the worker) or its bytes (transferred). */
  readonly dataset: { readonly url: string } | { readonly bytes: ArrayBuffer };
  readonly shard: ShardSpec;
  readonly batchSize: number;
  readonly initSeed: number;
  readonly samplerSeed: number;
  readonly heldOutSamples?: number;
}

export interface GradientReply {
  readonly loss: number;
  readonly accuracy: number;
  readonly gradient: Float32Array;
  readonly computeMs: number;
}

export interface GradientsReply {
  readonly loss: number;
  readonly accuracy: number;
  readonly gradients: Float32Array[];
  /** The loss at every point, same order as `gradients`. */
  readonly losses: number[];
  readonly computeMs: number;
}

export interface EvaluationReply extends HeldOutEvaluation {
  readonly computeMs: number;
}

export type ComputeInfo = Omit<ReadyMessage, 'type'>;

/** A failure reported by the worker (or the worker dying); `reason` is machine-readable. */
export class ComputeError extends Error {
  constructor(
    readonly reason: WorkerErrorReason | 'worker-crashed' | 'terminated',
    message: string,
  ) {
    super(`compute worker: ${message}`);
    this.name = 'ComputeError';
  }
}

interface Pending {
  resolve(message: WorkerToMain): void;
  reject(error: ComputeError): void;
}

export class ComputeClient {
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private closed: ComputeError | undefined;
  private initWaiter: Pending | undefined;
  private ready: ComputeInfo | undefined;
  /** Messages from the worker that failed validation or could not be matched to a request. */
  malformed = 0;

  private constructor(private readonly port: WorkerPort) {
    port.addEventListener('message', (event) => this.onMessage(event.data));
    port.addEventListener('error', (event) => this.fail(new ComputeError('worker-crashed', event.message ?? 'uncaught error in worker')));
  }

  /** Sends init and resolves once the worker has chosen its backend and loaded its shard. */
  static async start(port: WorkerPort, options: ComputeOptions): Promise<ComputeClient> {
    const client = new ComputeClient(port);
    await client.reinit(options);
    return client;
  }

  /**
   * Re-initialises the same worker for a new run (other shard, seeds or model). The dataset download and
   * the backend calibration of an unchanged model are reused. Wait for it before sending new requests.
   */
  async reinit(options: ComputeOptions): Promise<ComputeInfo> {
    if (this.initWaiter) throw new Error('ComputeClient: an init is already in progress');
    const request = initRequest(options);
    const reply = await this.send(request, request.dataset.source === 'bytes' ? [request.dataset.bytes] : [], 'init');
    if (reply.type !== 'ready') throw new ComputeError('malformed-message', `expected ready, got ${reply.type}`);
    const { type: _type, ...info } = reply;
    this.ready = info;
    return info;
  }

  /** Backend, its ranking, parameter count, shard size and x⁰, as reported by the worker's last init. */
  get info(): ComputeInfo {
    if (!this.ready) throw new Error('ComputeClient.info before start() resolved');
    return this.ready;
  }

  /** Loss, minibatch accuracy and gradient at `params` on the next minibatch of this node's shard. */
  async gradient(params: Float32Array): Promise<GradientReply> {
    const { loss, accuracy, gradients, computeMs } = await this.gradients([params], 'minibatch');
    return { loss, accuracy, gradient: gradients[0] as Float32Array, computeMs };
  }

  /** Gradients at several points on ONE shared minibatch, or on the whole shard ('full'). */
  async gradients(points: readonly Float32Array[], batch: BatchKind): Promise<GradientsReply> {
    const copies = points.map((p) => p.slice());
    const reply = await this.send({ type: 'gradient', requestId: this.nextId++, points: copies, batch }, buffersOf(copies));
    if (reply.type !== 'gradient-result') throw new ComputeError('malformed-message', `expected gradient-result, got ${reply.type}`);
    if (reply.gradients.length !== points.length) throw new ComputeError('malformed-message', `asked for ${points.length} gradients, got ${reply.gradients.length}`);
    return { loss: reply.loss, accuracy: reply.accuracy, gradients: reply.gradients, losses: reply.losses, computeMs: reply.computeMs };
  }

  /** Loss and accuracy of `params` on the held-out set. */
  async evaluate(params: Float32Array): Promise<EvaluationReply> {
    const copy = params.slice();
    const reply = await this.send({ type: 'evaluate', requestId: this.nextId++, params: copy }, [copy.buffer]);
    if (reply.type !== 'evaluation') throw new ComputeError('malformed-message', `expected evaluation, got ${reply.type}`);
    return { loss: reply.loss, accuracy: reply.accuracy, samples: reply.samples, computeMs: reply.computeMs };
  }

  /** Stops the worker; pending and later calls reject with reason 'terminated'. */
  terminate(): void {
    this.port.terminate();
    this.fail(new ComputeError('terminated', 'terminated'));
  }

  private send(message: MainToWorker, transfer: Transferable[], slot?: 'init'): Promise<WorkerToMain> {
    if (this.closed) return Promise.reject(this.closed);
    return new Promise((resolve, reject) => {
      if (slot === 'init') this.initWaiter = { resolve, reject };
      else if (message.type !== 'init') this.pending.set(message.requestId, { resolve, reject });
      this.port.postMessage(message, transfer);
    });
  }

  private onMessage(data: unknown): void {
    const parsed = parseWorkerToMain(data);
    if (!parsed.ok) {
      this.malformed++;
      return;
    }
    const message = parsed.message;
    // Replies to init carry no requestId: 'ready', or an error without one.
    const waiter = message.type === 'ready' || message.requestId === undefined ? this.takeInitWaiter() : this.takePending(message.requestId);
    if (!waiter) {
      this.malformed++;
      return;
    }
    if (message.type === 'error') waiter.reject(new ComputeError(message.reason, message.message));
    else waiter.resolve(message);
  }

  private takeInitWaiter(): Pending | undefined {
    const waiter = this.initWaiter;
    this.initWaiter = undefined;
    return waiter;
  }

  private takePending(requestId: number): Pending | undefined {
    const waiter = this.pending.get(requestId);
    this.pending.delete(requestId);
    return waiter;
  }

  private fail(error: ComputeError): void {
    this.closed ??= error;
    this.takeInitWaiter()?.reject(error);
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}

function initRequest(options: ComputeOptions): InitRequest {
  return {
    type: 'init',
    model: options.model,
    backend: {
      ...(options.backend ? { forced: options.backend } : {}),
      ...(options.candidates ? { candidates: [...options.candidates] } : {}),
    },
    dataset: 'url' in options.dataset ? { source: 'url', url: options.dataset.url } : { source: 'bytes', bytes: options.dataset.bytes },
    shard: { ...options.shard },
    batchSize: options.batchSize,
    initSeed: options.initSeed,
    samplerSeed: options.samplerSeed,
    ...(options.heldOutSamples !== undefined ? { heldOutSamples: options.heldOutSamples } : {}),
  };
}
