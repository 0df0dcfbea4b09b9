/**
 * The root's side of room checkpoints: every CHECKPOINT_EVERY_MS it uploads the weights of its latest held-out
 * evaluation (the consensus model, with the figures measured on exactly those weights). Other nodes upload
 * nothing: the server would refuse them. A refusal is logged, never fatal: training does not depend on it.
 */
import { CHECKPOINT_HEADERS, type CheckpointMeta } from '@canopy/protocol';

export const CHECKPOINT_EVERY_MS = 10_000;

export interface Evaluated {
  readonly meta: CheckpointMeta;
  readonly model: Float32Array<ArrayBuffer>;
}

export interface UploaderDeps {
  readonly room: string;
  /** Who this tab is in the room (from its join ack), or undefined before the join. */
  readonly identity: () => { readonly peerId: string; readonly secret: string } | undefined;
  readonly isRoot: () => boolean;
  readonly fetch: typeof fetch;
  readonly now: () => number;
}

export class CheckpointUploader {
  #lastAt = -Infinity;
  #inFlight = false;
  /** Uploads the server stored, and the last refusal's reason (shown in the status for the curious). */
  stored = 0;
  lastProblem: string | null = null;

  constructor(private readonly deps: UploaderDeps) {}

  /** Called after each held-out evaluation; uploads when due. */
  offer(evaluated: Evaluated): void {
    const identity = this.deps.identity();
    if (identity === undefined || !this.deps.isRoot() || this.#inFlight || this.deps.now() - this.#lastAt < CHECKPOINT_EVERY_MS) return;
    this.#inFlight = true;
    this.#lastAt = this.deps.now();
    const url = `/api/rooms/${encodeURIComponent(this.deps.room)}/checkpoint`;
    this.deps
      .fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/octet-stream',
          [CHECKPOINT_HEADERS.peer]: identity.peerId,
          [CHECKPOINT_HEADERS.secret]: identity.secret,
          [CHECKPOINT_HEADERS.meta]: JSON.stringify(evaluated.meta),
        },
        body: evaluated.model,
      })
      .then(async (response) => {
        if (response.ok) {
          this.stored++;
          this.lastProblem = null;
        } else {
          this.lastProblem = `checkpoint refused (${response.status}): ${(await response.text()).slice(0, 300)}`;
          console.warn(this.lastProblem);
        }
      })
      .catch((error: unknown) => {
        this.lastProblem = `checkpoint upload failed: ${String(error)}`;
        console.warn(this.lastProblem);
      })
      .finally(() => {
        this.#inFlight = false;
      });
  }
}
