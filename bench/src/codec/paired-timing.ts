/**
 * Times codec variants against the two copy baselines, all in one loop: every repeat runs the fresh copy,
 * the reused copy and each variant once, in an order that rotates, so that variants of one group see the
 * same load, the same allocator state and the same baseline samples.
 */
import { DEFAULT_MAX_CHUNK_BYTES, FRAME_HEADER_BYTES, Reassembler, type FiniteScanMode, type FrameSink } from '@canopy/protocol';

export interface CodecVariant {
  readonly label: string;
  /** A fresh encoder per variant; hands the frames of one message to the sink (valid only during the call). */
  readonly makeEncoder: () => (values: Float32Array, messageId: number, sink: FrameSink) => void;
  /** Reassembler option: recycle payload buffers (the browser's LinkReceiver turns it on). */
  readonly reuseBuffers: boolean;
  /** Reassembler option: how chunks are checked finite. */
  readonly finiteScan: FiniteScanMode;
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
  /**
   * Median ratio over the repeats whose baseline allocation got recycled memory (copy ≤ 3 × reused copy),
   * NaN if none: the others paid page faults for fresh pages, which flatters any codec measured against them.
   */
  readonly recycledRatio: number;
  /** Share of repeats whose baseline allocation page-faulted (copy > 3 × reused copy). */
  readonly faultedShare: number;
}

/** Above this many reused copies, a baseline allocation faulted in fresh pages (recycled memory costs ~2×). */
const FAULTED_FACTOR = 3;

export interface Repeats {
  readonly warmup: number;
  readonly measured: number;
}

/** NaN for no values. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
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
  readonly encode: (values: Float32Array, messageId: number, sink: FrameSink) => void;
  readonly reassembler: Reassembler;
}

interface CodecRun {
  readonly encode: number;
  readonly decode: number;
  readonly frames: number;
}

/** f32 values per chunk at the default frame size: where in-place headers go. */
const CHUNK_FLOATS = (DEFAULT_MAX_CHUNK_BYTES - FRAME_HEADER_BYTES) / 4;

/** Below the f16 and q8 rounding of these values (|x| ≤ 2), far below what a stray header byte would do. */
const TOLERANCE = 0.05;

/**
 * Checks every element an in-place header could have touched (the 8 floats before each 64 KiB chunk
 * boundary, if the encoder failed to restore them) and a spread of others.
 */
function sameAtProbes(delivered: Float32Array | Float64Array, source: Float32Array): boolean {
  // `source` is a pristine copy: an encoder that left a header in the vector fails on its next message.
  if (delivered.length !== source.length) return false;
  const differs = (i: number): boolean => !(Math.abs(delivered[i]! - source[i]!) <= TOLERANCE);
  for (let i = 0; i < source.length; i += 997) if (differs(i)) return false;
  for (let boundary = CHUNK_FLOATS; boundary < source.length; boundary += CHUNK_FLOATS) {
    for (let i = boundary - 8; i < boundary; i++) if (differs(i)) return false;
  }
  return !differs(source.length - 1);
}

/**
 * Encode and reassembly interleave (each frame is pushed as the encoder hands it over, as a channel
 * would take it): reassembly is the time inside push(), encode the rest.
 */
function timeCodec(source: Float32Array, pristine: Float32Array, contender: Contender, id: number): CodecRun {
  let decode = 0;
  let frames = 0;
  let delivered: Float32Array | Float64Array | undefined;
  const t0 = performance.now();
  contender.encode(source, id, (frame) => {
    const pushedAt = performance.now();
    const result = contender.reassembler.push(frame, pushedAt);
    if (result.status === 'complete' && result.message.dtype !== 'bytes') delivered = result.message.payload;
    decode += performance.now() - pushedAt;
    frames++;
  });
  const total = performance.now() - t0;
  // With reuseBuffers the payload is valid until the next delivery: read it now, as a consumer would.
  if (delivered === undefined || !sameAtProbes(delivered, pristine)) throw new Error('codec did not deliver the message');
  return { encode: total - decode, decode, frames };
}

/** Medians per variant, in the order given. */
export function measureGroup(variants: readonly CodecVariant[], source: Float32Array, repeats: Repeats): Timing[] {
  const contenders: Contender[] = variants.map((v) => ({ encode: v.makeEncoder(), reassembler: new Reassembler({ reuseBuffers: v.reuseBuffers, finiteScan: v.finiteScan }) }));
  const target = new Float32Array(source.length);
  const pristine = source.slice();
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
      else codec[which - 2] = timeCodec(source, pristine, contenders[which - 2]!, repeat);
    }
    if (repeat < repeats.warmup) continue;
    codec.forEach(({ encode, decode, frames }, i) => {
      const faulted = copy > FAULTED_FACTOR * reusedCopy;
      const ratio = copy / (encode + decode);
      runs[i]!.push({ encode, decode, copy, reusedCopy, frames, ratio, reusedRatio: reusedCopy / (encode + decode), recycledRatio: faulted ? Number.NaN : ratio, faultedShare: faulted ? 1 : 0 });
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
      recycledRatio: median(samples.map((r) => r.recycledRatio).filter((r) => !Number.isNaN(r))),
      faultedShare: samples.filter((r) => r.faultedShare === 1).length / samples.length,
    };
  });
}
