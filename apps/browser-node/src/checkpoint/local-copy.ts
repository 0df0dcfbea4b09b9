/**
 * A tab's own copy of its last evaluated model, in IndexedDB (per origin, so the page that saves it and the
 * runner worker that reads it share it). It is the resume point of last resort: used only when the server has
 * no checkpoint at all for the room (it lost its state directory, or is a new server), never over a checkpoint
 * the server has, so an admin's reset (which leaves the old run's checkpoint behind) still starts from scratch.
 */
import { createStore, get, set, type UseStore } from 'idb-keyval';
import { fetchResumePoint, type ResumePoint } from './resume-point';

export interface LocalCopyStore {
  load(key: string): Promise<unknown>;
  save(key: string, value: ResumePoint): Promise<void>;
}

/** The browser's store (page and worker alike). */
export function indexedDbCopies(): LocalCopyStore {
  let store: UseStore | undefined;
  const open = (): UseStore => (store ??= createStore('canopy', 'models'));
  return { load: (key) => get(key, open()), save: (key, value) => set(key, value, open()) };
}

/** What was stored, checked like any input: a damaged or foreign entry is no resume point. */
export function asLocalCopy(value: unknown): ResumePoint | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { runId, dataset, model, step, values } = value as Partial<Record<keyof ResumePoint, unknown>>;
  if (!Number.isInteger(runId) || typeof dataset !== 'string' || typeof model !== 'string' || !Number.isInteger(step)) return undefined;
  if (!(values instanceof Float32Array) || values.length === 0 || !values.every(Number.isFinite)) return undefined;
  return { runId: runId as number, dataset, model, step: step as number, values: new Float32Array(values) };
}

/**
 * Where a tab that starts a run alone resumes: the room checkpoint when the server has one; when the server
 * answers that it has none (404), this tab's own copy for the same dataset and model, adopted into the current
 * run. Anything else (server unreachable, a checkpoint it has but of another run) leaves the copy unused.
 */
export async function findResumePoint(
  url: string,
  run: { readonly runId: number; readonly dataset: string; readonly model: string },
  copies: LocalCopyStore,
  fetchImpl: typeof fetch = fetch,
): Promise<ResumePoint | undefined> {
  const fromRoom = await fetchResumePoint(url, fetchImpl);
  if (fromRoom !== undefined) return fromRoom;
  if (!(await serverHasNone(url, fetchImpl))) return undefined;
  try {
    const copy = asLocalCopy(await copies.load(url));
    if (copy === undefined || copy.dataset !== run.dataset || copy.model !== run.model) return undefined;
    return { ...copy, runId: run.runId, source: 'local' };
  } catch {
    return undefined; // IndexedDB unavailable (private mode, blocked): no copy
  }
}

async function serverHasNone(url: string, fetchImpl: typeof fetch): Promise<boolean> {
  try {
    return (await fetchImpl(url)).status === 404;
  } catch {
    return false;
  }
}

export const LOCAL_COPY_EVERY_MS = 10_000;

/** Saves this tab's evaluated model at most every LOCAL_COPY_EVERY_MS; a failure is logged once, never fatal. */
export class LocalCopySaver {
  #lastAt = -Infinity;
  #inFlight = false;
  #warned = false;
  saved = 0;

  constructor(
    private readonly copies: LocalCopyStore,
    private readonly now: () => number,
  ) {}

  offer(key: string, point: ResumePoint): void {
    if (this.#inFlight || this.now() - this.#lastAt < LOCAL_COPY_EVERY_MS || !point.values.every(Number.isFinite)) return;
    this.#inFlight = true;
    this.#lastAt = this.now();
    this.copies
      .save(key, point)
      .then(() => void this.saved++)
      .catch((error: unknown) => {
        if (!this.#warned) console.warn(`cannot keep a local copy of the model: ${error instanceof Error ? error.message : String(error)}`);
        this.#warned = true;
      })
      .finally(() => {
        this.#inFlight = false;
      });
  }
}
