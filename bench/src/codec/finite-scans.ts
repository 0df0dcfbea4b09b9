/**
 * The NaN/±Inf scan, the Reassembler's one pass over every received vector: the production loop next to
 * the alternatives considered, each over the same 1M float32 values, called once per 64 KiB chunk as the
 * Reassembler calls it (plus one whole-vector call). Every variant is its own function so each keeps its
 * own JIT feedback; the "one loop for both types" row is warmed on Float64Array first, as a receiver that
 * gets models (f32) and running sums (f64) would be.
 */
import { WasmPayloadMemories, allFinite, finiteScanModule, rangeFinite, simdRangeFinite } from '@canopy/protocol';
import type { BenchResult, Cell } from '../../section';

type Scan = (values: Float32Array, from: number, to: number) => boolean;

function timesZeroBothTypes(values: Float32Array | Float64Array, from: number, to: number): boolean {
  let a = 0;
  let b = 0;
  let c = 0;
  let d = 0;
  const unrolled = to - ((to - from) % 4);
  let i = from;
  for (; i < unrolled; i += 4) {
    a += values[i]! * 0;
    b += values[i + 1]! * 0;
    c += values[i + 2]! * 0;
    d += values[i + 3]! * 0;
  }
  for (; i < to; i++) a += values[i]! * 0;
  return a + b + c + d === 0;
}

function selfDifference(values: Float32Array, from: number, to: number): boolean {
  let a = 0;
  let b = 0;
  let c = 0;
  let d = 0;
  const unrolled = to - ((to - from) % 4);
  let i = from;
  for (; i < unrolled; i += 4) {
    const w = values[i]!;
    const x = values[i + 1]!;
    const y = values[i + 2]!;
    const z = values[i + 3]!;
    a += w - w;
    b += x - x;
    c += y - y;
    d += z - z;
  }
  for (; i < to; i++) {
    const w = values[i]!;
    a += w - w;
  }
  return a + b + c + d === 0;
}

/** Integer exponent test: the biased exponent + 1 reaches 256 (bit 8) only for an all-ones exponent. */
function exponentBits(words: Int32Array, from: number, to: number): boolean {
  let a = 0;
  let b = 0;
  let c = 0;
  let d = 0;
  const unrolled = to - ((to - from) % 4);
  let i = from;
  for (; i < unrolled; i += 4) {
    a |= ((words[i]! >>> 23) & 0xff) + 1;
    b |= ((words[i + 1]! >>> 23) & 0xff) + 1;
    c |= ((words[i + 2]! >>> 23) & 0xff) + 1;
    d |= ((words[i + 3]! >>> 23) & 0xff) + 1;
  }
  for (; i < to; i++) a |= ((words[i]! >>> 23) & 0xff) + 1;
  return ((a | b | c | d) & 0x100) === 0;
}

function isFiniteLoop(values: Float32Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!Number.isFinite(values[i]!)) return false;
  return true;
}

interface ScanVariant {
  readonly label: string;
  /** One full pass over `values`; true when all are finite. */
  readonly run: (values: Float32Array, words: Int32Array) => boolean;
}

/**
 * The Reassembler's in-place SIMD scan: `values` copied once into WebAssembly memory (the variant scans
 * that copy, so every variant sees the same numbers), scanned per chunk. undefined without SIMD.
 */
function simdInPlace(): ScanVariant | undefined {
  const module = finiteScanModule();
  if (module === undefined) return undefined;
  const memories = new WasmPayloadMemories(module, 2);
  const copies = new WeakMap<Float32Array, { view: Float32Array; scan: NonNullable<ReturnType<WasmPayloadMemories['scannerOf']>> }>();
  const inWasm = (values: Float32Array) => {
    let copy = copies.get(values);
    if (copy === undefined) {
      const bytes = memories.allocate(values.byteLength)!;
      bytes.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
      copy = { view: new Float32Array(bytes.buffer, 0, values.length), scan: memories.scannerOf(bytes)! };
      copies.set(values, copy);
    }
    return copy;
  };
  return {
    label: 'WebAssembly SIMD (i32x4 exponent mask), in place, per chunk (Reassembler default)',
    run: (values) => {
      const { view, scan } = inWasm(values);
      let ok = true;
      for (let from = 0; from < view.length; from += CHUNK) ok = simdRangeFinite(scan, view, from * 4, (Math.min(view.length, from + CHUNK) - from) * 4) && ok;
      return ok;
    },
  };
}

/** Elements per 64 KiB frame (the default chunk's payload). */
const CHUNK = 65_504 / 4;

function perChunk(scan: Scan): (values: Float32Array) => boolean {
  return (values) => {
    let ok = true;
    for (let from = 0; from < values.length; from += CHUNK) ok = scan(values, from, Math.min(values.length, from + CHUNK)) && ok;
    return ok;
  };
}

const PRODUCTION = 'x * 0, 4 accumulators, one call per chunk (rangeFinite: the JS fallback)';

const VARIANTS: readonly ScanVariant[] = [
  { label: PRODUCTION, run: perChunk(rangeFinite) },
  { label: 'x * 0, one call over the whole vector (allFinite)', run: (values) => allFinite(values) },
  { label: 'x * 0, one loop for f32 and f64 (warmed on both), per chunk', run: perChunk(timesZeroBothTypes) },
  { label: 'x - x, 4 accumulators, per chunk', run: perChunk(selfDifference) },
  {
    label: 'integer exponent test on an Int32Array view, per chunk',
    run: (_values, words) => {
      let ok = true;
      for (let from = 0; from < words.length; from += CHUNK) ok = exponentBits(words, from, Math.min(words.length, from + CHUNK)) && ok;
      return ok;
    },
  },
  { label: 'Number.isFinite per element, per chunk', run: perChunk(isFiniteLoop) },
  ...[simdInPlace()].filter((v) => v !== undefined),
];

const WARMUP = 20;
const REPEATS = 41;

function median(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

export function scanResult(source: Float32Array): BenchResult {
  const values = Float32Array.from(source);
  const words = new Int32Array(values.buffer);
  const poisoned = Float32Array.from(source);
  poisoned[poisoned.length - 3] = Number.NaN;
  for (let i = 0; i < 20; i++) timesZeroBothTypes(new Float64Array(CHUNK), 0, CHUNK);
  const times = VARIANTS.map(() => [] as number[]);
  for (let repeat = 0; repeat < WARMUP + REPEATS; repeat++) {
    // Rotate the order so no variant always runs right after the same neighbour.
    for (let k = 0; k < VARIANTS.length; k++) {
      const index = (k + repeat) % VARIANTS.length;
      const started = performance.now();
      const finite = VARIANTS[index]!.run(values, words);
      const elapsed = performance.now() - started;
      if (!finite) throw new Error(`${VARIANTS[index]!.label}: finite values reported non-finite`);
      if (repeat >= WARMUP) times[index]!.push(elapsed);
    }
  }
  for (const variant of VARIANTS) {
    if (variant.run(poisoned, new Int32Array(poisoned.buffer))) throw new Error(`${variant.label}: missed a NaN`);
  }
  const medians = times.map(median);
  const production = medians[0]!;
  const rows: Cell[][] = VARIANTS.map((variant, i) => [variant.label, round(medians[i]!), round((medians[i]! * 1e6) / values.length), round(medians[i]! / production)]);
  return {
    title: `NaN/±Inf scan of ${values.length.toLocaleString('en')} float32 values`,
    columns: ['variant', 'ms', 'ns / element', 'vs JS rangeFinite'],
    rows,
    targets: [],
    notes: [
      `${WARMUP} warm-up + ${REPEATS} measured passes per variant, medians; variants interleaved in rotating order. Every variant also had to find one NaN.`,
      'Separate processes differ more than these rows do: over the same 1M floats in 16 fresh processes (best of 250 passes each), one call per 64 KiB chunk took 0.44-0.67 ms every time, one call over all 4 MB 0.34-0.63 ms in 9 processes and 1.8-3.1 ms in 7 (presumably where the JIT settled). That is one reason the Reassembler checks each chunk right after copying it; the other is that a completed message needs no second pass.',
    ],
  };
}

const round = (x: number): number => Number(x.toPrecision(3));
