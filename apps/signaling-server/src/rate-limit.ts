/** Token bucket: `capacity` events at once, refilled at `perSecond`. The clock is injectable for tests. */
export interface RateLimit {
  readonly capacity: number;
  readonly perSecond: number;
}

export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = limit.capacity;
    this.last = now();
  }

  /** Takes one token if available. */
  take(): boolean {
    const now = this.now();
    const elapsed = Math.max(0, now - this.last) / 1000;
    this.last = now;
    this.tokens = Math.min(this.limit.capacity, this.tokens + elapsed * this.limit.perSecond);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
