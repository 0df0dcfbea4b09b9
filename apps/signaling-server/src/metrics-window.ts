import type { MetricsSample } from '@canopy/protocol';

export interface MetricsWindowLimits {
  /** Most samples kept; the oldest go first. */
  readonly maxSamples: number;
  /** Rough byte budget (estimated from the sample's shape), so reports with many links cannot exhaust memory. */
  readonly maxBytes: number;
}

export const DEFAULT_METRICS_WINDOW: MetricsWindowLimits = { maxSamples: 20_000, maxBytes: 8 * 1024 * 1024 };

const SAMPLE_BYTES = 400;
const LINK_BYTES = 160;

function estimateBytes(sample: MetricsSample): number {
  return SAMPLE_BYTES + LINK_BYTES * sample.links.length;
}

/** A bounded FIFO of one room's metrics samples. */
export class MetricsWindow {
  private samples: MetricsSample[] = [];
  private head = 0;
  private bytes = 0;

  constructor(private readonly limits: MetricsWindowLimits = DEFAULT_METRICS_WINDOW) {}

  get size(): number {
    return this.samples.length - this.head;
  }

  get estimatedBytes(): number {
    return this.bytes;
  }

  push(sample: MetricsSample): void {
    this.samples.push(sample);
    this.bytes += estimateBytes(sample);
    while (this.size > this.limits.maxSamples || (this.bytes > this.limits.maxBytes && this.size > 1)) {
      const dropped = this.samples[this.head];
      if (dropped !== undefined) this.bytes -= estimateBytes(dropped);
      this.head += 1;
    }
    // Compact once the dead prefix dominates, so the array never grows without bound.
    if (this.head > 1024 && this.head * 2 > this.samples.length) {
      this.samples = this.samples.slice(this.head);
      this.head = 0;
    }
  }

  /** Oldest first; optionally only one run's samples. */
  all(runId?: number): MetricsSample[] {
    const live = this.samples.slice(this.head);
    return runId === undefined ? live : live.filter((s) => s.runId === runId);
  }

  /** The newest `count` samples, oldest first. */
  recent(count: number): MetricsSample[] {
    return this.samples.slice(Math.max(this.head, this.samples.length - count));
  }
}
