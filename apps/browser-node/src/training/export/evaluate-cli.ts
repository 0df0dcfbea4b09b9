/**
 * `pnpm evaluate DIR [--json]`: loads a model saved by Canopy (DIR/model.json, weights.bin, canopy.json) with
 * tfjs, as any user of the files would, and scores it on its dataset's held-out split (the one every node
 * evaluates on). Prints what the metadata claims next to what was measured.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { activateBackend } from '../backend/backends';
import { splitDataset } from '../data/dataset';
import { loadDatasetFromDisk } from '../data/node-asset';
import { TEXT_HELD_OUT_WINDOWS } from '../text-task';
import { evaluateLayersModel, evaluateTextLayersModel } from './evaluate-layers-model';
import { loadModelFiles, METADATA_FILE, MODEL_FILE, WEIGHTS_FILE, type ModelMetadata } from './model-files';

async function main(argv: readonly string[]): Promise<number> {
  const json = argv.includes('--json');
  const dirArg = argv.find((arg) => !arg.startsWith('--'));
  if (dirArg === undefined || argv.includes('--help')) {
    console.error('usage: pnpm evaluate DIR [--json]   (DIR holds model.json, weights.bin and canopy.json)');
    return 2;
  }
  const dir = resolve(process.env['INIT_CWD'] ?? process.cwd(), dirArg);
  for (const file of [MODEL_FILE, WEIGHTS_FILE, METADATA_FILE]) {
    if (!existsSync(join(dir, file))) {
      console.error(`${join(dir, file)} is missing: save a model from a node page, the dashboard or \`pnpm demo --save DIR\``);
      return 2;
    }
  }
  const metadata = JSON.parse(readFileSync(join(dir, METADATA_FILE), 'utf8')) as ModelMetadata;
  const backend = await activateBackend('wasm');
  if (!backend.ok) await activateBackend('cpu');
  const weights = readFileSync(join(dir, WEIGHTS_FILE));
  const model = await loadModelFiles(readFileSync(join(dir, MODEL_FILE), 'utf8'), weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength));
  try {
    const { heldOut } = splitDataset(loadDatasetFromDisk(metadata.dataset));
    // The text model is scored per character on the held-out windows a tab evaluates, so the figures compare.
    const measured = metadata.model === 'transformer' ? await evaluateTextLayersModel(model, heldOut, TEXT_HELD_OUT_WINDOWS) : await evaluateLayersModel(model, heldOut);
    if (json) {
      console.log(JSON.stringify({ dataset: metadata.dataset, model: metadata.model, claimed: metadata.heldOut, measured }));
    } else {
      const claimed = metadata.heldOut === null ? 'not recorded' : `${(metadata.heldOut.accuracy * 100).toFixed(2)}%`;
      console.log(`${metadata.model} on ${metadata.dataset} (run ${metadata.runId} of room ${metadata.room}, ${metadata.steps} steps, ${metadata.algorithm})`);
      console.log(`held-out accuracy: ${(measured.accuracy * 100).toFixed(2)}% over ${measured.samples} samples (recorded at save: ${claimed}); loss ${measured.loss.toFixed(4)}`);
      if (metadata.model === 'transformer') console.log(`bits per character: ${(measured.loss / Math.LN2).toFixed(3)} (next-character accuracy above)`);
    }
    return 0;
  } finally {
    model.dispose();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`evaluate: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
