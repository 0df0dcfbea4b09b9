/**
 * Collects incoming events and hands them over once per frame, so 16 nodes reporting twice a second cost one
 * store update and one redraw per frame, not one per sample. A hidden tab gets no frames: past `maxQueued`
 * events the batch is applied at once, so memory stays bounded.
 */
export type ScheduleFrame = (callback: () => void) => void;

export class FrameBatcher<T> {
  #queue: T[] = [];
  #scheduled = false;

  constructor(
    private readonly schedule: ScheduleFrame,
    private readonly flush: (items: readonly T[]) => void,
    private readonly maxQueued = 5_000,
  ) {}

  push(item: T): void {
    this.#queue.push(item);
    if (this.#queue.length >= this.maxQueued) {
      this.flushNow();
      return;
    }
    if (this.#scheduled) return;
    this.#scheduled = true;
    this.schedule(() => {
      this.#scheduled = false;
      this.flushNow();
    });
  }

  /** Applies whatever is queued now (also before a test reads the state). */
  flushNow(): void {
    if (this.#queue.length === 0) return;
    const items = this.#queue;
    this.#queue = [];
    this.flush(items);
  }

  get pending(): number {
    return this.#queue.length;
  }
}
