/**
 * Times codec variants against the two copy baselines, all in one loop: every repeat runs the fresh copy,
 * the reused copy and each variant once, in an order that rotates, so that variants of one group see the
 * same load, the same allocator state and the same baseline samples.
 */
import { Reassembler } from '@canopy/protocol';

export interface CodecVariant {
  readonly label: string;
  /** A fresh encoder per variant; returns the frames of one message. */
  readonly makeEncoder: () => (values: Float32Array, messageId: number) => Uint8Array[];
  /** Reassembler option: recycle payload buffers (the browser's LinkReceiver turns it on). */
  readonly reuseBuffers: boolean;
}

export interface Timing {
  readonly encode: number;
  readonly decode: number;
  /** new Float32Array(n).set(src): the baseline of the target. */
  readonly copy: number;
  /** set(src) into an array allocated once. */
  readonly reusedCopy: number;
  readonly frames: number;
  /** copy / (encode + decode), per repeat; the reported ratios are medians of these paired ratios. */
  readonly ratio: number;
  readonly reusedRatio: number;
}

export interface Repeats {
  readonly warmup: number;
  readonly measured: number;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function timeFreshCopy(source: Float32Array): number {
  const started = performance.now();
  const target = new Float32Array(source.length);
  target.set(source);
  const elapsed = performance.now() - started;
  if (target[source.length - 1] !== source[source.length - 1]) throw new Error('copy failed');
  return elapsed;
}

function timeReusedCopy(source: Float32Array, target: Float32Array): number {
  const started = performance.now();
  target.set(source);
  const elapsed = performance.now() - started;
  if (target[source.length - 1] !== source[source.length - 1]) throw new Error('copy failed');
  return elapsed;
}

interface Contender {
  readonly encode: (values: Float32Array, messageId: number) => Uint8Array[];
  readonly reassembler: Reassembler;
}

interface CodecRun {
  readonly encode: number;
  readonly decode: number;
  readonly frames: number;
}

function timeCodec(source: Float32Array, contender: Contender, id: number): CodecRun {
  const t0 = performance.now();
  const frames = contender.encode(source, id);
  const t1 = performance.now();
  let delivered: Float32Array | Float64Array | undefined;
  for (const frame of frames) {
    const result = contender.reassembler.push(frame, t1);
    if (result.status === 'complete' && result.message.dtype !== 'bytes') delivered = result.message.payload;
  }
  const t2 = performance.now();
  // With reuseBuffers the payload is valid until the next delivery: read it now, as a consumer would.
  const last = source.length - 1;
  if (delivered?.length !== source.length || Math.abs(delivered[last]! - source[last]!) > 0.1) throw new Error('codec did not deliver the message');
  return { encode: t1 - t0, decode: t2 - t1, frames: frames.length };
}

/** Medians per variant, in the order given. */
export function measureGroup(variants: readonly CodecVariant[], source: Float32Array, repeats: Repeats): Timing[] {
  const contenders: Contender[] = variants.map((v) => ({ encode: v.makeEncoder(), reassembler: new Reassembler({ reuseBuffers: v.reuseBuffers }) }));
  const target = new Float32Array(source.length);
  const runs: Timing[][] = variants.map(() => []);
  const tasks = 2 + contenders.length;
  for (let repeat = 0; repeat < repeats.warmup + repeats.measured; repeat++) {
    let copy = 0;
    let reusedCopy = 0;
    const codec: CodecRun[] = [];
    for (let step = 0; step < tasks; step++) {
      const which = (step + repeat) % tasks;
      if (which === 0) copy = timeFreshCopy(source);
      else if (which === 1) reusedCopy = timeReusedCopy(source, target);
      else codec[which - 2] = timeCodec(source, contenders[which - 2]!, repeat);
    }
    if (repeat < repeats.warmup) continue;
    codec.forEach(({ encode, decode, frames }, i) => {
      runs[i]!.push({ encode, decode, copy, reusedCopy, frames, ratio: copy / (encode + decode), reusedRatio: reusedCopy / (encode + decode) });
    });
  }
  return runs.map((samples) => {
    const mid = (pick: (t: Timing) => number): number => median(samples.map(pick));
    return {
      encode: mid((r) => r.encode),
      decode: mid((r) => r.decode),
      copy: mid((r) => r.copy),
      reusedCopy: mid((r) => r.reusedCopy),
      frames: samples[0]!.frames,
      ratio: mid((r) => r.ratio),
      reusedRatio: mid((r) => r.reusedRatio),
    };
  });
}
