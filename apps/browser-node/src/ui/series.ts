/**
 * Bounded time series for the plots: x in seconds since the page started, one y column per line, null
 * where a line has no value at that x (uPlot's aligned-data layout). Old points are dropped beyond `limit`.
 */
export class SeriesBuffer {
  readonly #x: number[] = [];
  readonly #ys: (number | null)[][];

  constructor(
    lines: number,
    private readonly limit = 3_600,
  ) {
    this.#ys = Array.from({ length: lines }, () => []);
  }

  get length(): number {
    return this.#x.length;
  }

  /** Appends one x with a value (or null) per line; non-finite values become null. */
  push(x: number, values: readonly (number | null)[]): void {
    this.#x.push(x);
    this.#ys.forEach((column, line) => {
      const value = values[line] ?? null;
      column.push(value !== null && Number.isFinite(value) ? value : null);
    });
    if (this.#x.length > this.limit) {
      const excess = this.#x.length - this.limit;
      this.#x.splice(0, excess);
      for (const column of this.#ys) column.splice(0, excess);
    }
  }

  clear(): void {
    this.#x.length = 0;
    for (const column of this.#ys) column.length = 0;
  }

  /** [x, y1, y2, ...] as uPlot wants it (copies, so the plot never sees later mutations). */
  data(): [number[], ...(number | null)[][]] {
    return [[...this.#x], ...this.#ys.map((column) => [...column])];
  }
}
