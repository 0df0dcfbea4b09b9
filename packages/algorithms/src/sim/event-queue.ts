/**
 * Binary min-heap of events keyed by (virtual time, insertion order): ties resolve in the order events were
 * scheduled, so a run is deterministic. Struct-of-arrays to keep the hot path free of per-event wrappers.
 */
export class EventQueue<T> {
  private readonly times: number[] = [];
  private readonly order: number[] = [];
  private readonly items: T[] = [];
  private counter = 0;

  get size(): number {
    return this.items.length;
  }

  /** Time of the earliest event (Infinity when empty). */
  peekTime(): number {
    return this.times.length > 0 ? (this.times[0] as number) : Infinity;
  }

  push(time: number, item: T): void {
    if (Number.isNaN(time)) throw new RangeError('event time is NaN');
    this.times.push(time);
    this.order.push(this.counter++);
    this.items.push(item);
    this.siftUp(this.items.length - 1);
  }

  /** Removes and returns the earliest event; undefined when empty. */
  pop(): T | undefined {
    const n = this.items.length;
    if (n === 0) return undefined;
    const top = this.items[0] as T;
    const lastTime = this.times.pop() as number;
    const lastOrder = this.order.pop() as number;
    const lastItem = this.items.pop() as T;
    if (n > 1) {
      this.times[0] = lastTime;
      this.order[0] = lastOrder;
      this.items[0] = lastItem;
      this.siftDown(0);
    }
    return top;
  }

  private less(i: number, j: number): boolean {
    const ti = this.times[i] as number;
    const tj = this.times[j] as number;
    return ti < tj || (ti === tj && (this.order[i] as number) < (this.order[j] as number));
  }

  private swap(i: number, j: number): void {
    const { times, order, items } = this;
    const t = times[i] as number;
    times[i] = times[j] as number;
    times[j] = t;
    const o = order[i] as number;
    order[i] = order[j] as number;
    order[j] = o;
    const item = items[i] as T;
    items[i] = items[j] as T;
    items[j] = item;
  }

  private siftUp(index: number): void {
    let i = index;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private siftDown(index: number): void {
    const n = this.items.length;
    let i = index;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) return;
      const right = left + 1;
      const child = right < n && this.less(right, left) ? right : left;
      if (!this.less(child, i)) return;
      this.swap(i, child);
      i = child;
    }
  }
}
