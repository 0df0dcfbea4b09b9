/**
 * Issue 3: the data-plane codec against the cheapest possible transfer of the same bytes. One 1M-float
 * vector goes through a FrameEncoder (64 KiB frames; encodeMessage for comparison) and a Reassembler, side
 * by side in the same loop with a plain `new Float32Array(n).set(src)` (what any receiver pays to own a
 * copy) and, for information, a `set` into an array allocated once; the order rotates every repeat.
 * Ratio = copy time / codec time (1 would mean the codec is free). A second table compares NaN/Inf scans.
 */
import { DEFAULT_MAX_CHUNK_BYTES, FrameEncoder, encodeMessage, type VectorDtype } from '@canopy/protocol';
import type { BenchResult, BenchSection, Cell, Target } from '../section';
import { scanResult } from '../src/codec/finite-scans';
import { measureGroup, type CodecVariant as Variant, type Timing } from '../src/codec/paired-timing';

const ELEMENTS = 1_000_000;
const WARMUP = 30;
const REPEATS = 51;
const TARGET_RATIO = 0.5;
/** Fixed "random" for q8: timing without a PRNG's cost in the loop. */
const HALF = (): number => 0.5;

const header = (dtype: VectorDtype, seq: number) => ({ kind: 'model', epoch: 1, seq, dtype }) as const;

function frameEncoder(dtype: VectorDtype): Variant['makeEncoder'] {
  return () => {
    const encoder = new FrameEncoder({ maxChunkBytes: DEFAULT_MAX_CHUNK_BYTES, random: HALF });
    return (values, seq) => encoder.encode(header(dtype, seq), values);
  };
}

const REUSED = 'f32 (FrameEncoder, reuseBuffers)';
const FRESH = 'f32 (FrameEncoder)';

/**
 * Each group is timed in its own loop. The first pairs the Reassembler with and without reuseBuffers, so
 * the target's variant and the one it replaces share every baseline sample. FrameEncoder reuses one buffer
 * (what a link that sends at once should use); encodeMessage allocates per message.
 */
const GROUPS: readonly (readonly Variant[])[] = [
  [
    { label: FRESH, makeEncoder: frameEncoder('f32'), reuseBuffers: false },
    { label: REUSED, makeEncoder: frameEncoder('f32'), reuseBuffers: true },
  ],
  ...(['f64', 'f16', 'q8'] as const).map((dtype) => [{ label: `${dtype} (FrameEncoder)`, makeEncoder: frameEncoder(dtype), reuseBuffers: false }]),
  [
    {
      label: 'f32 (encodeMessage)',
      makeEncoder: () => (values, messageId) => encodeMessage(header('f32', messageId), values, { messageId, maxChunkBytes: DEFAULT_MAX_CHUNK_BYTES }),
      reuseBuffers: false,
    },
  ],
];

function seededValues(n: number): Float32Array {
  const out = new Float32Array(n);
  let state = 12345;
  for (let i = 0; i < n; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    out[i] = (state / 2 ** 32 - 0.5) * 4;
  }
  return out;
}

const round = (x: number): number => Number(x.toPrecision(3));

function codecResult(source: Float32Array, log: (line: string) => void): BenchResult {
  const rows: Cell[][] = [];
  const timings = new Map<string, Timing>();
  for (const group of GROUPS) {
    measureGroup(group, source, { warmup: WARMUP, measured: REPEATS }).forEach((t, i) => {
      const label = group[i]!.label;
      const codec = t.encode + t.decode;
      timings.set(label, t);
      log(`${label}: encode ${t.encode.toFixed(2)} ms, reassemble ${t.decode.toFixed(2)} ms, copy ${t.copy.toFixed(2)} ms, copy into a reused array ${t.reusedCopy.toFixed(2)} ms`);
      const megabytes = (ELEMENTS * 4) / 1e6;
      rows.push([label, t.frames, round(t.encode), round(t.decode), round(codec), round(t.copy), round(t.ratio), round(t.reusedCopy), round(t.reusedRatio), round(megabytes / (codec / 1000))]);
    });
  }
  const reused = timings.get(REUSED)!;
  const targets: Target[] = [
    { name: 'f32 copy / codec, FrameEncoder + Reassembler with reuseBuffers (1M floats, 64 KiB frames)', measured: round(reused.ratio), goal: `≥ ${TARGET_RATIO}`, met: reused.ratio >= TARGET_RATIO },
  ];
  return {
    title: 'Data-plane codec: 1M floats through 64 KiB frames',
    columns: ['variant', 'frames', 'encode ms', 'reassemble ms', 'codec ms', 'copy ms', 'copy/codec', 'reused copy ms', 'reused copy/codec', 'MB/s (of f32 input)'],
    rows,
    targets,
    notes: codecNotes(timings),
  };
}

/** How it was measured, what changed with reuseBuffers, and how far the target's baseline swings in this run. */
function codecNotes(timings: ReadonlyMap<string, Timing>): string[] {
  const reused = timings.get(REUSED)!;
  const fresh = timings.get(FRESH)!;
  const copies = [...timings.values()].map((t) => t.copy);
  const notes = [
    `${ELEMENTS} float32 values (4 MB), ${WARMUP} warm-up + ${REPEATS} measured repeats per group, medians; codec = encode + Reassembler.push of every frame; copy = new Float32Array(n).set(src) (the target's baseline: what a receiver pays to own a copy); reused copy = set(src) into an array allocated once (stricter, for information). Each repeat times both copies and every codec of its group in rotating order; each ratio is the median of the per-repeat ratios (robust to load drift on a shared machine). The first two rows are one group: they share their baseline samples.`,
    'The codec copies the payload twice (into frames that carry a header per chunk, then out of the frames into one contiguous vector) and scans it once for NaN/Inf (per 64 KiB chunk, right after its copy). FrameEncoder reuses its frame buffer (frames valid until the next encode; RTCDataChannel.send copies synchronously). With reuseBuffers the Reassembler recycles its payload buffers (a delivered payload is valid until the next delivery, so a consumer must copy it at once; the browser leaves it off); without it, it allocates one per message. encodeMessage allocates a fresh frame buffer per message.',
    `reuseBuffers: reassembly ${round(reused.decode)} ms instead of ${round(fresh.decode)} ms; copy/codec ${round(reused.ratio)} instead of ${round(fresh.ratio)}; against a set() into an existing array ${round(reused.reusedRatio)} instead of ${round(fresh.reusedRatio)}.`,
    `Read the target with care: its baseline allocates 4 MB per repeat, and what that costs depends on the allocator's state more than on anything measured: ${round(Math.min(...copies))} to ${round(Math.max(...copies))} ms across the groups of this run (recycled memory vs fresh pages that fault in; a loop whose codec allocates nothing leaves the baseline alone with fresh pages). The set() into an existing array does not swing (the 'reused copy' column); against it the codec cannot reach 0.5 in JS: it makes two copies (the encoder's into frames, the reassembler's out of them), each about that copy's cost, plus the NaN/Inf scan (second table), which costs more than either copy: about 0.3 at best.`,
    'f64 rows send the same values widened to float64 (twice the bytes, and the widening itself); f16 and q8 convert per element and are listed for information only.',
    'The machine is shared (2 cores, other jobs running): timings swing between runs, so compare the columns of one run.',
  ];
  if (reused.ratio < TARGET_RATIO) {
    notes.push(
      'Target missed in this run. What is left is mandatory (see above: two copies and a scan against one allocation and one copy). Going further would need a SIMD (WebAssembly) scan over payload buffers kept in WebAssembly memory.',
    );
  }
  return notes;
}

export const section: BenchSection = {
  name: 'codec',
  description: 'frame encode + reassembly of a 1M-float vector vs a plain Float32Array copy; NaN/Inf scan variants',
  async run(log) {
    const source = seededValues(ELEMENTS);
    return [codecResult(source, log), scanResult(source)];
  },
};
