/**
 * At most one control request of each kind in flight; while one is, newer ones of the same kind replace each
 * other and only the newest is sent when the answer comes. A dragged slider thus sends what the teacher
 * settled on, at the pace the server answers, and never trips the server's rate limit.
 */
export type Send<A, R> = (action: A) => Promise<R>;

export class CoalescingSender<A, R> {
  readonly #inFlight = new Set<string>();
  readonly #pending = new Map<string, A>();

  constructor(
    private readonly send: Send<A, R>,
    private readonly onResult: (action: A, result: R) => void,
  ) {}

  submit(kind: string, action: A): void {
    if (this.#inFlight.has(kind)) {
      this.#pending.set(kind, action);
      return;
    }
    this.#inFlight.add(kind);
    void this.send(action).then(
      (result) => this.#settle(kind, action, result),
      () => this.#settle(kind, action, undefined),
    );
  }

  /** Requests waiting behind one in flight (for tests and the status line). */
  get waiting(): number {
    return this.#pending.size;
  }

  #settle(kind: string, action: A, result: R | undefined): void {
    this.#inFlight.delete(kind);
    if (result !== undefined) this.onResult(action, result);
    const next = this.#pending.get(kind);
    if (next === undefined) return;
    this.#pending.delete(kind);
    this.submit(kind, next);
  }
}
